package org.recoverylink.server.http;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.Extensions;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.OperationInput.Slot;
import org.recoverylink.fhir.OperationInput;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST QuestionnaireResponse/$assess} (docs/http-api.md "Assess"): one
 * QuestionnaireResponse, or a Parameters with {@code response} (1..*), {@code questionnaire} (0..*)
 * and {@code condition} (0..*); answers the result Bundle.
 */
@Path(FhirIo.BASE + "QuestionnaireResponse/$assess")
public final class AssessResource {

  private static final Logger LOG = LoggerFactory.getLogger(AssessResource.class);

  private final FhirIo io;
  private final FhirAssessor assessor;
  private final Screenings screenings;

  public AssessResource(FhirIo io, FhirAssessor assessor, Screenings screenings) {
    this.io = io;
    this.assessor = assessor;
    this.screenings = screenings;
  }

  @POST
  @PatientData
  public Response assess(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    Resource input = io.parse(body, headers, Resource.class);
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>();
    List<Questionnaire> questionnaires = new ArrayList<>();
    Set<KnownCondition> conditions = EnumSet.noneOf(KnownCondition.class);
    if (input instanceof QuestionnaireResponse response) {
      responses.put("QuestionnaireResponse", response);
    } else if (input instanceof Parameters parameters) {
      Extensions.refuseUnknown(parameters); // the responses are checked again by the assessor
      read(parameters, responses, questionnaires, conditions);
    } else {
      throw new FhirProblem(400, IssueType.INVALID, "$assess takes a QuestionnaireResponse or"
          + " a Parameters, not a " + input.fhirType());
    }
    FhirAssessor.Result result = assessor.assess(responses, questionnaires, conditions);
    result.subject().filter(subject -> subject.hasIdentifier()
            && Systems.NHS_NUMBER.equals(subject.getIdentifier().getSystem()))
        .ifPresent(subject -> Audit.patient(request, subject.getIdentifier().getValue()));
    try {
      screenings.record(screened(result, caller.organisation(), Instant.now()));
    } catch (StoreException e) {
      // The clinician's answer matters more than one count in a report: answer, and say so.
      LOG.warn("a screening was assessed but not counted for reports: {}", e.getMessage());
    }
    return io.respond(200, ResultBundle.of(result), headers, uri);
  }

  /**
   * The screenings an assessment counts for the IBA report: each scored response that is
   * completed (or amended), not one still being filled in; an AUDIT-C read off a full AUDIT is
   * part of that AUDIT, not a screening of its own.
   */
  static List<Screenings.Screened> screened(FhirAssessor.Result result, String organisation,
      Instant now) {
    QuestionnaireResponse audit = result.sources().get(Instruments.AUDIT.id());
    List<Screenings.Screened> screened = new ArrayList<>();
    for (Score score : result.assessment().scores()) {
      QuestionnaireResponse source = result.sources().get(score.instrumentId());
      boolean derived = score.instrument() == Instruments.AUDIT_C && source == audit;
      if (source == null || derived || !finished(source)) {
        continue;
      }
      screened.add(new Screenings.Screened(key(organisation, score.instrumentId(), source),
          organisation, score.instrumentId(), score.band().code(), score.total(), now));
    }
    return screened;
  }

  private static boolean finished(QuestionnaireResponse response) {
    return response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
        || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
  }

  /**
   * The same response from the same organisation is the same screening: by its identifier, or
   * else its id. A digest, so the key cannot be read back to an identifier. Without either,
   * every assessment of it counts.
   */
  private static String key(String organisation, String instrument,
      QuestionnaireResponse response) {
    String name;
    if (response.hasIdentifier() && response.getIdentifier().hasValue()) {
      name = "identifier|" + response.getIdentifier().getSystem() + "|"
          + response.getIdentifier().getValue();
    } else if (response.hasIdElement() && response.getIdElement().hasIdPart()) {
      name = "id|" + response.getIdElement().getIdPart();
    } else {
      return UUID.randomUUID().toString();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest((organisation + "|"
          + instrument + "|" + name).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static void read(Parameters parameters, Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions) {
    OperationInput input = OperationInput.of(parameters, "$assess",
        Slot.many("response", true), Slot.many("questionnaire", false),
        Slot.optional("patient"), Slot.many("condition", false));
    responses.putAll(input.resources("response", QuestionnaireResponse.class));
    questionnaires.addAll(input.resources("questionnaire", Questionnaire.class).values());
    input.resources("patient", Patient.class).forEach((at, patient) ->
        patient(patient, at, responses.values(), input));
    input.resources("condition", Condition.class).forEach((at, condition) ->
        condition(condition, at, conditions, input));
    input.ifInvalidThrow();
  }

  /**
   * The patient the responses are about: its NHS number becomes the subject of responses that
   * name none; a response naming another NHS number is refused.
   */
  private static void patient(Patient patient, String at,
      Collection<QuestionnaireResponse> responses, OperationInput input) {
    Optional<Identifier> nhs = patient.getIdentifier().stream()
        .filter(id -> Systems.NHS_NUMBER.equals(id.getSystem())).findFirst();
    if (nhs.isEmpty()) {
      return; // no NHS number given: nothing to check or to fill in
    }
    NhsNumber number;
    try {
      number = NhsNumber.parse(String.valueOf(nhs.get().getValue()));
    } catch (IllegalArgumentException e) {
      input.problem(FhirIssue.error(IssueType.VALUE, at + ".identifier",
          e.getMessage()));
      return;
    }
    Reference subject = new Reference().setType("Patient").setIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue(number.value()));
    for (QuestionnaireResponse response : responses) {
      if (!response.hasSubject()) {
        response.setSubject(subject.copy());
      } else if (response.getSubject().hasIdentifier()
          && Systems.NHS_NUMBER.equals(response.getSubject().getIdentifier().getSystem())
          && !number.value().equals(NhsNumber.digits(String.valueOf(
              response.getSubject().getIdentifier().getValue())))) {
        input.problem(FhirIssue.error(IssueType.BUSINESSRULE, at, "the patient's NHS number"
            + " is not the one the responses are about"));
      }
    }
  }

  /**
   * A known condition, coded in RecoveryLink's known-condition system. SNOMED CT diagnoses need
   * the primary-care code lists (e.g. MH_COD) as configuration; until then they are refused, not
   * silently ignored.
   */
  private static void condition(Condition condition, String at, Set<KnownCondition> conditions,
      OperationInput input) {
    for (Coding coding : condition.getCode().getCoding()) {
      var known = CodeSystems.decode(CodeSystems.KNOWN_CONDITION, coding, KnownCondition.class);
      if (known.isPresent()) {
        conditions.add(known.get());
        return;
      }
    }
    input.problem(FhirIssue.error(IssueType.NOTSUPPORTED, at + ".code", "the condition"
        + " is not coded in " + CodeSystems.KNOWN_CONDITION + "; SNOMED CT diagnosis lists are"
        + " not configured on this server yet"));
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("QuestionnaireResponse");
    resource.addOperation().setName("assess")
        .setDefinition("https://recoverylink.org/fhir/OperationDefinition/assess")
        .setDocumentation("Score, advise and flag: a QuestionnaireResponse, or Parameters with"
            + " response, questionnaire and condition; answers the result Bundle.");
  }
}
