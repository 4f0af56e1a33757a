package org.recoverylink.server.config;

import java.util.Locale;
import java.util.Optional;

/** {@code --log-format}: how the server writes its log lines (to standard error). */
public enum LogFormat {
  /** One line of text per event, as people read it: the default. */
  TEXT,
  /** One JSON object per line, for log collectors, with the request's correlation id. */
  JSON;

  /** The format an option value names ({@code text} or {@code json}). */
  public static Optional<LogFormat> named(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "text" -> Optional.of(TEXT);
      case "json" -> Optional.of(JSON);
      default -> Optional.empty();
    };
  }
}
