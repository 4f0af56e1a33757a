package org.recoverylink.core.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.rules.FastRule;
import org.recoverylink.core.rules.RuleSet;

/** FAST's two-stage rule and both published readings of stage 2 (reference section 3). */
class FastRuleTest {

  private static final Scorer TOTAL = new Scorer(RuleSet.ukDefault());
  private static final Scorer Q2_TO_Q4 = new Scorer(RuleSet.ukDefault()
      .derive("fast-q2-q4-test", "1.0.0").fastRule(FastRule.SUM_OF_Q2_TO_Q4).build());

  @ParameterizedTest(name = "points {0}: total rule {1}, Q2-Q4 rule {2}")
  @CsvSource(delimiter = '|', value = {
      // Stage 1 decides alone: Q1 never -> negative; weekly or daily -> positive.
      "0        | negative | negative | fast-stage-1-never          | fast-stage-1-never",
      "3        | positive | positive | fast-stage-1-weekly-or-more | fast-stage-1-weekly-or-more",
      "4        | positive | positive | fast-stage-1-weekly-or-more | fast-stage-1-weekly-or-more",
      // Stage 2 (Q1 less than monthly or monthly): threshold 3.
      "1 0 0 0  | negative | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "1 1 0 0  | negative | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "1 1 1 0  | positive | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "2 1 0 0  | positive | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "2 0 0 0  | negative | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "1 1 0 2  | positive | positive | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "2 0 2 0  | positive | negative | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
      "1 0 1 2  | positive | positive | fast-stage-2-total-q1-q4    | fast-stage-2-sum-q2-q4",
  })
  void twoStageRuleUnderBothReadings(String points, String totalBand, String q2q4Band,
      String totalRule, String q2q4Rule) {
    int[] given = Arrays.stream(points.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    Response response = Fixtures.fast(given);

    Score byTotal = TOTAL.score(response);
    Score byQ2ToQ4 = Q2_TO_Q4.score(response);

    assertEquals(totalBand, byTotal.band().code());
    assertEquals(totalRule, byTotal.rationale().rule().id());
    assertEquals("uk-iba|2023.1.0", byTotal.rationale().ruleSet().toString());
    assertEquals(q2q4Band, byQ2ToQ4.band().code());
    assertEquals(q2q4Rule, byQ2ToQ4.rationale().rule().id());
    assertEquals("fast-q2-q4-test|1.0.0", byQ2ToQ4.rationale().ruleSet().toString());
    assertEquals(Arrays.stream(given).sum(), byTotal.total());
    assertEquals(given.length, byTotal.answers().size());
  }

  @Test
  void stageTwoQuestionsAreRequiredOnlyAfterLessThanMonthlyOrMonthly() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> TOTAL.score(Fixtures.fast(2)));

    assertEquals(List.of("fast-2", "fast-3", "fast-4"),
        e.problems().stream().map(p -> p.itemId().orElseThrow()).toList());
    assertEquals(List.of(ProblemCode.MISSING_ITEM, ProblemCode.MISSING_ITEM,
        ProblemCode.MISSING_ITEM), e.problems().stream().map(Problem::code).toList());
  }

  @Test
  void withoutQuestionOneOnlyQuestionOneIsReportedMissing() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> TOTAL.score(Response.builder("fast").points("fast-2", 1).build()));

    assertEquals(1, e.problems().size());
    assertEquals("fast-1", e.problems().get(0).itemId().orElseThrow());
  }

  @Test
  void stageTwoAnswersGivenAfterADecisiveQuestionOneAreKeptInTheTotal() {
    Score score = TOTAL.score(Fixtures.fast(0, 4, 4, 4));

    assertEquals("negative", score.band().code());
    assertEquals(12, score.total());
  }

  @Test
  void questionFourScoresNoTwoOrFourOnly() {
    InvalidResponseException e = assertThrows(InvalidResponseException.class,
        () -> TOTAL.score(Fixtures.fast(1, 0, 0, 3)));

    assertEquals(ProblemCode.POINTS_NOT_ALLOWED, e.problems().get(0).code());
    assertEquals("fast-4", e.problems().get(0).itemId().orElseThrow());
  }

  @Test
  void configuredStageTwoThresholdIsUsed() {
    Scorer strict = new Scorer(RuleSet.ukDefault().derive("fast-strict", "1.0.0")
        .threshold(org.recoverylink.core.rules.Threshold.FAST_POSITIVE, 4).build());

    assertEquals("negative", strict.score(Fixtures.fast(1, 1, 1, 0)).band().code());
    assertEquals("positive", strict.score(Fixtures.fast(2, 2, 0, 0)).band().code());
  }
}
