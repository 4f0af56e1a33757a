package org.recoverylink.core.screening;

import java.util.Objects;

/** One answer in a response: either the option chosen, or the points given. */
public sealed interface Answer {

  /** The item answered, e.g. {@code audit-3}. */
  String itemId();

  /** The person chose the option with this code. */
  record Choice(String itemId, String optionCode) implements Answer {
    public Choice {
      Objects.requireNonNull(itemId, "itemId");
      Objects.requireNonNull(optionCode, "optionCode");
    }
  }

  /** The form recorded points only (as many GP forms do); they must match one of the options. */
  record Points(String itemId, int points) implements Answer {
    public Points {
      Objects.requireNonNull(itemId, "itemId");
    }
  }
}
