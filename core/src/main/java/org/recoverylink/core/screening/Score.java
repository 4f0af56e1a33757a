package org.recoverylink.core.screening;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.recoverylink.core.rules.Rationale;

/**
 * A scored response: the exact integer total, its band, and why.
 *
 * @param instrument the instrument scored
 * @param answers    the chosen option of each answered item, in item order (FAST leaves out the
 *                   questions its first stage made unnecessary)
 * @param total      the sum of the answers' points
 * @param band       the band the total (or FAST's rule) placed the response in
 * @param rationale  the banding rule, the rule set version and the inputs it used
 */
public record Score(Instrument instrument, List<AnswerOption> answers, int total, Band band,
    Rationale rationale) {

  public Score {
    Objects.requireNonNull(instrument, "instrument");
    answers = answers instanceof AnswerList ? answers : List.copyOf(answers);
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(rationale, "rationale");
  }

  /** The answer given to an item, if it was answered. */
  public Optional<AnswerOption> answer(String itemId) {
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).itemId().equals(itemId)) {
        return Optional.of(answers.get(i));
      }
    }
    return Optional.empty();
  }

  /** The points given to an item, if it was answered. */
  public OptionalInt points(String itemId) {
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).itemId().equals(itemId)) {
        return OptionalInt.of(answers.get(i).points());
      }
    }
    return OptionalInt.empty();
  }

  /** Shorthand for {@code instrument().id()}. */
  public String instrumentId() {
    return instrument.id();
  }
}
