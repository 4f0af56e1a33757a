package org.recoverylink.core.reporting;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PercentileTest {

  @Test
  void theMedianOfAnOddSetIsItsMiddleValueInAnyOrder() {
    assertEquals(3.0, Percentile.of(new double[] {9, 1, 3}, 0.5));
  }

  @Test
  void betweenRanksItInterpolatesAsPercentileIncDoes() {
    // PERCENTILE.INC({1,2,3,4}, 0.5) = 2.5; ({1,2,3,4}, 0.9) = 3.7 (rank 2.7 from 0)
    assertEquals(2.5, Percentile.of(new double[] {4, 3, 2, 1}, 0.5), 1e-12);
    assertEquals(3.7, Percentile.of(new double[] {1, 2, 3, 4}, 0.9), 1e-12);
  }

  @Test
  void theValuesGivenAreNotReordered() {
    double[] values = {5, 1, 4};
    Percentile.of(values, 0.9);
    assertArrayEquals(new double[] {5, 1, 4}, values);
  }

  @Test
  void oneValueIsEveryPercentileAndNothingHasNone() {
    assertEquals(7.0, Percentile.of(new double[] {7}, 0.9));
    assertThrows(IllegalArgumentException.class, () -> Percentile.of(new double[0], 0.5));
    assertThrows(IllegalArgumentException.class, () -> Percentile.of(new double[] {1}, 1.5));
  }
}
