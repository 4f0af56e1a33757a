package org.recoverylink.core.text;

/**
 * How every message quotes a value it was given: whole when short, otherwise its first
 * {@link #MAX} characters and "...". A refusal must name what it refuses without echoing a
 * megabyte of it back, and a caller's value may be anything.
 */
public final class Quote {

  /** The most characters of a value a message quotes. */
  public static final int MAX = 64;

  private Quote() {
  }

  /** The value in double quotes, cut to {@link #MAX} characters (marked "...") when longer. */
  public static String of(Object value) {
    return "\"" + prefix(String.valueOf(value), MAX) + "\"";
  }

  /**
   * At most {@code max} characters of a text, then "..." when it was longer; never splits a
   * surrogate pair.
   */
  public static String prefix(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
    return text.substring(0, end) + "...";
  }
}
