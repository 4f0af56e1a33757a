package org.recoverylink.fhir.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
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
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.referral.Admission;
import org.recoverylink.core.referral.InvalidReferralException;
import org.recoverylink.core.referral.ReferralRules;
import org.recoverylink.core.referral.RoutingFacts;
import org.recoverylink.core.referral.Submission;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Takes in a referral as a FHIR ServiceRequest: reads it into a {@link Submission} for the
 * referral rules of {@code core} ({@link ReferralRules}) and answers their problems as FHIR
 * issues at the elements concerned. The person comes as a contained Patient (NHS number, birth
 * date, postcode), the referrer as a contained Organization or PractitionerRole with its ODS
 * code, the person's agreement as a contained active permit Consent; the assessment
 * (Observations, Flags, the response) may come contained too, and travels on with the referral.
 * A named performer is a directory service as {@code HealthcareService/{id}}. What is only
 * FHIR's (status, intent, identifier lengths, codes) is checked here.
 */
public final class ReferralIntake {

  /**
   * The longest identifier system and value a referral may carry (what the store keeps for its
   * once-per-identifier rule); longer is 422, never cut: a cut identifier could match another.
   */
  public static final int MAX_IDENTIFIER_SYSTEM = 300;
  public static final int MAX_IDENTIFIER_VALUE = 200;

  private static final String SERVICE = "HealthcareService/";

  private final ReferralRules rules;

  public ReferralIntake(Router router) {
    this.rules = new ReferralRules(router);
  }

  /** The rules this intake applies, e.g. to route a referral again. */
  public ReferralRules rules() {
    return rules;
  }

  /**
   * A referral that passed intake.
   *
   * @param sent       the ServiceRequest as sent (not modified)
   * @param admission  what the rules decided: the person, the referrer, the receiving service
   *                   and why, the routing facts
   * @param identifier the sender's identifier of the referral, if it gave one
   * @param substances the substances the referral names
   * @param flags      the flags its assessment raised
   * @param screened   whether it carries a screening score (a contained Observation with an
   *                   instrument's total-score code): a referral made after screening
   */
  public record Admitted(ServiceRequest sent, Admission admission,
      Optional<Identifier> identifier, List<Substance> substances, List<FlagCode> flags,
      boolean screened) {

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
    return admit(sent, caller, today, Set.of(), Optional.empty());
  }

  /**
   * Checks a referral as {@link #admit(ServiceRequest, String, LocalDate)} does, with what the
   * sender knows beside the ServiceRequest: the circumstances the router uses and who is
   * referring (a referral from the person, family or friends or an agency may come without an
   * NHS number: {@link ReferralRules}).
   *
   * @throws InvalidFhirInputException listing every problem, when it cannot be taken in
   */
  public Admitted admit(ServiceRequest sent, String caller, LocalDate today,
      Set<Circumstance> circumstances, Optional<ReferralSource> source) {
    return admit(sent, caller, today, circumstances, source, Capacities.allAccepting());
  }

  /**
   * Checks a referral as {@link #admit(ServiceRequest, String, LocalDate, Set, Optional)}
   * does, over the services' capacities at this moment: no one is routed to a paused service
   * (the single point of contact aside), and a paused service named as performer cannot take
   * the person ({@link ReferralRules#admit(Submission, String, LocalDate, Capacities)}).
   *
   * @throws InvalidFhirInputException listing every problem, when it cannot be taken in
   */
  public Admitted admit(ServiceRequest sent, String caller, LocalDate today,
      Set<Circumstance> circumstances, Optional<ReferralSource> source,
      Capacities capacities) {
    Objects.requireNonNull(capacities, "capacities");
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
    identifiers(sent, issues);
    List<Substance> substances = substances(sent, issues);
    List<FlagCode> flags = flags(sent);
    Optional<Patient> patient = patient(sent);
    // only the public pages let the referrer choose a district instead of a postcode; a GP or
    // API referral is placed by its postcode alone, as before
    Submission submission = new Submission(patient.map(p -> person(p, source.isPresent())),
        requester(sent), consented(sent), substances, circumstances, Set.copyOf(flags),
        source, services(sent, issues));
    Admission admission = null;
    try {
      admission = rules.admit(submission, caller, today, capacities);
    } catch (InvalidReferralException e) {
      issues.addAll(ReferralIssues.of(e, patient.map(Patient::getIdPart).orElse("")));
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    Optional<Identifier> identifier = sent.getIdentifier().stream()
        .filter(i -> i.hasSystem() && i.hasValue()).findFirst();
    return new Admitted(sent, admission, identifier, substances, flags, screened(sent));
  }

  /**
   * The routing facts of a referral stored before they were kept with it, read once from the
   * ServiceRequest as it was answered, as of the day it was taken in.
   *
   * @throws IllegalArgumentException when the stored referral lacks what intake required
   */
  public static RoutingFacts routingFacts(ServiceRequest stored, LocalDate referred) {
    Submission.Person person = patient(stored).map(p -> person(p, false)).orElseThrow(() ->
        new IllegalArgumentException("the stored referral has no contained Patient"));
    RouteRequest.Builder builder = RouteRequest.builder(person.birthDate().orElseThrow(() ->
            new IllegalArgumentException("the stored referral has no full birth date")),
            referred)
        .substances(substances(stored, new ArrayList<>()).toArray(Substance[]::new))
        .flags(flags(stored).toArray(FlagCode[]::new));
    person.postcode().ifPresent(builder::postcode);
    return RoutingFacts.of(builder.build());
  }

  private static Optional<Patient> patient(ServiceRequest sent) {
    return resolve(sent, sent.getSubject()).filter(Patient.class::isInstance)
        .map(Patient.class::cast);
  }

  /** The person; their address's district too when {@code withDistrict} (public pages). */
  private static Submission.Person person(Patient patient, boolean withDistrict) {
    DateType birth = patient.getBirthDateElement();
    Optional<LocalDate> birthDate = patient.hasBirthDate()
        && birth.getPrecision() == ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY
        ? Optional.of(LocalDate.of(birth.getYear(), birth.getMonth() + 1, birth.getDay()))
        : Optional.empty();
    return new Submission.Person(Systems.value(patient.getIdentifier(), Systems.NHS_NUMBER),
        birthDate, patient.getAddress().stream().filter(a -> a.hasPostalCode()).findFirst()
            .map(a -> a.getPostalCode()), withDistrict ? patient.getAddress().stream()
            .filter(a -> a.hasDistrict()).findFirst().map(a -> a.getDistrict())
            : Optional.empty());
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

  /** The referrer's ODS code: of a contained Organization, or of a PractitionerRole's. */
  private static Optional<String> requester(ServiceRequest sent) {
    Optional<Resource> resource = resolve(sent, sent.getRequester());
    if (resource.isPresent() && resource.get() instanceof Organization organization) {
      return Systems.value(organization.getIdentifier(), Systems.ODS);
    }
    if (resource.isPresent() && resource.get() instanceof PractitionerRole role) {
      Reference organisation = role.getOrganization();
      return organisation.hasIdentifier()
          && Systems.ODS.equals(organisation.getIdentifier().getSystem())
          ? Optional.ofNullable(organisation.getIdentifier().getValue())
          : resolve(sent, organisation).filter(Organization.class::isInstance)
              .flatMap(o -> Systems.value(((Organization) o).getIdentifier(), Systems.ODS));
    }
    return Optional.empty();
  }

  /** The person's agreement to be referred: an active Consent that permits. */
  private static boolean consented(ServiceRequest sent) {
    return sent.getSupportingInfo().stream().anyMatch(info ->
        resolve(sent, info).orElse(null) instanceof Consent consent
            && consent.getStatus() == Consent.ConsentState.ACTIVE
            && consent.getProvision().getType() == Consent.ConsentProvisionType.PERMIT);
  }

  /**
   * The directory services named as performer, by id. One that is not named as
   * {@code HealthcareService/{id}} is an issue here and left out.
   */
  private static List<String> services(ServiceRequest sent, List<FhirIssue> issues) {
    List<String> services = new ArrayList<>();
    for (Reference performer : sent.getPerformer()) {
      String reference = performer.getReference();
      if (reference != null && reference.startsWith(SERVICE)) {
        services.add(reference.substring(SERVICE.length()));
      } else if (sent.getPerformer().size() == 1) {
        issues.add(FhirIssue.error(IssueType.VALUE, "ServiceRequest.performer[0]", "the"
            + " performer is a directory service, as HealthcareService/{id}"));
      } else {
        services.add(""); // still counted: more than one is refused whatever they are
      }
    }
    return services;
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
