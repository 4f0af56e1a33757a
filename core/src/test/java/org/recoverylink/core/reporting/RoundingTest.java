package org.recoverylink.core.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundingTest {

  @Test
  void toTheNearestFiveAsNhsPublicationsRound() {
    Rounding five = Rounding.NEAREST_5;
    long[][] expected = {{0, 0}, {5, 5}, {6, 5}, {7, 5}, {8, 10}, {12, 10}, {13, 15},
        {35, 35}, {1_003, 1_005}};
    for (long[] pair : expected) {
      assertEquals(new Cell.Shown(pair[1]), five.apply(new Cell.Shown(pair[0])),
          pair[0] + " to the nearest 5");
    }
    assertTrue(five.apply(new Cell.Suppressed()).suppressed(), "suppressed stays suppressed");
    assertTrue(five.rounds());
  }

  @Test
  void noRoundingShowsCountsAsTheyAre() {
    assertEquals(new Cell.Shown(7), Rounding.NONE.apply(new Cell.Shown(7)));
    assertFalse(Rounding.NONE.rounds());
  }

  @Test
  void anEvenMultipleRoundsHalfUp() {
    assertEquals(new Cell.Shown(20), new Rounding(10).apply(new Cell.Shown(15)));
    assertEquals(new Cell.Shown(10), new Rounding(10).apply(new Cell.Shown(14)));
  }

  @Test
  void aMultipleBelowOneIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Rounding(0));
  }
}
