package org.recoverylink.core.rules;

/**
 * The two published readings of FAST stage 2 (asked only when question 1 is "less than monthly"
 * or "monthly"). They differ only there; stage 1 is the same in both (reference section 3).
 */
public enum FastRule {

  /**
   * Positive when the total of all four questions reaches the threshold: Hodgson 2002 as
   * implemented by CamCOPS (NHS research software) [V] S7. The default.
   */
  TOTAL_OF_ALL_FOUR("fast-stage-2-total-q1-q4"),

  /** Positive when questions 2 to 4 alone reach the threshold: a UK provider's reading [P] S7. */
  SUM_OF_Q2_TO_Q4("fast-stage-2-sum-q2-q4");

  private final String code;

  FastRule(String code) {
    this.code = code;
  }

  /** Stable code, used as the id of the rule that decides stage 2. */
  public String code() {
    return code;
  }
}
