package org.recoverylink.core.screening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The instrument data against the clinical reference: codes, items, points, ranges. */
class InstrumentsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "-", value = {
      // id, items, min, max, LOINC panel, LOINC total (reference 6.1)
      "audit,   10, 0, 40, 72110-0, 75624-7",
      "audit-c,  3, 0, 12, 72109-2, 75626-2",
      "fast,     4, 0, 16, -,       -",
      "phq-9,    9, 0, 27, 44249-1, 44261-6",
      "phq-2,    2, 0,  6, 55757-9, 55758-7",
      "gad-7,    7, 0, 21, 69737-5, 70274-6",
      "gad-2,    2, 0,  6, -,       -",
      "dast-10, 10, 0, 10, 82666-9, 82667-7",
  })
  void shapeAndCodes(String id, int items, int min, int max, String panel, String total) {
    Instrument instrument = Instruments.require(id);

    assertEquals(items, instrument.items().size());
    assertEquals(min, instrument.minTotal());
    assertEquals(max, instrument.maxTotal());
    assertEquals(Optional.ofNullable(panel), instrument.panelCode());
    assertEquals(Optional.ofNullable(total), instrument.totalCode());
    if (panel != null) {
      assertEquals(instrument, Instruments.findByPanelCode(panel).orElseThrow());
    }
    if (total != null) {
      assertEquals(instrument, Instruments.findByTotalCode(total).orElseThrow());
    }
    for (int i = 0; i < items; i++) {
      assertEquals(id + "-" + (i + 1), instrument.items().get(i).id());
    }
  }

  @Test
  void itemCodesFollowTheLoincPanels() {
    assertEquals(List.of("68518-0", "68519-8", "68520-6", "97734-8", "97735-5", "97736-3",
        "97737-1", "97738-9", "97739-7", "97740-5"), codes(Instruments.AUDIT));
    assertEquals(List.of("68518-0", "68519-8", "68520-6"), codes(Instruments.AUDIT_C));
    assertEquals(List.of("44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
        "44252-5", "44253-3", "44260-8"), codes(Instruments.PHQ_9));
    assertEquals(List.of("44250-9", "44255-8"), codes(Instruments.PHQ_2));
    assertEquals(List.of("69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
        "69736-7"), codes(Instruments.GAD_7));
    assertEquals(List.of("69725-0", "68509-9"), codes(Instruments.GAD_2));
    assertTrue(Instruments.FAST.items().stream().allMatch(i -> i.code().isEmpty()));
    assertTrue(Instruments.DAST_10.items().stream().allMatch(i -> i.code().isEmpty()));
  }

  @Test
  void auditCarriesAuditCTotalAsSnomedOnlyWhereVerified() {
    assertEquals(Optional.of("763256006"), Instruments.AUDIT_C.snomedTotalCode());
    assertEquals(Optional.empty(), Instruments.AUDIT.snomedTotalCode());
  }

  @Test
  void pointsOfEachItemFollowTheReference() {
    for (int n = 1; n <= 8; n++) {
      assertEquals(List.of(0, 1, 2, 3, 4), points(Instruments.AUDIT, n), "AUDIT " + n);
    }
    assertEquals(List.of(0, 2, 4), points(Instruments.AUDIT, 9));
    assertEquals(List.of(0, 2, 4), points(Instruments.AUDIT, 10));
    assertEquals(List.of(0, 2, 4), points(Instruments.FAST, 4));
    for (int n = 1; n <= 9; n++) {
      assertEquals(List.of(0, 1, 2, 3), points(Instruments.PHQ_9, n), "PHQ-9 " + n);
    }
  }

  @Test
  void dastQuestionThreeIsReverseScored() {
    for (Item item : Instruments.DAST_10.items()) {
      int yes = item.option("yes").orElseThrow().points();
      int no = item.option("no").orElseThrow().points();
      assertEquals(item.number() == 3 ? List.of(0, 1) : List.of(1, 0), List.of(yes, no),
          item.id());
    }
  }

  @Test
  void ukWordingUsesUnitsAndTheSexSpecificBingeThreshold() {
    assertTrue(Instruments.AUDIT.items().get(1).text().contains("units"));
    assertTrue(Instruments.AUDIT_C.items().get(2).text()
        .contains("6 or more units if female, or 8 or more if male"));
    assertEquals(Instruments.AUDIT.items().get(2).text(), Instruments.FAST.items().get(0).text());
  }

  @Test
  void sharedItemsAreFoundInEveryInstrumentThatUsesThem() {
    assertEquals(List.of(Instruments.AUDIT, Instruments.AUDIT_C),
        Instruments.withItem("68518-0"));
    assertEquals(List.of(Instruments.PHQ_9, Instruments.PHQ_2),
        Instruments.withItem("44250-9"));
    assertEquals(List.of(Instruments.PHQ_9), Instruments.withItem("44260-8"));
    assertEquals(List.of(), Instruments.withItem("12345-6"));
    assertEquals("phq-9-9", Instruments.PHQ_9.itemByCode("44260-8").orElseThrow().id());
    // Items without LOINC codes are known by id, and an id is not a code.
    assertEquals(List.of(Instruments.FAST), Instruments.withItem("fast-1"));
    assertEquals("fast-1", Instruments.FAST.itemByCodeOrIdOrNull("fast-1").id());
    assertEquals(Optional.empty(), Instruments.FAST.itemByCode("fast-1"));
  }

  @Test
  void lookUpsComeInPairs() {
    assertEquals(Optional.empty(), Instruments.find("cage"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Instruments.require("cage"));
    assertTrue(e.getMessage().contains("cage") && e.getMessage().contains("audit-c"));
    assertFalse(Instruments.AUDIT.item("audit-11").isPresent());
    assertEquals(Optional.empty(), Instruments.findByPanelCode("75624-7"));
  }

  private static List<String> codes(Instrument instrument) {
    return instrument.items().stream().map(i -> i.code().orElseThrow()).toList();
  }

  private static List<Integer> points(Instrument instrument, int number) {
    return instrument.items().get(number - 1).options().stream().map(AnswerOption::points)
        .toList();
  }
}
