package org.recoverylink.core.reporting;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A linear relation that a report's own definitions state between its counts, so that a reader
 * of the report knows it too: the sum of each count times its coefficient is zero. The parts of
 * a breakdown that counts everything once add up to its total ({@link #sum}); one count shown in
 * two places is the same number ({@link #same}). Suppression uses them to keep a hidden count
 * from being worked out of the shown ones ({@link SmallNumbers#suppress}).
 *
 * @param terms each count's coefficient, none zero
 * @param <K>   how the report names its counts
 */
public record Relation<K>(Map<K, Integer> terms) {

  public Relation {
    Objects.requireNonNull(terms, "terms");
    if (terms.size() < 2 || terms.containsValue(0)) {
      throw new IllegalArgumentException("a relation holds between two counts or more, each"
          + " with a coefficient other than 0: " + terms);
    }
    terms = Map.copyOf(terms);
  }

  /** {@code total} is the sum of {@code parts}. */
  public static <K> Relation<K> sum(K total, Collection<K> parts) {
    Map<K, Integer> terms = new LinkedHashMap<>();
    terms.put(total, 1);
    for (K part : parts) {
      if (terms.put(part, -1) != null) {
        throw new IllegalArgumentException(part + " is named twice in a sum");
      }
    }
    return new Relation<>(terms);
  }

  /** {@code one} and {@code other} are the same count. */
  public static <K> Relation<K> same(K one, K other) {
    if (one.equals(other)) {
      throw new IllegalArgumentException(one + " is the same as itself: no relation");
    }
    return new Relation<>(Map.of(one, 1, other, -1));
  }
}
