package org.recoverylink.core.referral;

import java.util.Objects;

/**
 * One reason a referral cannot be taken in, or a Task cannot change as asked.
 *
 * @param code    the rule broken; its {@link Code#code() code} is stable
 * @param message plain English, never quoting the person's data
 */
public record ReferralProblem(Code code, String message) {

  public ReferralProblem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The rules, each with a stable code that is never reused (the table is in the package
   * documentation). Referral codes are {@code RL-01xx}: {@code RL-0001} to {@code RL-0008} are
   * the screening problems'.
   */
  public enum Code {
    PERSON_MISSING("RL-0101", "the person referred is not given"),
    NHS_NUMBER_MISSING("RL-0102", "the person's NHS number is not given"),
    NHS_NUMBER_INVALID("RL-0103", "the NHS number is not a valid one"),
    BIRTH_DATE_MISSING("RL-0104", "the person's full birth date is not given"),
    BIRTH_DATE_IMPLAUSIBLE("RL-0105", "the birth date is in the future or over 130 years ago"),
    REFERRER_MISSING("RL-0106", "the referring organisation is not given"),
    REFERRER_NOT_CALLER("RL-0107", "the referrer is not the caller's own organisation"),
    CONSENT_MISSING("RL-0108", "the person's agreement to the referral is not given"),
    SERVICES_MORE_THAN_ONE("RL-0109", "more than one receiving service is named"),
    SERVICE_UNKNOWN("RL-0110", "the named service is not in the directory"),
    SERVICE_INELIGIBLE("RL-0111", "the named service cannot take this person"),
    TRANSITION_NOT_ALLOWED("RL-0120", "a Task cannot go from this status to that one"),
    PARTY_NOT_ALLOWED("RL-0121", "the other side of the referral makes this change"),
    REASON_REQUIRED("RL-0122", "this change must say why");

    private final String code;
    private final String title;

    Code(String code, String title) {
      this.code = code;
      this.title = title;
    }

    /** Stable code, e.g. {@code RL-0108}. */
    public String code() {
      return code;
    }

    /** What the rule is about, in a few words. */
    public String title() {
      return title;
    }
  }

  @Override
  public String toString() {
    return code.code() + " " + message;
  }
}
