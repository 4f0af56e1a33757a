package org.recoverylink.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.assessment.AssessParameters;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.io.ResourceParser;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.routing.RouteParameters;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * Where a GP or pharmacy system starts with RecoveryLink in FHIR R4: assess, route, the
 * Questionnaires and the service directory, brief interventions, OST, needle and syringe
 * programme and naloxone resources, each read exactly as the RecoveryLink server reads it.
 *
 * <pre>{@code
 * RecoveryLinkFhir fhir = RecoveryLinkFhir.standard();
 * Bundle result = fhir.assess(questionnaireResponse); // scores, advice, flags
 * }</pre>
 *
 * <p>A deployment with its own rules, directory or clock builds one:
 *
 * <pre>{@code
 * RecoveryLinkFhir fhir = RecoveryLinkFhir.builder().directory(myDirectory)
 *     .ostSettings(mySettings).clock(Clock.systemUTC()).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe: build one and share it. Every method that reads FHIR throws
 * {@link InvalidFhirInputException} listing every problem of the input, each at its FHIRPath;
 * resources it answers are new, the caller may change them.
 */
public final class RecoveryLinkFhir {

  private final FhirContext context;
  private final Clock clock;
  private final FhirAssessor assessor;
  private final Directory directory;
  private final Router router;
  private final OstRules ostRules;
  private final CodeLists codeLists;

  private RecoveryLinkFhir(Builder builder) {
    this.context = builder.context;
    this.clock = builder.clock;
    this.assessor = new FhirAssessor(builder.assessor);
    this.directory = builder.directory;
    this.router = new Router(builder.directory);
    this.ostRules = new OstRules(builder.ostSettings);
    this.codeLists = builder.codeLists;
  }

  /**
   * The standard set-up: the UK IBA rules ({@link Assessor#standard()}), the built-in Essex
   * directory, the UK default OST settings, the system clock (UTC) and HAPI's shared R4 context.
   */
  public static RecoveryLinkFhir standard() {
    return builder().build();
  }

  /** A builder starting from {@link #standard()}'s choices. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- FHIR text ----

  /**
   * Parses FHIR JSON or XML strictly (what HAPI's lenient parser would repair is refused).
   *
   * @throws InvalidFhirInputException when the text is not well-formed FHIR or not a {@code type}
   */
  public <T extends IBaseResource> T parse(String text, Class<T> type) {
    return new ResourceParser(context).parse(text, type);
  }

  /** A resource as compact JSON. */
  public String toJson(Resource resource) {
    return new String(JsonEncoder.encode(resource), StandardCharsets.UTF_8);
  }

  // ---- screening and assessment ----

  /** The built-in instruments (AUDIT, AUDIT-C, FAST, ...) as Questionnaires, in order. */
  public List<Questionnaire> questionnaires() {
    return Questionnaires.all();
  }

  /** The built-in Questionnaire with this id, e.g. {@code audit-c}. */
  public Optional<Questionnaire> questionnaire(String id) {
    return Questionnaires.find(id);
  }

  /** Scores one response as a form shows it while being filled in: total and band only. */
  public Score score(QuestionnaireResponse response) {
    return assessor.score(response, null);
  }

  /** The result Bundle of assessing one response: scores, advice, flags, referral actions. */
  public Bundle assess(QuestionnaireResponse response) {
    return ResultBundle.of(assessment(AssessParameters.of(response)), clock.instant());
  }

  /**
   * The result Bundle of the {@code $assess} Parameters ({@link AssessParameters}: response,
   * questionnaire, patient, condition).
   */
  public Bundle assess(Parameters parameters) {
    return ResultBundle.of(assessment(AssessParameters.read(parameters, codeLists)),
        clock.instant());
  }

  /** The assessment itself, for a caller that wants the core result, not the Bundle. */
  public FhirAssessor.Result assessment(AssessParameters input) {
    return assessor.assess(input);
  }

  /** The assessor, for forms of the caller's own ({@link FhirAssessor}). */
  public FhirAssessor assessor() {
    return assessor;
  }

  /**
   * Reads a brief or extended intervention as the server records it.
   *
   * @return the Procedure rebuilt in RecoveryLink's form
   */
  public Procedure intervention(Procedure procedure) {
    return InterventionProcedures.read(procedure);
  }

  // ---- routing and the directory ----

  /**
   * Answers the {@code ServiceRequest/$route} Parameters: one service per destination, exactly
   * one primary, with the reasons. Ages are taken on today's date in England, by the clock.
   */
  public Parameters route(Parameters parameters) {
    return route(parameters, Capacities.allAccepting());
  }

  /**
   * Answers the {@code ServiceRequest/$route} Parameters as {@link #route(Parameters)} does,
   * over the services' capacities at this moment (a paused service is no destination, the
   * single point of contact aside; accepting services are preferred: {@link Router}).
   */
  public Parameters route(Parameters parameters, Capacities capacities) {
    LocalDate today = LocalDate.now(clock.withZone(RouteParameters.ENGLAND));
    return RouteParameters.write(routeDecision(parameters, today, capacities));
  }

  /** The core decision of the {@code $route} Parameters, ages taken on {@code today}. */
  public RouteDecision routeDecision(Parameters parameters, LocalDate today) {
    return routeDecision(parameters, today, Capacities.allAccepting());
  }

  /** As {@link #routeDecision(Parameters, LocalDate)}, over these capacities. */
  public RouteDecision routeDecision(Parameters parameters, LocalDate today,
      Capacities capacities) {
    return router.route(RouteParameters.read(parameters, today), capacities);
  }

  /** The service directory routing uses. */
  public Directory directory() {
    return directory;
  }

  /** The service directory as a FHIR collection Bundle (Organizations, HealthcareServices). */
  public Bundle directoryBundle() {
    return new DirectoryBundle(context).write(directory);
  }

  // ---- pharmacy ----

  /** The shared-care OST rules with this set-up's settings. */
  public OstRules ostRules() {
    return ostRules;
  }

  /** An OST prescription, checked against the OST rules. */
  public OstPrescription ostPrescription(MedicationRequest request) {
    return OstResources.read(request, ostRules);
  }

  /** An OST prescription as the MedicationRequest the server registers. */
  public MedicationRequest ostMedicationRequest(OstPrescription prescription) {
    return OstResources.write(prescription);
  }

  /** What an OST MedicationDispense says happened: a supply, a day not collected, a withhold. */
  public OstDispenseEvent ostDispenseEvent(MedicationDispense dispense) {
    return OstResources.read(dispense, ostRules);
  }

  /** A needle and syringe programme visit from its {@code $nsp-transaction} Parameters. */
  public NspTransaction nspTransaction(Parameters parameters) {
    return NspResources.fromParameters(parameters);
  }

  /** A needle and syringe programme visit as {@code $nsp-transaction} Parameters. */
  public Parameters nspParameters(NspTransaction transaction) {
    return NspResources.toParameters(transaction);
  }

  /** A take-home naloxone supply from its {@code $naloxone-supply} Parameters. */
  public NaloxoneSupply naloxoneSupply(Parameters parameters) {
    return NaloxoneResources.fromParameters(parameters);
  }

  /** A take-home naloxone supply as {@code $naloxone-supply} Parameters. */
  public Parameters naloxoneParameters(NaloxoneSupply supply) {
    return NaloxoneResources.toParameters(supply);
  }

  /** Chooses what differs from {@link #standard()}; not thread-safe, the result is. */
  public static final class Builder {

    private FhirContext context;
    private Clock clock = Clock.systemUTC();
    private Assessor assessor = Assessor.standard();
    private Directory directory;
    private OstSettings ostSettings = OstSettings.ukDefault();
    private CodeLists codeLists = CodeLists.defaults();

    private Builder() {
    }

    /** The HAPI R4 context to parse with (default: {@link FhirContext#forR4Cached()}). */
    public Builder fhirContext(FhirContext context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /** The clock results are stamped with and today is taken from. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The assessor: its rule set decides advice and flags. */
    public Builder assessor(Assessor assessor) {
      this.assessor = Objects.requireNonNull(assessor, "assessor");
      return this;
    }

    /** The service directory to route by (default: the built-in Essex directory). */
    public Builder directory(Directory directory) {
      this.directory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** The OST settings (default: {@link OstSettings#ukDefault()}). */
    public Builder ostSettings(OstSettings settings) {
      this.ostSettings = Objects.requireNonNull(settings, "settings");
      return this;
    }

    /**
     * What recorded SNOMED CT and ICD-10 diagnoses mean (default: the shipped lists,
     * {@link CodeLists#defaults()}).
     */
    public Builder codeLists(CodeLists lists) {
      this.codeLists = Objects.requireNonNull(lists, "lists");
      return this;
    }

    public RecoveryLinkFhir build() {
      Builder chosen = new Builder();
      chosen.context = context != null ? context : FhirContext.forR4Cached();
      chosen.clock = clock;
      chosen.assessor = assessor;
      chosen.directory = directory != null ? directory : EssexDirectory.directory();
      chosen.ostSettings = ostSettings;
      chosen.codeLists = codeLists;
      return new RecoveryLinkFhir(chosen);
    }
  }
}
