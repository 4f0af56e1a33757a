package org.recoverylink.core.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.rules.RuleSet;

/**
 * Both sides of every band boundary of every range-banded and cut-off instrument, with the
 * expected bands written from the clinical reference (sections 1.2, 2.1, 4 and 5.2).
 */
class BandBoundaryTest {

  private final Scorer scorer = new Scorer(RuleSet.ukDefault());

  @ParameterizedTest(name = "{0} total {1} -> {2}")
  @CsvSource({
      // AUDIT UK zones 0-7 / 8-15 / 16-19 / 20-40 (reference 1.2)
      "audit, 0, lower-risk", "audit, 7, lower-risk", "audit, 8, increasing-risk",
      "audit, 15, increasing-risk", "audit, 16, higher-risk", "audit, 19, higher-risk",
      "audit, 20, possible-dependence", "audit, 40, possible-dependence",
      // AUDIT-C UK bands 0-4 / 5-7 / 8-10 / 11-12 (reference 2.1)
      "audit-c, 0, lower-risk", "audit-c, 4, lower-risk", "audit-c, 5, increasing-risk",
      "audit-c, 7, increasing-risk", "audit-c, 8, higher-risk", "audit-c, 10, higher-risk",
      "audit-c, 11, possible-dependence", "audit-c, 12, possible-dependence",
      // PHQ-9 0-4 / 5-9 / 10-14 / 15-19 / 20-27 (reference 4.1)
      "phq-9, 0, none-minimal", "phq-9, 4, none-minimal", "phq-9, 5, mild", "phq-9, 9, mild",
      "phq-9, 10, moderate", "phq-9, 14, moderate", "phq-9, 15, moderately-severe",
      "phq-9, 19, moderately-severe", "phq-9, 20, severe", "phq-9, 27, severe",
      // PHQ-2 positive at 3 (reference 4.2)
      "phq-2, 0, negative", "phq-2, 2, negative", "phq-2, 3, positive", "phq-2, 6, positive",
      // GAD-7 cut-offs 5, 10, 15 (reference 4.3)
      "gad-7, 0, minimal", "gad-7, 4, minimal", "gad-7, 5, mild", "gad-7, 9, mild",
      "gad-7, 10, moderate", "gad-7, 14, moderate", "gad-7, 15, severe", "gad-7, 21, severe",
      // GAD-2 positive at 3 (reference 4.4)
      "gad-2, 0, negative", "gad-2, 2, negative", "gad-2, 3, positive", "gad-2, 6, positive",
      // DAST-10 0 / 1-2 / 3-5 / 6-8 / 9-10 (reference 5.2)
      "dast-10, 0, none", "dast-10, 1, low", "dast-10, 2, low", "dast-10, 3, moderate",
      "dast-10, 5, moderate", "dast-10, 6, substantial", "dast-10, 8, substantial",
      "dast-10, 9, severe", "dast-10, 10, severe",
  })
  void totalFallsInTheReferenceBand(String instrumentId, int total, String expectedBand) {
    Score score = scorer.score(Fixtures.withTotal(instrumentId, total));

    assertEquals(total, score.total());
    assertEquals(expectedBand, score.band().code());
    assertEquals("uk-iba|2023.1.0", score.rationale().ruleSet().toString());
  }
}
