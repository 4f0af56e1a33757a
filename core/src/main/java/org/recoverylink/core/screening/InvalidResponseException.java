package org.recoverylink.core.screening;

import java.util.List;

/**
 * Thrown instead of a score when responses are invalid. It lists every problem in every
 * response, not just the first, and no partial result exists.
 */
public final class InvalidResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidResponseException(List<Problem> problems) {
    super(describe(problems));
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid response has at least one problem");
    }
  }

  /** Every problem found, in the order the responses and answers were given. */
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
