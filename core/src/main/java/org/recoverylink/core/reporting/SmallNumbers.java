package org.recoverylink.core.reporting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The small-number rule for published activity counts: a count from {@code lowest} to
 * {@code highest} is suppressed (shown as suppressed, never as its value); zero and larger counts
 * are shown. The default, 1 to 4, is the rule for commissioner reports; local disclosure
 * policies differ (some suppress up to 5 or 10), so it is configuration.
 *
 * <p>A breakdown of a shown total must not give back a suppressed cell by subtraction: where only
 * one cell of a breakdown is suppressed, the next smallest non-zero cell is suppressed with it
 * (complementary suppression).
 *
 * @param lowest  the smallest count suppressed, at least 1
 * @param highest the largest count suppressed
 */
public record SmallNumbers(int lowest, int highest) {

  /** Counts 1 to 4 suppressed. */
  public static final SmallNumbers DEFAULT = new SmallNumbers(1, 4);

  public SmallNumbers {
    if (lowest < 1 || highest < lowest) {
      throw new IllegalArgumentException("suppress counts from " + lowest + " to " + highest
          + "? The range starts at 1 or more and does not run backwards");
    }
  }

  /** One count on its own. */
  public Cell cell(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count is never negative: " + count);
    }
    return count >= lowest && count <= highest ? new Cell.Suppressed() : new Cell.Shown(count);
  }

  /**
   * The cells of a breakdown of one total (e.g. screenings by instrument), in the order given.
   *
   * @param counts the count of each part
   */
  public List<Cell> breakdown(List<Long> counts) {
    List<Cell> cells = new ArrayList<>(counts.size());
    counts.forEach(count -> cells.add(cell(count)));
    long suppressed = cells.stream().filter(Cell::suppressed).count();
    if (suppressed == 1) {
      IntStream.range(0, counts.size())
          .filter(i -> !cells.get(i).suppressed() && counts.get(i) > 0)
          .boxed().min(Comparator.comparing(counts::get))
          .ifPresent(i -> cells.set(i, new Cell.Suppressed()));
    }
    return List.copyOf(cells);
  }
}
