package org.recoverylink.core.pharmacy;

import java.util.List;

/**
 * Thrown instead of a decision or a recorded event when what was given is invalid. It lists every
 * problem, not just the first; nothing has been decided or recorded.
 */
public final class InvalidPharmacyDataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidPharmacyDataException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("invalid data has at least one problem");
    }
  }

  /** Throws when {@code problems} is not empty. */
  public static void throwIfAny(List<Problem> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidPharmacyDataException(problems);
    }
  }

  /** Every problem found, in the order the fields were checked. */
  public List<Problem> problems() {
    return problems;
  }

  private static String describe(List<Problem> problems) {
    StringBuilder text = new StringBuilder()
        .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    for (Problem problem : problems) {
      text.append(System.lineSeparator()).append("  ").append(problem);
    }
    return text.toString();
  }
}
