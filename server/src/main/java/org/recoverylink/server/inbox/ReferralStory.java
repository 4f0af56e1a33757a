package org.recoverylink.server.inbox;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.nhs.England;
import org.recoverylink.fhir.terminology.Systems;

/**
 * A referral as the inbox tells it, read once from the ServiceRequest the hub stored (whoever
 * sent it: a GP system, a BaRS message or the public pages), in plain values.
 *
 * @param name        the person's name, or "Name not given"
 * @param birthDate   their date of birth, if given in full
 * @param nhsNumber   their NHS number, if given
 * @param address     their postcode and district, as given
 * @param contact     the phone numbers and email addresses given (the public pages keep only
 *                    those the person marked safe)
 * @param urgent      whether the referral is urgent
 * @param substances  the substances, the main one first
 * @param flags       what the referrer's assessment raised, e.g. urgent risk
 * @param results     screening results: the instrument, the score and its band
 * @param referrer    who referred: organisation and ODS code, or the public pages
 * @param notes       everything the referrer wrote (circumstances, safe contact, their words)
 * @param received    when the hub took it in
 */
public record ReferralStory(String name, Optional<LocalDate> birthDate, Optional<String> nhsNumber,
    Optional<String> address, List<String> contact, boolean urgent, List<String> substances,
    List<String> flags, List<String> results, String referrer, List<String> notes,
    Instant received) {

  public ReferralStory {
    contact = List.copyOf(contact);
    substances = List.copyOf(substances);
    flags = List.copyOf(flags);
    results = List.copyOf(results);
    notes = List.copyOf(notes);
  }

  private static final ZoneId ENGLAND = England.ZONE;

  /** Reads the story of a stored referral. */
  public static ReferralStory of(ServiceRequest request, Instant received) {
    Optional<Patient> patient = contained(request, request.getSubject())
        .filter(Patient.class::isInstance).map(Patient.class::cast);
    String name = patient.flatMap(p -> p.getName().stream().findFirst())
        .map(HumanName::getNameAsSingleString).filter(n -> !n.isBlank())
        .orElse("Name not given");
    Optional<LocalDate> birth = patient.filter(Patient::hasBirthDate)
        .map(p -> p.getBirthDateElement())
        .filter(d -> d.getPrecision() == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY)
        .map(d -> LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay()));
    Optional<String> nhs = patient.flatMap(p -> Systems.value(p.getIdentifier(),
        Systems.NHS_NUMBER));
    Optional<String> address = patient.flatMap(p -> p.getAddress().stream().findFirst())
        .map(ReferralStory::address).filter(a -> !a.isBlank());
    List<String> contact = new ArrayList<>();
    patient.ifPresent(p -> p.getTelecom().forEach(t -> contact.add(
        (t.getSystem() == ContactPoint.ContactPointSystem.EMAIL ? "Email: " : "Phone: ")
            + t.getValue())));
    List<String> substances = request.getReasonCode().stream().map(ReferralStory::text)
        .filter(t -> !t.isBlank()).toList();
    List<String> flags = new ArrayList<>();
    List<String> results = new ArrayList<>();
    for (Resource resource : request.getContained()) {
      if (resource instanceof Flag flag) {
        flags.add(text(flag.getCode()));
      } else if (resource instanceof Observation score && score.hasValueIntegerType()) {
        results.add(text(score.getCode()) + ": " + score.getValueIntegerType().getValue()
            + score.getInterpretation().stream().findFirst().map(ReferralStory::text)
                .filter(t -> !t.isBlank()).map(band -> " (" + band + ")").orElse(""));
      }
    }
    List<String> notes = request.getNote().stream().map(n -> n.getText())
        .filter(t -> t != null && !t.isBlank()).toList();
    return new ReferralStory(name, birth, nhs, address, contact,
        request.getPriority() == ServiceRequest.ServiceRequestPriority.URGENT
            || request.getPriority() == ServiceRequest.ServiceRequestPriority.STAT
            || request.getPriority() == ServiceRequest.ServiceRequestPriority.ASAP,
        substances, flags, results, referrer(request), notes, received);
  }

  /** The person's age in whole years on {@code day}, if their birth date is known. */
  public Optional<Integer> age(LocalDate day) {
    return birthDate.map(b -> java.time.Period.between(b, day).getYears());
  }

  /** The day it came in, in England. */
  public LocalDate receivedOn() {
    return LocalDate.ofInstant(received, ENGLAND);
  }

  private static String referrer(ServiceRequest request) {
    Optional<Resource> requester = contained(request, request.getRequester());
    if (requester.isPresent() && requester.get() instanceof Organization org) {
      return org.getName() + Systems.value(org.getIdentifier(), Systems.ODS)
          .map(ods -> " (" + ods + ")").orElse("");
    }
    if (requester.isPresent() && requester.get() instanceof PractitionerRole role) {
      Reference organisation = role.getOrganization();
      Optional<Resource> org = contained(request, organisation);
      String orgName = org.filter(Organization.class::isInstance)
          .map(o -> ((Organization) o).getName()).orElse(organisation.getDisplay());
      return (role.getPractitioner().hasDisplay() ? role.getPractitioner().getDisplay() + ", "
          : "") + (orgName == null ? "" : orgName) + (organisation.hasIdentifier()
              ? " (" + organisation.getIdentifier().getValue() + ")" : "");
    }
    return request.getRequester().hasDisplay() ? request.getRequester().getDisplay()
        : "Not given";
  }

  private static String address(Address address) {
    List<String> parts = new ArrayList<>();
    address.getLine().forEach(l -> parts.add(l.getValue()));
    if (address.hasCity()) {
      parts.add(address.getCity());
    }
    if (address.hasDistrict()) {
      parts.add(address.getDistrict());
    }
    if (address.hasPostalCode()) {
      parts.add(address.getPostalCode());
    }
    return String.join(", ", parts);
  }

  private static String text(CodeableConcept concept) {
    if (concept.hasText()) {
      return concept.getText();
    }
    return concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(t -> t != null && !t.isBlank()).findFirst().orElse("");
  }

  private static Optional<Resource> contained(ServiceRequest request, Reference reference) {
    if (reference == null || !reference.hasReference()
        || !reference.getReference().startsWith("#")) {
      return Optional.empty();
    }
    String id = reference.getReference().substring(1);
    return request.getContained().stream().filter(r -> id.equals(r.getIdElement().getIdPart())
        || ("#" + id).equals(r.getId())).findFirst();
  }
}
