package org.recoverylink.core.codelist;

import java.util.List;

/** Code lists that cannot be used, with every problem found (file, line and what is wrong). */
public final class CodeListException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient List<String> problems;

  public CodeListException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
