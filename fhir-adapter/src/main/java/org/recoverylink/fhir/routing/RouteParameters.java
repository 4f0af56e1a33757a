package org.recoverylink.fhir.routing;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.routing.Destination;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.OperationInput.Slot;
import org.recoverylink.fhir.io.OperationInput;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * {@code ServiceRequest/$route} in FHIR terms: its {@code Parameters} read into a core
 * {@link RouteRequest}, and a {@link RouteDecision} written back as {@code Parameters}.
 *
 * <p>In: {@code patient} (1, with birthDate; its postcode places the person unless
 * {@code district} is given), {@code district}, {@code assessment} (a result Bundle of
 * {@code $assess}: its Flags and RequestGroup actions are taken over), {@code substance},
 * {@code circumstance}, {@code referral-source}. Out: one {@code service} per destination
 * (healthcareService, role, reason, urgent), then {@code district}, {@code quadrant}, the
 * steps to {@code offer} alongside, and the {@code rule-set} and {@code directory} versions
 * that decided it.
 */
public final class RouteParameters {

  /** Ages are taken on the day in England. */
  public static final ZoneId ENGLAND = England.ZONE;

  private RouteParameters() {
  }

  /**
   * The routing request these parameters make, as on {@code today}.
   *
   * @throws InvalidFhirInputException listing every problem of every parameter
   */
  public static RouteRequest read(Parameters parameters, LocalDate today) {
    Extensions.refuseUnknown(parameters);
    OperationInput input = OperationInput.of(parameters, "$route", Slot.one("patient"),
        Slot.optional("district"), Slot.optional("assessment"), Slot.many("substance", false),
        Slot.many("circumstance", false), Slot.optional("referral-source"));
    Optional<Map.Entry<String, Patient>> patient = input.resources("patient", Patient.class)
        .entrySet().stream().findFirst();
    LocalDate birthDate = patient.map(p -> birthDate(p.getValue(), p.getKey(), input, today))
        .orElse(null);
    RouteRequest.Builder request = RouteRequest.builder(
        birthDate == null ? today : birthDate, today);
    input.text("district").ifPresent(request::district);
    patient.flatMap(p -> postcode(p.getValue())).ifPresent(request::postcode);
    input.codes("substance", CodeSystems.SUBSTANCE, Substance.class)
        .forEach(request::substances);
    input.codes("circumstance", CodeSystems.CIRCUMSTANCE, Circumstance.class)
        .forEach(request::circumstances);
    input.codes("referral-source", CodeSystems.REFERRAL_SOURCE, ReferralSource.class)
        .forEach(request::source);
    input.resource("assessment", Bundle.class).ifPresent(bundle -> assessment(bundle, request));
    input.ifInvalidThrow();
    return request.build();
  }

  private static LocalDate birthDate(Patient patient, String resourceAt, OperationInput input,
      LocalDate today) {
    String at = resourceAt + ".birthDate";
    if (!patient.hasBirthDate()) {
      input.problem(FhirIssue.error(IssueType.REQUIRED, at, "the patient's birthDate is"
          + " needed: services are for adults or for young people"));
      return null;
    }
    DateType given = patient.getBirthDateElement();
    if (given.getPrecision() != TemporalPrecisionEnum.DAY) {
      input.problem(FhirIssue.error(IssueType.VALUE, at, "the birthDate must be a full date:"
          + " a year or month alone leaves the age either side of 18"));
      return null;
    }
    LocalDate birthDate = LocalDate.of(given.getYear(), given.getMonth() + 1, given.getDay());
    Optional<String> problem = RouteRequest.birthDateProblem(birthDate, today);
    problem.ifPresent(p -> input.problem(FhirIssue.error(IssueType.VALUE, at, p)));
    return problem.isPresent() ? null : birthDate;
  }

  /** The postcode of the patient's home address, else of any address that has one. */
  private static Optional<String> postcode(Patient patient) {
    return patient.getAddress().stream()
        .filter(Address::hasPostalCode)
        .sorted((a, b) -> Boolean.compare(b.getUse() == Address.AddressUse.HOME,
            a.getUse() == Address.AddressUse.HOME))
        .map(Address::getPostalCode)
        .findFirst();
  }

  /** Takes over the flags and the advised steps of an {@code $assess} result Bundle. */
  private static void assessment(Bundle bundle, RouteRequest.Builder request) {
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      if (entry.getResource() instanceof Flag flag) {
        for (Coding coding : flag.getCode().getCoding()) {
          CodeSystems.decode(CodeSystems.FLAG, coding, FlagCode.class)
              .ifPresent(request::flags);
        }
      } else if (entry.getResource() instanceof RequestGroup group) {
        for (RequestGroup.RequestGroupActionComponent action : group.getAction()) {
          for (var code : action.getCode()) {
            for (Coding coding : code.getCoding()) {
              CodeSystems.decode(CodeSystems.ACTION, coding, ActionCode.class)
                  .ifPresent(request::advice);
            }
          }
        }
      }
    }
  }

  /** The decision as the operation's output Parameters. */
  public static Parameters write(RouteDecision decision) {
    Parameters out = new Parameters();
    for (Destination destination : decision.destinations()) {
      ParametersParameterComponent service = out.addParameter().setName("service");
      service.addPart().setName("healthcareService").setValue(
          new Reference("HealthcareService/" + destination.service().id())
              .setDisplay(destination.service().name()));
      service.addPart().setName("role").setValue(new CodeType(destination.role().code()));
      for (String reason : destination.reasons()) {
        service.addPart().setName("reason").setValue(new StringType(reason));
      }
      service.addPart().setName("urgent").setValue(new BooleanType(destination.urgent()));
    }
    decision.district().ifPresent(district -> {
      out.addParameter().setName("district").setValue(new StringType(district.name()));
      out.addParameter().setName("district-code").setValue(new CodeType(district.code()));
    });
    decision.area().ifPresent(area ->
        out.addParameter().setName("quadrant").setValue(new StringType(area)));
    for (String why : decision.urgency()) {
      out.addParameter().setName("urgency").setValue(new StringType(why));
    }
    for (ActionCode offer : decision.offers()) {
      out.addParameter().setName("offer").setValue(
          CodeSystems.coding(CodeSystems.ACTION, offer));
    }
    out.addParameter().setName("rule-set").setValue(new StringType(decision.rules().toString()));
    out.addParameter().setName("directory").setValue(
        new StringType(decision.directory().toString()));
    return out;
  }
}
