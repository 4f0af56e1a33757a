package org.recoverylink.core.pharmacy;

import java.util.Objects;

/**
 * One thing wrong with a pharmacy event or prescription, named precisely enough for a PMR
 * system to put it next to the field it concerns.
 *
 * @param field   the field concerned, as the Java API names it (e.g. {@code client.initials})
 * @param message plain English, never echoing identifying data back
 */
public record Problem(String field, String message) {

  public Problem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
