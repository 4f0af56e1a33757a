package org.recoverylink.core.reporting;

/** One count of a report as it may be published: shown, or suppressed as too small. */
public sealed interface Cell {

  /** A count that may be shown. */
  record Shown(long count) implements Cell {
    public Shown {
      if (count < 0) {
        throw new IllegalArgumentException("a count is never negative: " + count);
      }
    }
  }

  /**
   * A count withheld: it was small enough to single someone out, or it would let a reader work
   * out one that was.
   */
  record Suppressed() implements Cell {
  }

  default boolean suppressed() {
    return this instanceof Suppressed;
  }
}
