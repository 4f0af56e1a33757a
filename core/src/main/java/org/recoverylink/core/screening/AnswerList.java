package org.recoverylink.core.screening;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list over an array that the scorer created and never touches again, so a score
 * can hold its answers without copying them a second time.
 */
final class AnswerList extends AbstractList<AnswerOption> implements RandomAccess {

  private final AnswerOption[] answers;

  /** Takes ownership of {@code answers}: the caller must not keep or change the array. */
  AnswerList(AnswerOption[] answers) {
    this.answers = answers;
  }

  @Override
  public AnswerOption get(int index) {
    return answers[index];
  }

  @Override
  public int size() {
    return answers.length;
  }
}
