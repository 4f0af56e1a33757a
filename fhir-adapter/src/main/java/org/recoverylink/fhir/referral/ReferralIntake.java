package org.recoverylink.fhir.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.fhir.Extensions;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Takes in a referral as docs/http-api.md "Refer" has it sent: checks everything at once and
 * decides the receiving service. The person comes as a contained Patient (valid NHS number, birth
 * date), the referrer as a contained Organization or PractitionerRole with the caller's own ODS
 * code, the person's agreement as a contained active permit Consent; the assessment (Observations,
 * Flags, the response) may come contained too, and travels on with the referral. A named performer
 * must be a directory service that can take the person; with none, the router chooses.
 */
public final class ReferralIntake {

  /**
   * The longest identifier system and value a referral may carry (what the store keeps for its
   * once-per-identifier rule); longer is 422, never cut: a cut identifier could match another.
   */
  public static final int MAX_IDENTIFIER_SYSTEM = 300;
  public static final int MAX_IDENTIFIER_VALUE = 200;

  private final Router router;

  public ReferralIntake(Router router) {
    this.router = router;
  }

  /**
   * A referral that passed intake.
   *
   * @param sent       the ServiceRequest as sent (not modified)
   * @param nhsNumber  the person's NHS number, 10 digits
   * @param requester  the referring organisation's ODS code
   * @param identifier the sender's identifier of the referral, if it gave one
   * @param service    the receiving service
   * @param why        why that service: the router's reasons, or that the referrer named it
   * @param substances the substances the referral names
   * @param flags      the flags its assessment raised
   * @param screened   whether it carries a screening score (a contained Observation with an
   *                   instrument's total-score code): a referral made after screening
   */
  public record Admitted(ServiceRequest sent, String nhsNumber, String requester,
      Optional<Identifier> identifier, Service service, List<String> why,
      List<Substance> substances, List<FlagCode> flags, boolean screened) {

    public Admitted {
      substances = List.copyOf(substances);
      flags = List.copyOf(flags);
    }
  }

  /**
   * Checks a referral from {@code caller} (the ODS code of the token's organisation), received
   * on {@code today}.
   *
   * @throws InvalidFhirInputException listing every problem, when it cannot be taken in
   */
  public Admitted admit(ServiceRequest sent, String caller, LocalDate today) {
    Extensions.refuseUnknown(sent);
    List<FhirIssue> issues = new ArrayList<>();
    if (sent.getStatus() != ServiceRequest.ServiceRequestStatus.ACTIVE) {
      issues.add(FhirIssue.error(IssueType.VALUE, "ServiceRequest.status",
          "a new referral has status active"));
    }
    if (sent.getIntent() != ServiceRequest.ServiceRequestIntent.ORDER) {
      issues.add(FhirIssue.error(IssueType.VALUE, "ServiceRequest.intent",
          "a referral has intent order"));
    }
    Optional<Patient> patient = contained(sent, sent.getSubject(), Patient.class,
        "ServiceRequest.subject", "the person referred, as a contained Patient", issues);
    String nhsNumber = patient.flatMap(p -> nhsNumber(p, issues)).orElse(null);
    LocalDate birthDate = patient.filter(Patient::hasBirthDate)
        .map(p -> p.getBirthDateElement()).filter(d -> d.getPrecision()
            == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY)
        .map(d -> LocalDate.of(d.getYear(), d.getMonth() + 1, d.getDay()))
        .orElse(null);
    if (patient.isPresent() && birthDate == null) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "ServiceRequest.contained.where(id = '"
          + patient.get().getIdPart() + "').birthDate", "the person's full birth date is"
          + " required: services take people by age"));
    } else if (birthDate != null) {
      Optional<String> problem = RouteRequest.birthDateProblem(birthDate, today);
      if (problem.isPresent()) {
        issues.add(FhirIssue.error(IssueType.VALUE, "ServiceRequest.contained.where(id = '"
            + patient.get().getIdPart() + "').birthDate", problem.get()));
        birthDate = null;
      }
    }
    identifiers(sent, issues);
    String requester = requester(sent, caller, issues);
    consent(sent, issues);
    List<Substance> substances = substances(sent, issues);
    List<FlagCode> flags = flags(sent);

    RouteRequest route = birthDate == null ? null
        : route(patient.get(), birthDate, substances, flags, today);
    Service service = null;
    List<String> why = List.of();
    if (sent.getPerformer().size() > 1) {
      issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "ServiceRequest.performer",
          "name one service as performer, or none for the hub to route"));
    } else if (sent.hasPerformer()) {
      service = performer(sent.getPerformerFirstRep(), issues).orElse(null);
      if (service != null && route != null) {
        for (String problem : router.ineligibility(route, service)) {
          issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "ServiceRequest.performer[0]",
              problem));
        }
      }
      why = List.of("named by the referrer");
    } else if (route != null) {
      RouteDecision decision = router.route(route);
      service = decision.primary().service();
      why = decision.primary().reasons();
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    Optional<Identifier> identifier = sent.getIdentifier().stream()
        .filter(i -> i.hasSystem() && i.hasValue()).findFirst();
    return new Admitted(sent, nhsNumber, requester, identifier, service, why, substances,
        flags, screened(sent));
  }

  /**
   * The routing question a referral that passed intake asks: to route it again after a
   * rejection.
   */
  public RouteDecision reroute(ServiceRequest stored, java.util.Set<String> rejected,
      LocalDate today) {
    Patient patient = (Patient) resolve(stored, stored.getSubject()).orElseThrow();
    var birth = patient.getBirthDateElement();
    LocalDate birthDate = LocalDate.of(birth.getYear(), birth.getMonth() + 1, birth.getDay());
    return router.nextEligible(route(patient, birthDate,
        substances(stored, new ArrayList<>()), flags(stored), today), rejected);
  }

  private static RouteRequest route(Patient patient, LocalDate birthDate,
      List<Substance> substances, List<FlagCode> flags, LocalDate today) {
    RouteRequest.Builder builder = RouteRequest.builder(birthDate, today)
        .substances(substances.toArray(Substance[]::new))
        .flags(flags.toArray(FlagCode[]::new));
    patient.getAddress().stream().filter(a -> a.hasPostalCode()).findFirst()
        .ifPresent(a -> builder.postcode(a.getPostalCode()));
    return builder.build();
  }

  private static void identifiers(ServiceRequest sent, List<FhirIssue> issues) {
    for (int i = 0; i < sent.getIdentifier().size(); i++) {
      Identifier identifier = sent.getIdentifier().get(i);
      String at = "ServiceRequest.identifier[" + i + "]";
      if (identifier.hasSystem() && identifier.getSystem().length() > MAX_IDENTIFIER_SYSTEM) {
        issues.add(FhirIssue.error(IssueType.TOOLONG, at + ".system", "an identifier system"
            + " has at most " + MAX_IDENTIFIER_SYSTEM + " characters"));
      }
      if (identifier.hasValue() && identifier.getValue().length() > MAX_IDENTIFIER_VALUE) {
        issues.add(FhirIssue.error(IssueType.TOOLONG, at + ".value", "an identifier value"
            + " has at most " + MAX_IDENTIFIER_VALUE + " characters"));
      }
    }
  }

  private static Optional<String> nhsNumber(Patient patient, List<FhirIssue> issues) {
    String at = "ServiceRequest.contained.where(id = '" + patient.getIdPart() + "').identifier";
    Optional<String> given = Systems.value(patient.getIdentifier(), Systems.NHS_NUMBER);
    if (given.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, "the person's NHS number is required"
          + " (system " + Systems.NHS_NUMBER + ")"));
      return Optional.empty();
    }
    String digits = NhsNumber.digits(given.get());
    Optional<String> problem = NhsNumber.problem(digits);
    problem.ifPresent(p -> issues.add(FhirIssue.error(IssueType.VALUE, at, p)));
    return problem.isPresent() ? Optional.empty() : Optional.of(digits);
  }

  /** The referrer's ODS code, which must be the caller's own organisation. */
  private static String requester(ServiceRequest sent, String caller, List<FhirIssue> issues) {
    Reference reference = sent.getRequester();
    Optional<Resource> resource = resolve(sent, reference);
    Optional<String> ods = Optional.empty();
    if (resource.isPresent() && resource.get() instanceof Organization organization) {
      ods = Systems.value(organization.getIdentifier(), Systems.ODS);
    } else if (resource.isPresent() && resource.get() instanceof PractitionerRole role) {
      Reference organisation = role.getOrganization();
      ods = organisation.hasIdentifier()
          && Systems.ODS.equals(organisation.getIdentifier().getSystem())
          ? Optional.ofNullable(organisation.getIdentifier().getValue())
          : resolve(sent, organisation).filter(Organization.class::isInstance)
              .flatMap(o -> Systems.value(((Organization) o).getIdentifier(), Systems.ODS));
    }
    if (ods.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "ServiceRequest.requester", "the referrer"
          + " is required: a contained Organization, or PractitionerRole of one, with its ODS"
          + " code (system " + Systems.ODS + ")"));
      return null;
    }
    if (!ods.get().equals(caller)) {
      issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "ServiceRequest.requester",
          "the referrer must be your own organisation (" + caller + "), not " + ods.get()));
    }
    return ods.get();
  }

  /** The person's agreement to be referred: an active Consent that permits. */
  private static void consent(ServiceRequest sent, List<FhirIssue> issues) {
    boolean permitted = false;
    for (Reference info : sent.getSupportingInfo()) {
      if (resolve(sent, info).orElse(null) instanceof Consent consent
          && consent.getStatus() == Consent.ConsentState.ACTIVE
          && consent.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) {
        permitted = true;
      }
    }
    if (!permitted) {
      issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "ServiceRequest.supportingInfo",
          "the person's consent is required: a contained Consent with status active and"
              + " provision.type permit, referenced from supportingInfo"));
    }
  }

  /** Substances from reasonCode codings in our substance CodeSystem; others are left alone. */
  private static List<Substance> substances(ServiceRequest sent, List<FhirIssue> issues) {
    List<Substance> substances = new ArrayList<>();
    for (int i = 0; i < sent.getReasonCode().size(); i++) {
      List<Coding> codings = sent.getReasonCode().get(i).getCoding();
      for (int j = 0; j < codings.size(); j++) {
        Coding coding = codings.get(j);
        if (CodeSystems.SUBSTANCE.equals(coding.getSystem())) {
          String at = "ServiceRequest.reasonCode[" + i + "].coding[" + j + "]";
          Coded.fromCode(Substance.class, coding.getCode()).ifPresentOrElse(substances::add,
              () -> issues.add(FhirIssue.error(IssueType.CODEINVALID, at, "'"
                  + coding.getCode() + "' is not a code of " + CodeSystems.SUBSTANCE)));
        }
      }
    }
    return substances;
  }

  /** Flags raised by the assessment the referral carries (ours, contained). */
  private static List<FlagCode> flags(ServiceRequest sent) {
    List<FlagCode> flags = new ArrayList<>();
    for (Resource resource : sent.getContained()) {
      if (resource instanceof Flag flag && flag.getStatus() == Flag.FlagStatus.ACTIVE) {
        flag.getCode().getCoding().stream()
            .filter(c -> CodeSystems.FLAG.equals(c.getSystem()))
            .flatMap(c -> Coded.fromCode(FlagCode.class, c.getCode()).stream())
            .forEach(flags::add);
      }
    }
    return flags;
  }

  /** Whether a contained Observation is coded as an instrument's total score. */
  private static boolean screened(ServiceRequest sent) {
    return sent.getContained().stream()
        .filter(Observation.class::isInstance).map(Observation.class::cast)
        .flatMap(observation -> observation.getCode().getCoding().stream())
        .anyMatch(coding -> Systems.LOINC.equals(coding.getSystem())
                && Instruments.findByTotalCode(coding.getCode()).isPresent()
            || CodeSystems.SCORE.equals(coding.getSystem()));
  }

  /** A performer named as {@code HealthcareService/{id}} of the directory. */
  private Optional<Service> performer(Reference performer, List<FhirIssue> issues) {
    String reference = performer.getReference();
    String prefix = "HealthcareService/";
    if (reference == null || !reference.startsWith(prefix)) {
      issues.add(FhirIssue.error(IssueType.VALUE, "ServiceRequest.performer[0]", "the performer"
          + " is a directory service, as HealthcareService/{id}"));
      return Optional.empty();
    }
    String id = reference.substring(prefix.length());
    Optional<Service> service = router.directory().service(id);
    if (service.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.NOTFOUND, "ServiceRequest.performer[0]",
          "HealthcareService/" + id + " is not in the directory "
              + router.directory().version()));
    }
    return service;
  }

  private static <T extends Resource> Optional<T> contained(ServiceRequest sent,
      Reference reference, Class<T> type, String at, String what, List<FhirIssue> issues) {
    Optional<Resource> resource = resolve(sent, reference);
    if (resource.isPresent() && type.isInstance(resource.get())) {
      return Optional.of(type.cast(resource.get()));
    }
    issues.add(FhirIssue.error(IssueType.REQUIRED, at, what + " is required"));
    return Optional.empty();
  }

  /** The contained resource a {@code #id} reference points at. */
  static Optional<Resource> resolve(ServiceRequest sent, Reference reference) {
    if (reference == null || !reference.hasReference()
        || !reference.getReference().startsWith("#")) {
      return Optional.empty();
    }
    String id = reference.getReference().substring(1);
    return sent.getContained().stream()
        .filter(r -> id.equals(r.getIdElement().getIdPart())).findFirst();
  }
}
