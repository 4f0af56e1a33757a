package org.recoverylink.core.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SmallNumbersTest {

  private static final Cell HIDDEN = new Cell.Suppressed();

  private static Cell shown(long count) {
    return new Cell.Shown(count);
  }

  @Test
  void countsFromOneToFourAreSuppressedZeroAndFiveAreShown() {
    SmallNumbers rule = SmallNumbers.DEFAULT;
    assertEquals(shown(0), rule.cell(0));
    for (long count = 1; count <= 4; count++) {
      assertTrue(rule.cell(count).suppressed(), count + " must not be shown");
    }
    assertEquals(shown(5), rule.cell(5));
    assertEquals(shown(1_000_000), rule.cell(1_000_000));
  }

  @Test
  void aSingleSuppressedPartTakesTheNextSmallestWithItSoNoSubtractionGivesItBack() {
    // total 40 shown: 3 alone hidden would be 40 - 20 - 11 - 6 = 3
    assertEquals(List.of(shown(20), HIDDEN, shown(11), HIDDEN, shown(0)),
        SmallNumbers.DEFAULT.breakdown(List.of(20L, 3L, 11L, 6L, 0L)));
  }

  @Test
  void twoSuppressedPartsNeedNothingMoreAndZerosStayShown() {
    assertEquals(List.of(HIDDEN, shown(0), HIDDEN, shown(9)),
        SmallNumbers.DEFAULT.breakdown(List.of(2L, 0L, 4L, 9L)));
  }

  @Test
  void aBreakdownWithNothingSmallIsShownWhole() {
    assertEquals(List.of(shown(5), shown(7), shown(0)),
        SmallNumbers.DEFAULT.breakdown(List.of(5L, 7L, 0L)));
  }

  @Test
  void aLoneSmallPartWithOnlyZerosBesideItStaysTheOnlyOneHidden() {
    assertEquals(List.of(HIDDEN, shown(0)), SmallNumbers.DEFAULT.breakdown(List.of(3L, 0L)));
  }

  @Test
  void aWiderLocalRuleIsConfiguration() {
    SmallNumbers upToTen = new SmallNumbers(1, 10);
    assertTrue(upToTen.cell(10).suppressed());
    assertEquals(shown(11), upToTen.cell(11));
  }

  @Test
  void nonsenseRulesAndCountsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SmallNumbers(0, 4));
    assertThrows(IllegalArgumentException.class, () -> new SmallNumbers(5, 4));
    assertThrows(IllegalArgumentException.class, () -> SmallNumbers.DEFAULT.cell(-1));
  }
}
