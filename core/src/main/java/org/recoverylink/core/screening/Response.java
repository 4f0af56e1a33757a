package org.recoverylink.core.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A person's answers to one instrument, as given: nothing is checked until it is scored, so a
 * response can hold every mistake a form can make and the scorer reports them all at once.
 *
 * <pre>{@code
 * Response response = Response.builder("audit-c")
 *     .choose("audit-c-1", "2-3-times-a-week")
 *     .points("audit-c-2", 2)
 *     .choose("audit-c-3", "monthly")
 *     .build();
 * }</pre>
 *
 * @param instrumentId the instrument answered, e.g. {@code audit-c}
 * @param answers      the answers in the order given
 */
public record Response(String instrumentId, List<Answer> answers) {

  public Response {
    Objects.requireNonNull(instrumentId, "instrumentId");
    answers = List.copyOf(answers);
  }

  public static Builder builder(String instrumentId) {
    return new Builder(Objects.requireNonNull(instrumentId, "instrumentId"));
  }

  /** Collects answers in order; duplicates are kept so that scoring can report them. */
  public static final class Builder {
    private final String instrumentId;
    private final List<Answer> answers = new ArrayList<>();

    private Builder(String instrumentId) {
      this.instrumentId = instrumentId;
    }

    /** Records the option chosen for an item. */
    public Builder choose(String itemId, String optionCode) {
      answers.add(new Answer.Choice(itemId, optionCode));
      return this;
    }

    /** Records the points given for an item. */
    public Builder points(String itemId, int points) {
      answers.add(new Answer.Points(itemId, points));
      return this;
    }

    public Builder answer(Answer answer) {
      answers.add(Objects.requireNonNull(answer, "answer"));
      return this;
    }

    public Response build() {
      return new Response(instrumentId, answers);
    }
  }
}
