package org.recoverylink.core.referral;

import java.util.List;

/**
 * A referral that cannot be taken in, or a Task change that cannot be made, with every problem
 * found, not just the first. Nothing was stored or routed.
 */
public final class InvalidReferralException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<ReferralProblem> problems;

  public InvalidReferralException(List<ReferralProblem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("a refusal has at least one problem");
    }
  }

  /** Throws when {@code problems} is not empty. */
  public static void throwIfAny(List<ReferralProblem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidReferralException(problems);
    }
  }

  /** Every problem, in the order the rules were checked. */
  public List<ReferralProblem> problems() {
    return problems;
  }

  private static String describe(List<ReferralProblem> problems) {
    StringBuilder text = new StringBuilder().append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    problems.forEach(p -> text.append(System.lineSeparator()).append("  ").append(p));
    return text.toString();
  }
}
