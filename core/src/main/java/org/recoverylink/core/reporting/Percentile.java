package org.recoverylink.core.reporting;

import java.util.Arrays;

/**
 * A percentile of a set of values by linear interpolation between the closest ranks: the method
 * of SQL's {@code PERCENTILE_CONT} and spreadsheets' {@code PERCENTILE.INC}, so a commissioner
 * recomputing a median from a spreadsheet gets the same number.
 */
public final class Percentile {

  private Percentile() {
  }

  /**
   * @param values   the values, in any order (not changed)
   * @param fraction 0.5 for the median, 0.9 for the 90th percentile
   * @throws IllegalArgumentException when there are no values or the fraction is outside 0..1
   */
  public static double of(double[] values, double fraction) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values: a percentile of nothing is undefined");
    }
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException("a percentile is a fraction from 0 to 1: " + fraction);
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = fraction * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = (int) Math.ceil(rank);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
