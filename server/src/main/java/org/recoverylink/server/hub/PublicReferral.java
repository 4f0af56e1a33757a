package org.recoverylink.server.hub;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * A referral made through the public pages (docs/front-door.md) by the person, a family member
 * or friend, or an agency, as plain values: {@link #serviceRequest} writes it as the
 * ServiceRequest a GP system would send, so it is taken in, stored, delivered and read back
 * exactly as theirs is.
 *
 * @param reference     the reference the person can quote: the referral's identifier
 * @param source        who is referring, for the router and the commissioner's report (the
 *                      agency's own kind, e.g. police or housing, is {@code agency})
 * @param agency        for an agency's referral, the agency's kind ({@code police},
 *                      {@code housing}, ...), kept for the report's breakdown by agency
 * @param person        who the referral is for
 * @param substances    the substances, the main one first
 * @param circumstances what the router takes into account
 * @param flags         urgent risk, and what the self-check found
 * @param contact       how the service may contact the person: only the channels marked safe
 * @param referrer      the family member, friend or agency worker referring, if not the person
 * @param selfCheck     the self-check's result, if the person did it first
 * @param notes         the answers in the person's (or referrer's) words, for the service
 */
public record PublicReferral(String reference, ReferralSource source, Optional<String> agency,
    Person person, List<Substance> substances, Set<Circumstance> circumstances,
    Set<FlagCode> flags, Contact contact, Optional<Referrer> referrer,
    Optional<SelfCheckResult> selfCheck, List<String> notes) {

  /** The system of {@link #reference}, the identifier of every referral made on the pages. */
  public static final String REFERENCE_SYSTEM = "https://recoverylink.org/fhir/Id/online-referral";
  /**
   * The referring organisation of every referral made on the pages: not an ODS code but the
   * pages' own, so the worklist and reports tell them apart from GP referrals.
   */
  public static final String ORGANISATION = "RECOVERYLINK-ONLINE";

  public PublicReferral {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(agency, "agency");
    Objects.requireNonNull(person, "person");
    substances = List.copyOf(substances);
    circumstances = Set.copyOf(circumstances);
    flags = Set.copyOf(flags);
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(referrer, "referrer");
    Objects.requireNonNull(selfCheck, "selfCheck");
    notes = List.copyOf(notes);
  }

  /**
   * The person referred, placed by their postcode, or when they gave none by the district
   * chosen (its name as the directory spells it); neither when not known or outside the area
   * (the router sends such a referral to the single point of contact).
   */
  public record Person(String givenName, String familyName, LocalDate birthDate,
      Optional<String> postcode, Optional<String> district, Optional<String> nhsNumber) {
  }

  /**
   * How the person may be contacted.
   *
   * @param phone           their phone number, if calls or texts are safe
   * @param email           their email address, if email is safe
   * @param safeChannels    the channels marked safe: {@code call}, {@code text}, {@code email}
   * @param safeTimes       when contact is safe, in their words
   * @param leaveMessage    whether a message may be left
   */
  public record Contact(Optional<String> phone, Optional<String> email, Set<String> safeChannels,
      String safeTimes, boolean leaveMessage) {

    public Contact {
      safeChannels = Set.copyOf(safeChannels);
    }
  }

  /** The family member, friend or agency worker making the referral. */
  public record Referrer(String name, String relationshipOrRole, Optional<String> organisation,
      String phoneOrEmail) {
  }

  /** The self-check's result: the instrument ({@code audit-c} or {@code audit}) and its band. */
  public record SelfCheckResult(String instrument, int total, String band) {
  }

  /** The referral as a ServiceRequest, everything about it contained. */
  public ServiceRequest serviceRequest() {
    ServiceRequest request = new ServiceRequest();
    request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    request.setPriority(flags.contains(FlagCode.URGENT_RISK)
        ? ServiceRequest.ServiceRequestPriority.URGENT
        : ServiceRequest.ServiceRequestPriority.ROUTINE);
    request.addIdentifier().setSystem(REFERENCE_SYSTEM).setValue(reference);

    Patient patient = new Patient();
    patient.setId("person");
    patient.addName().setFamily(person.familyName()).addGiven(person.givenName());
    patient.setBirthDateElement(new DateType(person.birthDate().getYear(),
        person.birthDate().getMonthValue() - 1, person.birthDate().getDayOfMonth()));
    if (person.postcode().isPresent() || person.district().isPresent()) {
      Address address = patient.addAddress();
      person.postcode().ifPresent(address::setPostalCode);
      person.district().ifPresent(address::setDistrict);
    }
    person.nhsNumber().ifPresent(n -> patient.addIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue(n)));
    if (contact.safeChannels().contains("call") || contact.safeChannels().contains("text")) {
      contact.phone().ifPresent(p -> patient.addTelecom().setSystem(
          ContactPoint.ContactPointSystem.PHONE).setValue(p));
    }
    if (contact.safeChannels().contains("email")) {
      contact.email().ifPresent(e -> patient.addTelecom().setSystem(
          ContactPoint.ContactPointSystem.EMAIL).setValue(e));
    }
    request.addContained(patient);
    request.setSubject(new Reference("#person"));

    Organization pages = new Organization();
    pages.setId("referrer");
    pages.setName("RecoveryLink online referral");
    pages.addIdentifier().setSystem(Systems.ODS).setValue(ORGANISATION);
    request.addContained(pages);
    request.setRequester(new Reference("#referrer"));

    Consent consent = new Consent();
    consent.setId("consent");
    consent.setStatus(Consent.ConsentState.ACTIVE);
    // the person's agreement to share with the service chosen: a privacy consent, opted in
    consent.setScope(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy",
        "Privacy Consent")));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0",
        "Patient Consent")));
    consent.setPatient(new Reference("#person"));
    consent.setPolicyRule(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    request.addContained(consent);
    request.addSupportingInfo(new Reference("#consent"));

    for (Substance substance : substances) {
      request.addReasonCode(new CodeableConcept(new Coding(CodeSystems.SUBSTANCE,
          substance.code(), substance.display())));
    }
    int n = 0;
    for (FlagCode code : flags) {
      Flag flag = new Flag();
      flag.setId("flag-" + n++);
      flag.setStatus(Flag.FlagStatus.ACTIVE);
      flag.setCode(new CodeableConcept(new Coding(CodeSystems.FLAG, code.code(),
          code.display())));
      flag.setSubject(new Reference("#person"));
      request.addContained(flag);
      request.addSupportingInfo(new Reference("#" + flag.getId()));
    }
    selfCheck.ifPresent(result -> {
      Observation score = new Observation();
      score.setId("self-check");
      score.setStatus(Observation.ObservationStatus.FINAL);
      Instruments.require(result.instrument()).totalCode().ifPresent(code ->
          score.getCode().addCoding(new Coding(Systems.LOINC, code, null)));
      score.getCode().setText(Instruments.require(result.instrument()).title()
          + ", self-completed online");
      score.setValue(new IntegerType(result.total()));
      score.addInterpretation(new CodeableConcept(new Coding(CodeSystems.RISK_BAND,
          result.band(), null)));
      score.setSubject(new Reference("#person"));
      request.addContained(score);
      request.addSupportingInfo(new Reference("#self-check"));
    });
    request.addNote(new Annotation().setText("Referred online by: " + source.display()
        + referrer.map(r -> " - " + r.name() + " (" + r.relationshipOrRole()
            + r.organisation().map(o -> ", " + o).orElse("") + "), contact " + r.phoneOrEmail())
            .orElse("")));
    for (Circumstance circumstance : circumstances) {
      request.addNote(new Annotation().setText("Circumstance: " + circumstance.display()));
    }
    request.addNote(new Annotation().setText("Safe contact: "
        + (contact.safeChannels().isEmpty() ? "none marked safe: do not contact directly"
            : String.join(", ", contact.safeChannels().stream().sorted().toList()))
        + "; safe times: " + (contact.safeTimes().isBlank() ? "any" : contact.safeTimes())
        + "; may leave a message: " + (contact.leaveMessage() ? "yes" : "no")));
    notes.forEach(note -> request.addNote(new Annotation().setText(note)));
    return request;
  }
}
