package org.recoverylink.server.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What the store counted for one indicator, before the small-number rule: the count, its
 * breakdowns (breakdown code to value code to count) and the derived score, if any.
 */
record Tally(long count, Map<String, Map<String, Long>> breakdowns, OptionalDouble score) {

  Tally {
    Objects.requireNonNull(score, "score");
    Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
    breakdowns.forEach((code, values) -> copy.put(code, Map.copyOf(values)));
    breakdowns = Map.copyOf(copy);
  }

  static Tally of(long count) {
    return new Tally(count, Map.of(), OptionalDouble.empty());
  }

  static Tally of(long count, String breakdown, Map<String, Long> values) {
    return new Tally(count, Map.of(breakdown, values), OptionalDouble.empty());
  }

  static Tally scored(long count, OptionalDouble score) {
    return new Tally(count, Map.of(), score);
  }
}
