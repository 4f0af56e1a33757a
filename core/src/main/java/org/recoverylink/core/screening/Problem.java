package org.recoverylink.core.screening;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One thing wrong with the responses given for scoring, located precisely enough for an adapter
 * to point at the offending element (e.g. a FHIRPath to a QuestionnaireResponse item).
 *
 * @param code          the kind of problem
 * @param responseIndex 0-based position of the response among those given
 * @param instrumentId  the instrument the response claims to answer
 * @param itemId        the item concerned, where there is one
 * @param answerIndex   0-based position of the answer within the response, where there is one
 * @param message       plain-English description, naming the item and value
 */
public record Problem(ProblemCode code, int responseIndex, String instrumentId,
    Optional<String> itemId, OptionalInt answerIndex, String message) {

  public Problem {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(instrumentId, "instrumentId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(answerIndex, "answerIndex");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return code.code() + " response " + responseIndex
        + answerIndex.stream().mapToObj(i -> " answer " + i).findFirst().orElse("")
        + ": " + message;
  }
}
