package org.recoverylink.core.pharmacy.depot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.depot.DepotSettings.Timing;
import org.recoverylink.core.pharmacy.depot.DepotStatus.Appointment;

/**
 * Appointments in March and April 2026; the first injection on Monday 2 March. Default windows:
 * weekly every 7 days +/- 2, monthly every 28 days +/- 7.
 */
class DepotRulesTest {

  static final String NHS = "9434765919";
  static final LocalDate MAR_2 = LocalDate.of(2026, 3, 2);
  static final DepotPlan WEEKLY_16 = new DepotPlan(NHS, DepotInterval.WEEKLY, 16, MAR_2);
  static final DepotPlan MONTHLY_128 = new DepotPlan(NHS, DepotInterval.MONTHLY, 128, MAR_2);

  final DepotRules rules = new DepotRules(DepotSettings.ukDefault());

  static LocalDate march(int day) {
    return LocalDate.of(2026, 3, day);
  }

  static Appointment appointment(LocalDate opens, LocalDate due, LocalDate closes) {
    return new Appointment(opens, due, closes);
  }

  static List<String> fields(Runnable call) {
    return assertThrows(InvalidPharmacyDataException.class, call::run).problems().stream()
        .map(Problem::field).toList();
  }

  @Nested
  class Weekly {

    final List<Injection> given = List.of(Injection.scheduled(MAR_2, 16));
    final Appointment ninth = appointment(march(7), march(9), march(11));

    @Test
    void theFirstInjectionIsDueOnThePlansFirstDay() {
      Appointment first = appointment(LocalDate.of(2026, 2, 28), MAR_2, march(4));
      assertEquals(new DepotStatus.NotYetDue(first, DepotRules.NOT_YET_DUE,
          DepotSettings.ukDefault().version()),
          rules.status(WEEKLY_16, List.of(), LocalDate.of(2026, 2, 27)));
      assertInstanceOf(DepotStatus.Due.class,
          rules.status(WEEKLY_16, List.of(), LocalDate.of(2026, 2, 28)));
      assertInstanceOf(DepotStatus.Due.class, rules.status(WEEKLY_16, List.of(), march(4)));
      DepotStatus.Overdue missed = assertInstanceOf(DepotStatus.Overdue.class,
          rules.status(WEEKLY_16, List.of(), march(5)));
      assertEquals("depot-overdue/2026-03-02", missed.notificationKey());
    }

    @Test
    void theWindowRunsTwoDaysEitherSideOfTheDueDay() {
      assertEquals(new DepotStatus.NotYetDue(ninth, DepotRules.NOT_YET_DUE,
          DepotSettings.ukDefault().version()), rules.status(WEEKLY_16, given, march(6)));
      DepotStatus.Due opening = assertInstanceOf(DepotStatus.Due.class,
          rules.status(WEEKLY_16, given, march(7)));
      assertEquals(ninth, opening.appointment());
      assertEquals("depot-due", opening.rule().id());
      assertEquals("uk-depot|2026.1.0", opening.ruleSet().toString());
      assertInstanceOf(DepotStatus.Due.class, rules.status(WEEKLY_16, given, march(11)));
    }

    @Test
    void theDayAfterTheWindowClosesIsOverdueOncePerAppointment() {
      DepotStatus.Overdue twelfth = assertInstanceOf(DepotStatus.Overdue.class,
          rules.status(WEEKLY_16, given, march(12)));
      assertEquals(ninth, twelfth.appointment());
      assertEquals("depot-overdue", twelfth.rule().id());
      DepotStatus.Overdue later = assertInstanceOf(DepotStatus.Overdue.class,
          rules.status(WEEKLY_16, given, march(20)));
      assertEquals("depot-overdue/2026-03-09", later.notificationKey());
      assertEquals(twelfth.notificationKey(), later.notificationKey());
    }

    @Test
    void aLateInjectionMovesTheNextAppointment() {
      List<Injection> late = List.of(Injection.scheduled(MAR_2, 16),
          Injection.scheduled(march(11), 16));
      assertEquals(appointment(march(16), march(18), march(20)),
          rules.status(WEEKLY_16, late, march(13)).appointment());
    }

    @Test
    void anAdditionalDoseDoesNotMoveIt() {
      List<Injection> topUp = List.of(Injection.scheduled(MAR_2, 16),
          new Injection(march(4), 8, true));
      assertEquals(ninth, rules.status(WEEKLY_16, topUp, march(5)).appointment());
    }

    @Test
    void theHistoryMayComeInAnyOrder() {
      List<Injection> shuffled = List.of(Injection.scheduled(march(9), 16),
          Injection.scheduled(MAR_2, 16));
      assertEquals(appointment(march(14), march(16), march(18)),
          rules.status(WEEKLY_16, shuffled, march(10)).appointment());
    }
  }

  @Nested
  class Monthly {

    final List<Injection> given = List.of(Injection.scheduled(MAR_2, 128));

    @Test
    void theWindowRunsAWeekEitherSideOfTheDayTwentyEightDaysOn() {
      Appointment thirtieth = appointment(march(23), march(30), LocalDate.of(2026, 4, 6));
      assertEquals(thirtieth, assertInstanceOf(DepotStatus.NotYetDue.class,
          rules.status(MONTHLY_128, given, march(22))).appointment());
      assertInstanceOf(DepotStatus.Due.class, rules.status(MONTHLY_128, given, march(23)));
      assertInstanceOf(DepotStatus.Due.class,
          rules.status(MONTHLY_128, given, LocalDate.of(2026, 4, 6)));
      DepotStatus.Overdue missed = assertInstanceOf(DepotStatus.Overdue.class,
          rules.status(MONTHLY_128, given, LocalDate.of(2026, 4, 7)));
      assertEquals("depot-overdue/2026-03-30", missed.notificationKey());
    }

    @Test
    void injectionsOfAnEarlierPlanArePassedOver() {
      DepotPlan monthlyFromThe9th = new DepotPlan(NHS, DepotInterval.MONTHLY, 96, march(9));
      List<Injection> weekly = List.of(Injection.scheduled(MAR_2, 24));
      assertEquals(appointment(march(2), march(9), march(16)),
          rules.status(monthlyFromThe9th, weekly, march(5)).appointment());
    }
  }

  @Nested
  class LocalVariant {

    final DepotSettings oneDay = DepotSettings.ukDefault().derive("essex-depot", "2026.1",
        Map.of(DepotInterval.WEEKLY, new Timing(7, 1, 1)));
    final DepotRules local = new DepotRules(oneDay);
    final List<Injection> given = List.of(Injection.scheduled(MAR_2, 16));

    @Test
    void aNarrowerWeeklyWindowMovesBothEdges() {
      assertInstanceOf(DepotStatus.NotYetDue.class, local.status(WEEKLY_16, given, march(7)));
      DepotStatus.Due opening = assertInstanceOf(DepotStatus.Due.class,
          local.status(WEEKLY_16, given, march(8)));
      assertEquals(appointment(march(8), march(9), march(10)), opening.appointment());
      assertEquals("essex-depot|2026.1", opening.ruleSet().toString());
      assertInstanceOf(DepotStatus.Due.class, local.status(WEEKLY_16, given, march(10)));
      assertInstanceOf(DepotStatus.Overdue.class, local.status(WEEKLY_16, given, march(11)));
    }

    @Test
    void whatIsNotOverriddenIsKept() {
      assertEquals(new Timing(28, 7, 7), oneDay.timing(DepotInterval.MONTHLY));
      assertEquals(new Timing(7, 2, 2), DepotSettings.ukDefault().timing(DepotInterval.WEEKLY));
    }

    @Test
    void aVariantNeedsItsOwnVersion() {
      assertThrows(IllegalArgumentException.class, () -> DepotSettings.ukDefault().derive(
          "uk-depot", "2026.1.0", Map.of(DepotInterval.WEEKLY, new Timing(7, 1, 1))));
      assertThrows(IllegalArgumentException.class,
          () -> oneDay.derive("essex-depot", "2026.1", Map.of()));
    }

    @Test
    void aWindowFitsInsideItsInterval() {
      assertThrows(IllegalArgumentException.class, () -> new Timing(7, 7, 0));
      assertThrows(IllegalArgumentException.class, () -> new Timing(7, 0, 7));
      assertThrows(IllegalArgumentException.class, () -> new Timing(7, -1, 2));
      assertThrows(IllegalArgumentException.class, () -> new Timing(0, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> new Timing(63, 7, 7));
      assertEquals(6, new Timing(7, 6, 6).daysAfter());
    }
  }

  @Nested
  class BadInput {

    @Test
    void everyProblemOfAPlanIsListedAndTheNhsNumberIsNotEchoed() {
      InvalidPharmacyDataException e = assertThrows(InvalidPharmacyDataException.class,
          () -> new DepotPlan("9434765918", DepotInterval.WEEKLY, 20, null));
      assertEquals(List.of("patient", "doseMg", "firstInjection"),
          e.problems().stream().map(Problem::field).toList());
      assertFalse(e.getMessage().contains("9434765918"), e.getMessage());
      assertEquals(List.of("patient", "interval", "firstInjection"),
          fields(() -> new DepotPlan(null, null, 16, null)));
    }

    @Test
    void aDoseMustBeAPresentationOfItsInterval() {
      assertEquals(List.of(new Problem("doseMg", "a monthly dose is one of [64, 96, 128, 160]"
          + " mg")), assertThrows(InvalidPharmacyDataException.class,
              () -> new DepotPlan(NHS, DepotInterval.MONTHLY, 32, MAR_2)).problems());
      assertEquals(List.of("doseMg"), fields(() -> new DepotPlan(NHS, DepotInterval.WEEKLY, 64,
          MAR_2)));
      assertEquals(List.of("injection.date", "injection.doseMg"),
          fields(() -> new Injection(null, 20, false)));
    }

    @Test
    void thePlanNeverPrintsTheNhsNumber() {
      assertEquals("DepotPlan[weekly 16 mg from 2026-03-02]", WEEKLY_16.toString());
    }

    @Test
    void everyProblemOfTheHistoryIsListed() {
      List<Injection> history = new ArrayList<>();
      history.add(Injection.scheduled(march(9), 16));
      history.add(null);
      history.add(Injection.scheduled(march(6), 128));
      history.add(new Injection(march(6), 8, true));
      assertEquals(List.of("history[0].date", "history[1]", "history[2].doseMg"),
          fields(() -> rules.status(WEEKLY_16, history, march(8))));
      assertEquals(List.of("plan", "today", "history"), fields(() -> rules.status(null, null,
          null)));
    }
  }
}
