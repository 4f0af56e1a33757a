package org.recoverylink.core.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.rules.Input;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.core.rules.Threshold;

/** Conditions found in the person's record decide as stated ones do, and say where from. */
class RecordedConditionsTest {

  private static final RecordedCondition SCHIZOPHRENIA = new RecordedCondition(
      KnownCondition.SERIOUS_MENTAL_ILLNESS, RecordedCondition.SNOMED_CT, "58214004",
      "MH_COD 2024-12-05");
  private static final RecordedCondition PSYCHOSIS = new RecordedCondition(
      KnownCondition.SERIOUS_MENTAL_ILLNESS, RecordedCondition.ICD_10, "F23.9", "ICD10_SMI 1");

  @Test
  void aRecordedSeriousMentalIllnessRaisesTheDualDiagnosisFlagNamingTheDiagnoses() {
    Assessment result = Assessor.standard().assess(Cases.responses("audit=17"), Set.of(),
        List.of(SCHIZOPHRENIA, PSYCHOSIS));

    Rationale why = result.flag(FlagCode.DUAL_DIAGNOSIS_SMI).orElseThrow().rationale();

    assertEquals(List.of(new Input.Condition(KnownCondition.SERIOUS_MENTAL_ILLNESS,
        List.of(SCHIZOPHRENIA, PSYCHOSIS)), new Input.Total("audit", 17, "higher-risk"),
        new Input.ThresholdValue(Threshold.SUBSTANCE_AUDIT, 16)), why.inputs());
    assertTrue(why.explain().contains("SNOMED CT 58214004 in MH_COD 2024-12-05")
        && why.explain().contains("ICD-10 F23.9 in ICD10_SMI 1"), why.explain());
    assertEquals(Set.of(KnownCondition.SERIOUS_MENTAL_ILLNESS), result.conditions());
  }

  /** A record of many matching diagnoses: the rationale names three and counts the rest. */
  @Test
  void aRationaleNamesThreeDiagnosesAndCountsTheRest() {
    List<RecordedCondition> five = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      five.add(new RecordedCondition(KnownCondition.SERIOUS_MENTAL_ILLNESS,
          RecordedCondition.SNOMED_CT, String.valueOf(58214004 + i), "MH_COD 1"));
    }

    String words = new Input.Condition(KnownCondition.SERIOUS_MENTAL_ILLNESS, five).toString();

    assertEquals("known serious mental illness (SNOMED CT 58214004 in MH_COD 1; SNOMED CT"
        + " 58214005 in MH_COD 1; SNOMED CT 58214006 in MH_COD 1; and 2 more)", words);
  }

  @Test
  void recordedAndStatedConditionsDecideAlike() {
    Assessment stated = Assessor.standard().assess(Cases.responses("audit=17"),
        Set.of(KnownCondition.SERIOUS_MENTAL_ILLNESS), List.of());
    Assessment recorded = Assessor.standard().assess(Cases.responses("audit=17"), Set.of(),
        List.of(SCHIZOPHRENIA));

    assertEquals(stated.flags().stream().map(Flag::code).toList(),
        recorded.flags().stream().map(Flag::code).toList());
    assertEquals(stated.advice().stream().map(Advice::action).toList(),
        recorded.advice().stream().map(Advice::action).toList());
  }

  @Test
  void aRecordedConditionWithoutASubstanceIndicatorRaisesNothing() {
    Assessment result = Assessor.standard().assess(Cases.responses("audit=3"), Set.of(),
        List.of(SCHIZOPHRENIA));

    assertTrue(result.flag(FlagCode.DUAL_DIAGNOSIS_SMI).isEmpty());
  }
}
