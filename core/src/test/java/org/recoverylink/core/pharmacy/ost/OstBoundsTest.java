package org.recoverylink.core.pharmacy.ost;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * Sane bounds on doses and quantities: each bound itself is taken, the least amount over it is
 * refused, naming the field and the bound; nothing absurd reaches a decision.
 */
class OstBoundsTest {

  static final LocalDate MON = OstRulesTest.MON;
  final OstRules rules = new OstRules(OstSettings.ukDefault());

  static OstPrescription prescription(OstMedicine medicine, String dose) {
    return new OstPrescription("rx-1", "9434765919", medicine, new BigDecimal(dose),
        InstalmentSchedule.daily(), Optional.empty(), MON, MON.plusDays(13), OstRulesTest.GP,
        OstRulesTest.KEYWORKER);
  }

  static Problem only(InvalidPharmacyDataException refused) {
    assertEquals(1, refused.problems().size(), refused.getMessage());
    return refused.problems().get(0);
  }

  @ParameterizedTest
  @CsvSource({"methadone, 2000, 2000.001", "buprenorphine, 96, 96.001",
      "buprenorphine-naloxone, 96, 96.001"})
  void aDailyDoseUpToTheBoundIsTakenAndAThousandthMoreIsNot(String medicine, String bound,
      String over) {
    OstMedicine given = OstMedicine.fromCode(medicine);
    assertDoesNotThrow(() -> rules.check(prescription(given, bound)));
    assertTrue(rules.beforeDispense(prescription(given, bound), List.of(), MON,
        Presentation.USUAL) instanceof DispenseDecision.Dispense);

    Problem problem = only(assertThrows(InvalidPharmacyDataException.class,
        () -> rules.check(prescription(given, over))));
    assertEquals("dailyDose", problem.field());
    assertTrue(problem.message().contains("at most " + bound + " mg a day of " + medicine),
        problem.message());
    assertEquals("dailyDose", only(assertThrows(InvalidPharmacyDataException.class,
        () -> rules.beforeDispense(prescription(given, over), List.of(), MON,
            Presentation.USUAL))).field(), "no decision on it");
    assertEquals("dailyDose", only(assertThrows(InvalidPharmacyDataException.class,
        () -> rules.missed(prescription(given, over), List.of(), MON))).field());
  }

  @Test
  void aDoseOfOneFollowedByNineHundredAndNinetyNineZerosIsRefused() {
    assertEquals("dailyDose", only(assertThrows(InvalidPharmacyDataException.class,
        () -> rules.check(prescription(OstMedicine.METHADONE, "1e999")))).field());
  }

  @Test
  void theBoundIsConfigurablePerMedicine() {
    OstRules higher = new OstRules(OstSettings.ukDefault()
        .withMaxDailyDose(OstMedicine.METHADONE, new BigDecimal("2500")));
    assertDoesNotThrow(() -> higher.check(prescription(OstMedicine.METHADONE, "2500")));
    assertThrows(InvalidPharmacyDataException.class,
        () -> higher.check(prescription(OstMedicine.METHADONE, "2500.001")));
    assertEquals(new BigDecimal("96"), higher.settings().maxDailyDose(
        OstMedicine.BUPRENORPHINE), "the others keep theirs");
    assertEquals(OstSettings.ukDefault().version(), higher.settings().version());
    OstSettings lower = OstSettings.local("strict-ost", "1", 2)
        .withMaxDailyDose(OstMedicine.BUPRENORPHINE, new BigDecimal("32"));
    assertThrows(InvalidPharmacyDataException.class, () -> new OstRules(lower)
        .check(prescription(OstMedicine.BUPRENORPHINE, "32.001")));
    assertThrows(IllegalArgumentException.class, () -> OstSettings.ukDefault()
        .withMaxDailyDose(OstMedicine.METHADONE, BigDecimal.ZERO));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-60", "-0.001", "60.0001", "0.0001", "1E-999"})
  void aDoseNotAboveZeroOrFinerThanAThousandthIsRefused(String dose) {
    InvalidPharmacyDataException refused = assertThrows(InvalidPharmacyDataException.class,
        () -> prescription(OstMedicine.METHADONE, dose));
    assertEquals("dailyDose", only(refused).field());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.001", "60.123", "60.1230000", "6E+1"})
  void aDoseToAThousandthIsTaken(String dose) {
    assertDoesNotThrow(() -> prescription(OstMedicine.METHADONE, dose));
  }

  @Test
  void aSupplyIsAboveZeroToAThousandthAndAtMostItsDaysAtTheBound() {
    List<LocalDate> two = List.of(MON, MON.plusDays(1));
    for (String quantity : List.of("0", "-1", "120.0005")) {
      assertEquals("quantity", only(assertThrows(InvalidPharmacyDataException.class,
          () -> new OstEvent.Dispensed("rx-1", MON, two, false, new BigDecimal(quantity))))
          .field(), quantity);
    }
    OstMedicine methadone = OstMedicine.METHADONE;
    assertDoesNotThrow(() -> rules.check(methadone, new OstEvent.Dispensed("rx-1", MON, two,
        false, new BigDecimal("4000"))));
    Problem over = only(assertThrows(InvalidPharmacyDataException.class, () -> rules.check(
        methadone, new OstEvent.Dispensed("rx-1", MON, two, false,
            new BigDecimal("4000.001")))));
    assertEquals("quantity", over.field());
    assertTrue(over.message().contains("at most 4000 mg"), over.message());
    assertEquals(2, assertThrows(InvalidPharmacyDataException.class,
        () -> new OstEvent.Dispensed("rx-1", MON, List.of(), false, BigDecimal.ZERO))
        .problems().size(), "every problem at once");
  }
}
