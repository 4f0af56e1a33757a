package org.recoverylink.core.screening;

/**
 * The kinds of problem a response can have. Codes are stable and never reused, so integrators can
 * search for them; the FHIR adapter reports them as OperationOutcome issues.
 */
public enum ProblemCode {
  UNKNOWN_INSTRUMENT("RL-0001", "unknown instrument"),
  MISSING_ITEM("RL-0002", "item not answered"),
  UNKNOWN_ITEM("RL-0003", "item not in the instrument"),
  OPTION_NOT_ALLOWED("RL-0004", "option not allowed for the item"),
  POINTS_NOT_ALLOWED("RL-0005", "points not allowed for the item"),
  DUPLICATE_ANSWER("RL-0006", "item answered more than once"),
  DUPLICATE_INSTRUMENT("RL-0007", "instrument answered more than once in one assessment"),
  NO_RESPONSES("RL-0008", "nothing to assess");

  private final String code;
  private final String title;

  ProblemCode(String code, String title) {
    this.code = code;
    this.title = title;
  }

  /** Stable code, e.g. {@code RL-0002}. */
  public String code() {
    return code;
  }

  public String title() {
    return title;
  }
}
