package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * The result Bundle of docs/http-api.md "Assess", checked against the HTTP API reference and HAPI's
 * validator.
 */
class ResultBundleTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String LOINC = "http://loinc.org";
  private static final String OURS = "https://recoverylink.org/fhir/CodeSystem/";
  private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");

  private final ResourceValidator validator = SharedValidator.get();
  private final FhirAssessor assessor = new FhirAssessor(Assessor.standard());

  /**
   * Each instrument's total-score coding (docs/http-api.md "Assess"), and the SNOMED coding where
   * verified.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(nullValues = "-", value = {
      "audit,   lowest,  http://loinc.org, 75624-7,       -",
      "audit,   highest, http://loinc.org, 75624-7,       -",
      "audit-c, lowest,  http://loinc.org, 75626-2,       763256006",
      "audit-c, highest, http://loinc.org, 75626-2,       763256006",
      "fast,    lowest,  score,            fast-total,    -",
      "fast,    highest, score,            fast-total,    -",
      "phq-9,   lowest,  http://loinc.org, 44261-6,       -",
      "phq-9,   highest, http://loinc.org, 44261-6,       -",
      "phq-2,   highest, http://loinc.org, 55758-7,       -",
      "gad-7,   highest, http://loinc.org, 70274-6,       -",
      "gad-2,   highest, score,            gad-2-total,   -",
      "dast-10, highest, http://loinc.org, 82667-7,       -",
  })
  void everyInstrumentsResultFollowsTheContractAndValidates(String id, String fill,
      String system, String code, String snomed) {
    QuestionnaireResponse response = Forms.fill(Questionnaires.find(id).orElseThrow(),
        fill.equals("highest"));
    response.setSubject(new Reference("Patient/p1")).setAuthoredElement(
        new org.hl7.fhir.r4.model.DateTimeType("2026-11-20T09:00:00+00:00"));
    FhirAssessor.Result result = assess(response);

    Bundle bundle = ResultBundle.of(result, AT);

    assertEquals(List.of(), validator.errors(bundle));
    assertEquals(Bundle.BundleType.COLLECTION, bundle.getType());
    Observation observation = observations(bundle).get(id);
    assertNotNull(observation, "an Observation for " + id);
    Coding total = observation.getCode().getCodingFirstRep();
    assertEquals(system.equals("score") ? OURS + "score" : system, total.getSystem());
    assertEquals(code, total.getCode());
    assertEquals(snomed, observation.getCode().getCoding().stream()
        .filter(c -> c.getSystem().equals("http://snomed.info/sct")).map(Coding::getCode)
        .findFirst().orElse(null));
    assertEquals(Observation.ObservationStatus.FINAL, observation.getStatus());
    assertEquals("survey", observation.getCategoryFirstRep().getCodingFirstRep().getCode());
    var score = result.assessment().score(id).orElseThrow();
    assertEquals(score.total(), observation.getValueIntegerType().getValue());
    Coding band = observation.getInterpretationFirstRep().getCodingFirstRep();
    assertEquals(OURS + "risk-band", band.getSystem());
    assertEquals(score.band().code(), band.getCode());
    assertEquals("Patient/p1", observation.getSubject().getReference());
    assertEquals("2026-11-20T09:00:00+00:00", observation.getEffectiveDateTimeType()
        .getValueAsString());
    Resource derivedFrom = resolve(bundle, observation.getDerivedFromFirstRep());
    assertEquals(response.getItem().size(),
        ((QuestionnaireResponse) derivedFrom).getItem().size());
  }

  @Test
  void anAuditWithPossibleDependenceAndKnownConditionsGivesEveryPart() {
    QuestionnaireResponse audit = Forms.fill(Questionnaires.find("audit").orElseThrow(), true);
    QuestionnaireResponse phq9 = Forms.fill(Questionnaires.find("phq-9").orElseThrow(), true);
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>();
    responses.put("Parameters.parameter[0].resource", audit);
    responses.put("Parameters.parameter[1].resource", phq9);
    FhirAssessor.Result result = assessor.assess(responses, List.of(),
        Set.of(KnownCondition.SERIOUS_MENTAL_ILLNESS));

    Bundle bundle = ResultBundle.of(result, AT);

    assertEquals(List.of(), validator.errors(bundle));
    // AUDIT, its AUDIT-C, PHQ-9; the AUDIT-C derives from the AUDIT response and Observation.
    Map<String, Observation> observations = observations(bundle);
    assertEquals(Set.of("audit", "audit-c", "phq-9"), observations.keySet());
    Observation auditC = observations.get("audit-c");
    assertEquals(Set.of("QuestionnaireResponse", "Observation"), auditC.getDerivedFrom()
        .stream().map(r -> resolve(bundle, r).fhirType()).collect(Collectors.toSet()));
    assertEquals(12, auditC.getValueIntegerType().getValue());
    // Flags, in core's order, each explained and pointing at the scores behind it.
    List<Flag> flags = resources(bundle, Flag.class);
    assertEquals(result.assessment().flags().stream().map(f -> f.code().code()).toList(),
        flags.stream().map(f -> f.getCode().getCodingFirstRep().getCode()).toList());
    assertTrue(flags.stream().map(f -> f.getCode().getCodingFirstRep().getCode()).toList()
        .containsAll(List.of("urgent-risk", "dual-diagnosis-smi",
            "possible-alcohol-dependence")));
    for (Flag flag : flags) {
      assertEquals(Flag.FlagStatus.ACTIVE, flag.getStatus());
      assertEquals(OURS + "flag", flag.getCode().getCodingFirstRep().getSystem());
      assertRationale(flag.getExtensionsByUrl(ResultBundle.RATIONALE));
      assertFalse(flag.getExtensionsByUrl(ResultBundle.FLAG_DETAIL).isEmpty());
      flag.getExtensionsByUrl(ResultBundle.FLAG_DETAIL).forEach(detail ->
          assertEquals("Observation", resolve(bundle, (Reference) detail.getValue()).fhirType()));
    }
    // The guidance names the rule set; its RequestGroup lists core's advice, urgent first.
    GuidanceResponse guidance = resources(bundle, GuidanceResponse.class).get(0);
    assertEquals(GuidanceResponse.GuidanceResponseStatus.SUCCESS, guidance.getStatus());
    assertEquals("https://recoverylink.org/fhir/rules/uk-iba|2023.1.0",
        guidance.getModuleUriType().getValue());
    RequestGroup group = (RequestGroup) resolve(bundle, guidance.getResult());
    assertEquals(result.assessment().advice().stream().map(a -> a.action().code()).toList(),
        group.getAction().stream().map(a -> a.getCodeFirstRep().getCodingFirstRep().getCode())
            .toList());
    RequestGroup.RequestGroupActionComponent first = group.getAction().get(0);
    assertEquals("urgent-clinician-risk-review", first.getCodeFirstRep().getCodingFirstRep()
        .getCode());
    assertEquals(RequestGroup.RequestPriority.URGENT, first.getPriority());
    assertEquals(RequestGroup.RequestPriority.ROUTINE, group.getAction().get(1).getPriority());
    group.getAction().forEach(a -> assertRationale(a.getExtensionsByUrl(ResultBundle.RATIONALE)));
    assertTrue(first.getDescription().contains("uk-iba|2023.1.0"), first.getDescription());
    // No subject in the responses: still a valid Bundle, saying so.
    assertEquals("not identified in the responses", flags.get(0).getSubject().getDisplay());
  }

  @Test
  void aWrongStatedTotalIsAWarningEntryAndOurTotalWins() {
    QuestionnaireResponse audit = Forms.fill(Questionnaires.find("audit-c").orElseThrow(), true);
    audit.addItem().setLinkId("75626-2").addAnswer()
        .setValue(new org.hl7.fhir.r4.model.IntegerType(3));

    Bundle bundle = ResultBundle.of(assess(audit), AT);

    assertEquals(List.of(), validator.errors(bundle));
    assertEquals(12, observations(bundle).get("audit-c").getValueIntegerType().getValue());
    OperationOutcome warnings = resources(bundle, OperationOutcome.class).get(0);
    assertEquals(1, warnings.getIssue().size());
    assertEquals(OperationOutcome.IssueSeverity.WARNING, warnings.getIssueFirstRep()
        .getSeverity());
    assertTrue(warnings.getIssueFirstRep().getDiagnostics().contains("3"));
  }

  @Test
  void theBundleSurvivesTheWireInJsonAndXml() {
    QuestionnaireResponse phq9 = Forms.fill(Questionnaires.find("phq-9").orElseThrow(), true);
    Bundle bundle = ResultBundle.of(assess(phq9), AT);

    for (var parser : List.of(FHIR.newJsonParser(), FHIR.newXmlParser())) {
      Bundle back = (Bundle) parser.parseResource(parser.encodeResourceToString(bundle));
      assertEquals(List.of(), validator.errors(back));
      assertEquals(27, observations(back).get("phq-9").getValueIntegerType().getValue());
    }
  }

  @Test
  void responsesAboutDifferentPeopleAreRefused() {
    QuestionnaireResponse auditC = Forms.fill(Questionnaires.find("audit-c").orElseThrow(),
        false).setSubject(new Reference("Patient/p1"));
    QuestionnaireResponse phq2 = Forms.fill(Questionnaires.find("phq-2").orElseThrow(), false)
        .setSubject(new Reference("Patient/p2"));
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>();
    responses.put("Parameters.parameter[0].resource", auditC);
    responses.put("Parameters.parameter[1].resource", phq2);

    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> assessor.assess(responses, List.of(), Set.of()));

    assertEquals(List.of("Parameters.parameter[1].resource.subject"), e.issues().stream()
        .map(i -> i.expression()).toList());
  }

  private FhirAssessor.Result assess(QuestionnaireResponse response) {
    return assessor.assess(Map.of("QuestionnaireResponse", response), List.of(), Set.of());
  }

  private static void assertRationale(List<Extension> rationales) {
    assertFalse(rationales.isEmpty());
    for (Extension rationale : rationales) {
      assertFalse(rationale.getExtensionString("rule").isBlank());
      assertEquals("uk-iba|2023.1.0", rationale.getExtensionString("rule-set"));
      assertTrue(rationale.getExtensionString("text").contains("uk-iba|2023.1.0"));
    }
  }

  /** Observations by instrument, recognised by the contract's codes (not by our writer). */
  private static Map<String, Observation> observations(Bundle bundle) {
    Map<String, String> byCode = Map.of("75624-7", "audit", "75626-2", "audit-c",
        "fast-total", "fast", "44261-6", "phq-9", "55758-7", "phq-2", "70274-6", "gad-7",
        "gad-2-total", "gad-2", "82667-7", "dast-10");
    Map<String, Observation> observations = new LinkedHashMap<>();
    for (Observation observation : resources(bundle, Observation.class)) {
      observations.put(byCode.get(observation.getCode().getCodingFirstRep().getCode()),
          observation);
    }
    return observations;
  }

  private static <T extends Resource> List<T> resources(Bundle bundle, Class<T> type) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).toList();
  }

  private static Resource resolve(Bundle bundle, Reference reference) {
    return bundle.getEntry().stream()
        .filter(e -> e.getFullUrl().equals(reference.getReference()))
        .map(Bundle.BundleEntryComponent::getResource).findFirst()
        .orElseThrow(() -> new AssertionError("unresolved " + reference.getReference()));
  }
}
