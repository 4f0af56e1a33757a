package org.recoverylink.core.directory;

import java.util.List;

/** A directory that cannot be used, with every problem found; nothing of it is loaded. */
public final class InvalidDirectoryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public InvalidDirectoryException(String directory, List<String> problems) {
    super("directory " + directory + " has " + problems.size()
        + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, each naming the service or district concerned. */
  public List<String> problems() {
    return problems;
  }
}
