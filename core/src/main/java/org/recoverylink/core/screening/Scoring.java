package org.recoverylink.core.screening;

import java.util.List;
import org.recoverylink.core.rules.RuleSet;

/**
 * Validating and scoring responses under one rule set: what {@code Assessor} builds its advice
 * on. The engine behind it is not API; {@code Assessor.score} is the usual way in.
 * Implementations are immutable and thread-safe.
 */
public sealed interface Scoring permits Scorer {

  /** Scoring under {@code ruleSet}; create one per rule set and share it. */
  static Scoring under(RuleSet ruleSet) {
    return new Scorer(ruleSet);
  }

  /**
   * Scores one response.
   *
   * @throws InvalidResponseException listing every problem of the response
   */
  Score score(Response response);

  /**
   * Scores the responses of one assessment, each instrument at most once. A full AUDIT also
   * yields its AUDIT-C score (questions 1-3), listed right after it, unless an AUDIT-C response
   * was given too: practices record both scores from one form.
   *
   * @return the scores, in the order of the responses
   * @throws InvalidResponseException listing every problem of every response; no score is
   *     returned when any response is invalid
   */
  List<Score> scoreAll(List<Response> responses);
}
