package org.recoverylink.core.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallNumbersTest {

  private static final Cell HIDDEN = new Cell.Suppressed();

  private static Cell shown(long count) {
    return new Cell.Shown(count);
  }

  /** Counts named by their order, "a", "b", ...; "t" their total when {@code total} is given. */
  private static Map<String, Long> counts(long... values) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      counts.put(String.valueOf((char) ('a' + i)), values[i]);
    }
    return counts;
  }

  /** A total "t" of the parts, first, then the parts. */
  private static Map<String, Long> withTotal(long... parts) {
    Map<String, Long> counts = new LinkedHashMap<>();
    long total = 0;
    for (long part : parts) {
      total += part;
    }
    counts.put("t", total);
    counts.putAll(counts(parts));
    return counts;
  }

  private static Relation<String> totalOfParts(Map<String, Long> counts) {
    return Relation.sum("t", counts.keySet().stream().filter(k -> !k.equals("t")).toList());
  }

  private static List<Cell> cells(Map<String, Cell> published) {
    return List.copyOf(published.values());
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
  void aSingleSuppressedPartTakesTheSmallestOtherWithItSoNoSubtractionGivesItBack() {
    // total 40 shown: 3 alone hidden would be 40 - 20 - 11 - 6 = 3
    Map<String, Long> counts = withTotal(20, 3, 11, 6, 0);
    assertEquals(List.of(shown(40), shown(20), HIDDEN, shown(11), HIDDEN, shown(0)),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of(totalOfParts(counts)))));
  }

  @Test
  void twoSuppressedPartsNeedNothingMoreAndZerosStayShown() {
    Map<String, Long> counts = withTotal(2, 0, 4, 9);
    assertEquals(List.of(shown(15), HIDDEN, shown(0), HIDDEN, shown(9)),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of(totalOfParts(counts)))));
  }

  @Test
  void aBreakdownWithNothingSmallIsShownWhole() {
    Map<String, Long> counts = withTotal(5, 7, 0);
    assertEquals(List.of(shown(12), shown(5), shown(7), shown(0)),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of(totalOfParts(counts)))));
  }

  @Test
  void aSmallTotalWithOneSmallPartHidesBothAndNothingElse() {
    Map<String, Long> counts = withTotal(3, 0);
    assertEquals(List.of(HIDDEN, HIDDEN, shown(0)),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of(totalOfParts(counts)))));
  }

  /**
   * The case: screenings 35 by instrument (AUDIT-C 3, AUDIT 32), and the full AUDITs
   * (32) by band as a group of their own, equal to the AUDIT part. Hiding the AUDIT part with
   * the AUDIT-C one gives nothing: the full AUDITs' total shows it. Hiding the screenings total
   * does, and is the least that does.
   */
  @Test
  void aCountSharedWithAnotherGroupIsNotTakenAsTheComplement() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("screenings", 35L);
    counts.put("screenings/audit-c", 3L);
    counts.put("screenings/audit", 32L);
    counts.put("screenings/phq-9", 0L);
    counts.put("full-audit", 32L);
    counts.put("full-audit/lower-risk", 20L);
    counts.put("full-audit/possible-dependence", 12L);
    List<Relation<String>> relations = List.of(
        Relation.sum("screenings", List.of("screenings/audit-c", "screenings/audit",
            "screenings/phq-9")),
        Relation.sum("full-audit", List.of("full-audit/lower-risk",
            "full-audit/possible-dependence")),
        Relation.same("screenings/audit", "full-audit"));
    Map<String, Cell> published = SmallNumbers.DEFAULT.suppress(counts, relations);
    assertEquals(List.of(HIDDEN, HIDDEN, shown(32), shown(0), shown(32), shown(20), shown(12)),
        cells(published));
  }

  @Test
  void aChainOfSharedCountsIsFollowedUntilNothingHiddenCanBeWorkedOut() {
    // a = b + c, c = d, d = e + f: c (2) hidden; d shows it unless d goes, then e or f must.
    Map<String, Long> counts = counts(30, 28, 2, 2, 1, 1);
    List<Relation<String>> relations = List.of(Relation.sum("a", List.of("b", "c")),
        Relation.same("c", "d"), Relation.sum("d", List.of("e", "f")));
    Map<String, Cell> published = SmallNumbers.DEFAULT.suppress(counts, relations);
    assertTrue(published.get("c").suppressed() && published.get("d").suppressed());
    assertTrue(published.get("a").suppressed() || published.get("b").suppressed(),
        "a - b would give c back");
  }

  @Test
  void theSmallestCountThatProtectsIsChosenAndTiesGoToTheFirst() {
    Map<String, Long> counts = withTotal(9, 3, 9, 6);
    assertEquals(List.of(shown(27), shown(9), HIDDEN, shown(9), HIDDEN),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of(totalOfParts(counts)))));
    Map<String, Long> even = withTotal(3, 8, 8);
    assertEquals(List.of(shown(19), HIDDEN, HIDDEN, shown(8)),
        cells(SmallNumbers.DEFAULT.suppress(even, List.of(totalOfParts(even)))));
  }

  @Test
  void countsWithoutRelationsAreSuppressedAloneAndKeepTheirOrder() {
    Map<String, Long> counts = counts(6, 3, 0);
    assertEquals(List.of("a", "b", "c"),
        List.copyOf(SmallNumbers.DEFAULT.suppress(counts, List.of()).keySet()));
    assertEquals(List.of(shown(6), HIDDEN, shown(0)),
        cells(SmallNumbers.DEFAULT.suppress(counts, List.of())));
  }

  @Test
  void aRelationNamingACountNotInTheReportIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> SmallNumbers.DEFAULT.suppress(
        counts(6, 3), List.of(Relation.same("a", "z"))));
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
    assertThrows(IllegalArgumentException.class, () -> Relation.same("a", "a"));
  }
}
