package org.recoverylink.core.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.rules.Input;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.core.rules.Threshold;
import org.recoverylink.core.screening.InvalidResponseException;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;

/** What each result says about why, and how configured thresholds change the decisions. */
class ProvenanceAndConfigurationTest {

  private static Assessment assess(Assessor assessor, String responses, String conditions) {
    return assessor.assess(Cases.responses(responses), Cases.conditions(conditions));
  }

  @Test
  void flagNamesTheRuleAndEveryInputThatFiredIt() {
    Assessment result = assess(Assessor.standard(), "audit=17", "serious-mental-illness");

    Rationale why = result.flag(FlagCode.DUAL_DIAGNOSIS_SMI).orElseThrow().rationale();

    assertEquals("dual-diagnosis-smi", why.rule().id());
    assertEquals(List.of(new Input.Condition(KnownCondition.SERIOUS_MENTAL_ILLNESS),
        new Input.Total("audit", 17, "higher-risk"),
        new Input.ThresholdValue(Threshold.SUBSTANCE_AUDIT, 16)), why.inputs());
    assertTrue(why.explain().contains("dual-diagnosis-smi")
        && why.explain().contains("uk-iba|2023.1.0") && why.explain().contains("audit total 17"),
        why.explain());
  }

  @Test
  void urgentRiskNamesItemNine() {
    Assessment result = assess(Assessor.standard(), "phq-9=3/2", null);

    Rationale why = result.flag(FlagCode.URGENT_RISK).orElseThrow().rationale();

    assertEquals(List.of(new Input.ItemPoints("phq-9", "phq-9-9", 2),
        new Input.ThresholdValue(Threshold.URGENT_PHQ_9_ITEM_9, 1)), why.inputs());
    assertEquals(why, result.advice(ActionCode.URGENT_CLINICIAN_RISK_REVIEW).orElseThrow()
        .rationales().get(0));
  }

  @Test
  void aStepAdvisedByTwoRulesIsListedOnceWithBothReasons() {
    Assessment result = assess(Assessor.standard(), "audit-c=6 fast=4", null);

    Advice advice = result.advice(ActionCode.COMPLETE_FULL_AUDIT).orElseThrow();

    assertEquals(1, result.advice().size());
    assertEquals(List.of("audit-c-positive-complete-audit", "fast-positive-complete-audit"),
        advice.rationales().stream().map(r -> r.rule().id()).toList());
  }

  @Test
  void fullAuditAlsoYieldsItsAuditCScore() {
    Response audit = Response.builder("audit")
        .choose("audit-1", "4-or-more-times-a-week").choose("audit-2", "7-9")
        .choose("audit-3", "weekly").points("audit-4", 0).points("audit-5", 0)
        .points("audit-6", 0).points("audit-7", 0).points("audit-8", 0)
        .points("audit-9", 0).points("audit-10", 2).build();

    Assessment result = Assessor.standard().assess(audit);

    assertEquals(List.of("audit", "audit-c"),
        result.scores().stream().map(Score::instrumentId).toList());
    Score auditC = result.score("audit-c").orElseThrow();
    assertEquals(4 + 3 + 3, auditC.total());
    assertEquals("higher-risk", auditC.band().code());
    assertEquals("audit-c-from-audit", auditC.rationale().rule().id());
    assertEquals(List.of("audit-c-1", "audit-c-2", "audit-c-3"),
        auditC.answers().stream().map(a -> a.itemId()).toList());
  }

  @Test
  void anAuditCGivenAlongsideTheAuditIsNotDuplicated() {
    Assessment result = assess(Assessor.standard(), "audit=12 audit-c=5", null);

    assertEquals(List.of("audit", "audit-c"),
        result.scores().stream().map(Score::instrumentId).toList());
    assertEquals(5, result.score("audit-c").orElseThrow().total());
  }

  @Test
  void configuredThresholdsDecideAndTheirVersionIsStamped() {
    RuleSet local = RuleSet.ukDefault().derive("local-iba", "2026.1.0")
        .threshold(Threshold.PHQ_2_POSITIVE, 2)
        .threshold(Threshold.MENTAL_HEALTH_PHQ_9, 15)
        .threshold(Threshold.URGENT_PHQ_9_ITEM_9, 2)
        .threshold(Threshold.AUDIT_C_POSITIVE, 4)
        .threshold(Threshold.DAST_10_REFER, 4)
        .build();
    Assessor assessor = Assessor.withRules(local);

    Assessment phq2 = assess(assessor, "phq-2=2", null);
    assertEquals("positive", phq2.score("phq-2").orElseThrow().band().code());
    assertEquals(List.of(ActionCode.COMPLETE_PHQ_9),
        phq2.advice().stream().map(Advice::action).toList());
    assertEquals("local-iba|2026.1.0", phq2.ruleSet().toString());
    assertEquals("local-iba|2026.1.0",
        phq2.advice().get(0).rationales().get(0).ruleSet().toString());

    assertEquals(List.of(), assess(assessor, "audit=16 phq-9=12/1", null).flags());
    assertEquals(List.of(ActionCode.COMPLETE_FULL_AUDIT),
        assess(assessor, "audit-c=4", null).advice().stream().map(Advice::action).toList());
    assertEquals(List.of(), assess(assessor, "dast-10=3", null).advice());
  }

  @Test
  void aDiagnosisCountsAsMentalHealthIndicatorOnlyWhenConfigured() {
    RuleSet scoresOnly = RuleSet.ukDefault().derive("scores-only", "1.0.0")
        .diagnosedCommonMentalDisorderCounts(false).build();

    Assessment result = Assessor.withRules(scoresOnly)
        .assess(Cases.responses("audit=16"), Set.of(KnownCondition.COMMON_MENTAL_DISORDER));

    assertEquals(List.of(), result.flags());
  }

  @Test
  void anInvalidResponseStopsTheWholeAssessment() {
    List<Response> responses = List.of(Cases.responses("audit=25").get(0),
        Response.builder("phq-9").points("phq-9-9", 3).build());

    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> Assessor.standard().assess(responses, Set.of()));

    assertEquals(8, e.problems().size()); // PHQ-9 items 1-8 missing; the AUDIT is fine
    assertTrue(e.problems().stream().allMatch(p -> p.responseIndex() == 1));
  }
}
