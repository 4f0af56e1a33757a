package org.recoverylink.core.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleSetTest {

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
      // The published values (reference section 0 and 9.3).
      "AUDIT_C_POSITIVE, 5", "FAST_POSITIVE, 3", "PHQ_2_POSITIVE, 3", "GAD_2_POSITIVE, 3",
      "DAST_10_REFER, 3", "SUBSTANCE_AUDIT, 16", "SUBSTANCE_AUDIT_C, 8", "SUBSTANCE_DAST_10, 3",
      "MENTAL_HEALTH_PHQ_9, 10", "MENTAL_HEALTH_GAD_7, 10", "URGENT_PHQ_9_ITEM_9, 1",
  })
  void defaultsArePublishedValues(Threshold threshold, int value) {
    assertEquals(value, RuleSet.ukDefault().threshold(threshold));
  }

  @Test
  void defaultIsNamedAndVersioned() {
    assertEquals(new RuleSetVersion("uk-iba", "2023.1.0"), RuleSet.ukDefault().version());
    assertEquals(FastRule.TOTAL_OF_ALL_FOUR, RuleSet.ukDefault().fastRule());
  }

  @Test
  void aVariantNeedsItsOwnVersion() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RuleSet.ukDefault().derive("uk-iba", "2023.1.0")
            .threshold(Threshold.PHQ_2_POSITIVE, 2).build());

    assertTrue(e.getMessage().contains("its own version"), e.getMessage());
  }

  @Test
  void everyOutOfRangeThresholdIsReportedAtOnce() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RuleSet.ukDefault().derive("broken", "1.0.0")
            .threshold(Threshold.AUDIT_C_POSITIVE, 13)
            .threshold(Threshold.URGENT_PHQ_9_ITEM_9, 0).build());

    assertTrue(e.getMessage().contains("audit-c-positive = 13")
        && e.getMessage().contains("urgent-risk-phq-9-item-9 = 0"), e.getMessage());
  }

  @Test
  void aVariantLeavesItsBaseUntouched() {
    RuleSet variant = RuleSet.ukDefault().derive("local", "1.0.0")
        .threshold(Threshold.PHQ_2_POSITIVE, 2).fastRule(FastRule.SUM_OF_Q2_TO_Q4).build();

    assertEquals(2, variant.threshold(Threshold.PHQ_2_POSITIVE));
    assertEquals(3, RuleSet.ukDefault().threshold(Threshold.PHQ_2_POSITIVE));
    assertEquals(FastRule.TOTAL_OF_ALL_FOUR, RuleSet.ukDefault().fastRule());
    assertEquals(10, variant.threshold(Threshold.MENTAL_HEALTH_PHQ_9));
  }

  @Test
  void versionsAreWellFormed() {
    assertThrows(IllegalArgumentException.class, () -> new RuleSetVersion("UK IBA", "1"));
    assertThrows(IllegalArgumentException.class, () -> new RuleSetVersion("uk-iba", " "));
    assertEquals("uk-iba|2023.1.0", new RuleSetVersion("uk-iba", "2023.1.0").toString());
  }
}
