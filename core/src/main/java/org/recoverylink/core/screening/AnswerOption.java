package org.recoverylink.core.screening;

import java.util.Objects;

/**
 * One answer a person can give to one item, with its points. An option belongs to exactly one
 * item (it names it), so a score can list the chosen options alone.
 *
 * @param itemId the item this option answers
 * @param code   stable code of the option within its item, e.g. {@code monthly-or-less}
 * @param text   UK wording shown to the person
 * @param points the points this answer scores
 */
public record AnswerOption(String itemId, String code, String text, int points) {

  public AnswerOption {
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
  }
}
