package org.recoverylink.core.pharmacy.ost;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * Scenarios at the counter. March 2026: Monday 2 to Sunday 15 is one fortnight's form. Daily
 * collection Monday to Saturday, Saturday's instalment carrying Sunday's dose, methadone 60 mg
 * supervised until the 31st, unless a test says otherwise.
 */
class OstRulesTest {

  static final LocalDate MON = LocalDate.of(2026, 3, 2);
  static final LocalDate TUE = MON.plusDays(1);
  static final LocalDate WED = MON.plusDays(2);
  static final LocalDate THU = MON.plusDays(3);
  static final LocalDate FRI = MON.plusDays(4);
  static final LocalDate SAT = MON.plusDays(5);
  static final LocalDate SUN = MON.plusDays(6);
  static final LocalDate MON2 = MON.plusDays(7);
  static final LocalDate TUE2 = MON.plusDays(8);
  static final LocalDate WED2 = MON.plusDays(9);
  static final LocalDate LAST = MON.plusDays(13);

  static final Contact GP = new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel",
      "F81001");
  static final Contact KEYWORKER = new Contact(Contact.Role.KEYWORKER, "Sam Jones",
      "phoenix-futures");
  static final BigDecimal MG60 = new BigDecimal("60");

  final OstRules rules = new OstRules(OstSettings.ukDefault());
  final List<OstEvent> history = new ArrayList<>();

  static OstPrescription methadone(InstalmentSchedule schedule, Optional<LocalDate> supervised) {
    return new OstPrescription("rx-1", "9434765919", OstMedicine.METHADONE, MG60, schedule,
        supervised, MON, LAST, GP, KEYWORKER);
  }

  static final OstPrescription DAILY_EXCEPT_SUNDAY = methadone(InstalmentSchedule.of(MONDAY,
      TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY), Optional.of(LocalDate.of(2026, 3, 31)));

  DispenseDecision check(LocalDate day) {
    return rules.beforeDispense(DAILY_EXCEPT_SUNDAY, history, day, Presentation.USUAL);
  }

  void supplied(LocalDate on, LocalDate... days) {
    history.add(new OstEvent.Dispensed("rx-1", on, List.of(days), true,
        MG60.multiply(BigDecimal.valueOf(days.length))));
  }

  /** A supply on each day from {@code first} to {@code last}: nothing missed in between. */
  void suppliedEachDay(LocalDate first, LocalDate last) {
    for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
      supplied(day, day);
    }
  }

  static DispenseDecision.Dispense dispensed(DispenseDecision decision) {
    return assertInstanceOf(DispenseDecision.Dispense.class, decision);
  }

  static DispenseDecision.Withhold withheld(DispenseDecision decision, WithholdReason reason) {
    DispenseDecision.Withhold withhold = assertInstanceOf(DispenseDecision.Withhold.class,
        decision);
    assertEquals(reason, withhold.reason());
    return withhold;
  }

  @Nested
  class Dispensing {

    @Test
    void aCollectionDayGivesTodaysDoseSupervised() {
      supplied(MON, MON);
      DispenseDecision.Dispense dose = dispensed(check(TUE));
      assertEquals(List.of(TUE), dose.days());
      assertTrue(dose.supervised());
      assertEquals(0, new BigDecimal("60").compareTo(dose.supervisedQuantity()));
      assertEquals(0, BigDecimal.ZERO.compareTo(dose.takeAwayQuantity()));
      assertEquals("ost-instalment", dose.rule().id());
      assertEquals("uk-ost|2015.1.0", dose.ruleSet().toString());
      assertEquals(0, dose.consecutiveMissed());
    }

    @Test
    void saturdaysInstalmentCarriesSundaysDoseAsATakeAway() {
      suppliedEachDay(MON, FRI);
      DispenseDecision.Dispense dose = dispensed(check(SAT));
      assertEquals(List.of(SAT, SUN), dose.days());
      assertTrue(dose.supervised());
      assertEquals(0, new BigDecimal("60").compareTo(dose.supervisedQuantity()));
      assertEquals(0, new BigDecimal("60").compareTo(dose.takeAwayQuantity()));
      assertEquals(0, new BigDecimal("120").compareTo(dose.quantity()));
    }

    @Test
    void afterSupervisionEndsEveryDoseIsATakeAway() {
      OstPrescription unsupervised = methadone(InstalmentSchedule.of(MONDAY, THURSDAY),
          Optional.of(SUN));
      history.add(new OstEvent.Dispensed("rx-1", MON, List.of(MON, TUE, WED), true,
          new BigDecimal("180")));
      history.add(new OstEvent.Dispensed("rx-1", THU, List.of(THU, FRI, SAT, SUN), true,
          new BigDecimal("240")));
      DispenseDecision.Dispense dose = dispensed(rules.beforeDispense(unsupervised, history,
          MON2, Presentation.USUAL));
      assertEquals(List.of(MON2, TUE2, WED2), dose.days());
      assertFalse(dose.supervised());
      assertEquals(0, BigDecimal.ZERO.compareTo(dose.supervisedQuantity()));
      assertEquals(0, new BigDecimal("180").compareTo(dose.takeAwayQuantity()));
    }

    @Test
    void theLastInstalmentStopsAtTheLastDayOfTheForm() {
      OstPrescription twiceWeekly = methadone(InstalmentSchedule.of(MONDAY, THURSDAY),
          Optional.empty());
      history.add(new OstEvent.Dispensed("rx-1", MON, List.of(MON, TUE, WED), false,
          new BigDecimal("180")));
      history.add(new OstEvent.Dispensed("rx-1", THU, List.of(THU, FRI, SAT, SUN), false,
          new BigDecimal("240")));
      history.add(new OstEvent.Dispensed("rx-1", MON2, List.of(MON2, TUE2, WED2), false,
          new BigDecimal("180")));
      DispenseDecision.Dispense dose = dispensed(rules.beforeDispense(twiceWeekly, history,
          MON.plusDays(10), Presentation.USUAL));
      assertEquals(List.of(MON.plusDays(10), MON.plusDays(11), MON.plusDays(12), LAST),
          dose.days());
    }
  }

  @Nested
  class Withholding {

    @Test
    void aSecondDispenseTheSameDayIsWithheld() {
      supplied(TUE, TUE);
      DispenseDecision.Withhold again = withheld(check(TUE), WithholdReason.ALREADY_DISPENSED);
      assertEquals("ost-already-dispensed", again.rule().id());
      assertEquals(List.of(), again.notifications());
    }

    @Test
    void sundayIsCoveredBySaturdaysTakeAway() {
      suppliedEachDay(MON, FRI);
      supplied(SAT, SAT, SUN);
      withheld(check(SUN), WithholdReason.ALREADY_DISPENSED);
    }

    @Test
    void beforeTheFirstDayNothingIsDispensed() {
      withheld(check(MON.minusDays(1)), WithholdReason.NOT_YET_VALID);
    }

    @Test
    void afterTheLastDayThePrescriberIsAskedForANewPrescriptionOnce() {
      supplied(SAT.plusDays(7), SAT.plusDays(7), LAST);
      DispenseDecision.Withhold expired = withheld(check(LAST.plusDays(1)),
          WithholdReason.EXPIRED);
      assertEquals(1, expired.notifications().size());
      Notification ask = expired.notifications().get(0);
      assertEquals(List.of(GP), ask.to());
      assertEquals("ost-expired", ask.rule().id());

      history.add(new OstEvent.NotificationRaised(ask.key(), ask.date()));
      DispenseDecision.Withhold later = withheld(check(LAST.plusDays(2)),
          WithholdReason.EXPIRED);
      assertEquals(List.of(), later.notifications());
    }

    @Test
    void intoxicationWithholdsTellsBothAndTheDayCountsAsMissed() {
      supplied(MON, MON);
      DispenseDecision.Withhold drunk = withheld(rules.beforeDispense(DAILY_EXCEPT_SUNDAY,
          history, TUE, Presentation.INTOXICATED), WithholdReason.INTOXICATED);
      assertEquals(1, drunk.notifications().size());
      assertEquals(List.of(GP, KEYWORKER), drunk.notifications().get(0).to());
      assertEquals("ost-intoxicated", drunk.rule().id());

      assertEquals(1, dispensed(check(WED)).consecutiveMissed());
    }
  }

  @Nested
  class MissedDays {

    @Test
    void missingSaturdayMeansSundayToo() {
      suppliedEachDay(MON, FRI);
      DispenseDecision.Dispense monday = dispensed(check(MON2));
      assertEquals(2, monday.consecutiveMissed()); // Saturday and its take-away Sunday
    }

    @Test
    void friAndSatMissedAcrossTheClosedSundayIsThreeDaysAndWithholds() {
      suppliedEachDay(MON, THU);
      DispenseDecision.Withhold monday = withheld(check(MON2), WithholdReason.MISSED_DOSES);
      assertEquals(3, monday.consecutiveMissed());
      assertEquals("ost-missed-doses-review", monday.rule().id());
      Notification notice = monday.notifications().get(0);
      assertEquals(List.of(GP, KEYWORKER), notice.to());
      assertTrue(notice.message().contains("3 consecutive days"), notice.message());
      assertEquals("missed-doses/" + FRI, notice.key());
      assertFalse(notice.message().contains("9434765919"));
    }

    @Test
    void twoDayConfigurationWithholdsAfterTheWeekend() {
      OstRules strict = new OstRules(OstSettings.local("south-tyneside-ost", "2024.1", 2));
      suppliedEachDay(MON, FRI);
      DispenseDecision.Withhold monday = withheld(strict.beforeDispense(DAILY_EXCEPT_SUNDAY,
          history, MON2, Presentation.USUAL), WithholdReason.MISSED_DOSES);
      assertEquals(2, monday.consecutiveMissed());
      assertEquals("south-tyneside-ost|2024.1", monday.ruleSet().toString());
    }

    @Test
    void onlyTwoAndThreeAreAllowedAsTheLimit() {
      assertThrows(IllegalArgumentException.class, () -> OstSettings.local("x", "1", 1));
      assertThrows(IllegalArgumentException.class, () -> OstSettings.local("x", "1", 4));
      assertThrows(IllegalArgumentException.class, () -> OstSettings.local("uk-ost",
          "2015.1.0", 2));
    }

    @Test
    void theThirdMissedDayRaisesTheNotificationOnceAndItIsNotRaisedAgain() {
      supplied(MON, MON);
      MissedDay tuesday = rules.missed(DAILY_EXCEPT_SUNDAY, history, TUE);
      assertEquals(1, tuesday.consecutiveMissed());
      assertFalse(tuesday.reviewRequired());
      assertEquals(List.of(), tuesday.notifications());
      MissedDay wednesday = rules.missed(DAILY_EXCEPT_SUNDAY, history, WED);
      assertEquals(2, wednesday.consecutiveMissed());
      assertEquals(List.of(), wednesday.notifications());

      MissedDay thursday = rules.missed(DAILY_EXCEPT_SUNDAY, history, THU);
      assertEquals(3, thursday.consecutiveMissed());
      assertTrue(thursday.reviewRequired());
      assertEquals(1, thursday.notifications().size());
      Notification notice = thursday.notifications().get(0);
      history.add(new OstEvent.NotificationRaised(notice.key(), notice.date()));

      // Friday: the same run of missed days - withheld, nothing raised twice.
      DispenseDecision.Withhold friday = withheld(check(FRI), WithholdReason.MISSED_DOSES);
      assertEquals(3, friday.consecutiveMissed());
      assertEquals(List.of(), friday.notifications());
      assertEquals(List.of(), rules.missed(DAILY_EXCEPT_SUNDAY, history, FRI)
          .notifications());
    }

    @Test
    void withoutTheRecordOfItTheCounterRaisesTheSameNotification() {
      supplied(MON, MON);
      Notification atNight = rules.missed(DAILY_EXCEPT_SUNDAY, history, THU).notifications()
          .get(0);
      Notification atCounter = check(FRI).notifications().get(0);
      assertEquals(atNight.key(), atCounter.key());
    }

    @Test
    void aPrescribersReviewRestartsDispensing() {
      supplied(MON, MON);
      withheld(check(FRI), WithholdReason.MISSED_DOSES);
      history.add(new OstEvent.PrescriberReviewed(FRI));
      DispenseDecision.Dispense restart = dispensed(check(FRI));
      assertEquals(0, restart.consecutiveMissed());
      assertEquals(List.of(FRI), restart.days());
    }

    @Test
    void aReviewBeforeTheRunDoesNotExcuseIt() {
      history.add(new OstEvent.PrescriberReviewed(MON));
      supplied(MON, MON);
      withheld(check(FRI), WithholdReason.MISSED_DOSES);
    }

    @Test
    void aMissedCollectionDayStillGivesTheRemainingDaysOfItsInstalment() {
      OstPrescription twiceWeekly = methadone(InstalmentSchedule.of(MONDAY, THURSDAY),
          Optional.of(LocalDate.of(2026, 3, 31)));
      history.add(new OstEvent.Dispensed("rx-1", MON, List.of(MON, TUE, WED), true,
          new BigDecimal("180")));
      history.add(new OstEvent.Dispensed("rx-1", THU, List.of(THU, FRI, SAT, SUN), true,
          new BigDecimal("240")));
      // Monday's instalment covers Monday to Wednesday; Monday was missed.
      DispenseDecision.Dispense tuesday = dispensed(rules.beforeDispense(twiceWeekly, history,
          TUE2, Presentation.USUAL));
      assertEquals(List.of(TUE2, WED2), tuesday.days());
      assertEquals(1, tuesday.consecutiveMissed());
      assertEquals("ost-remaining-days-of-instalment", tuesday.rule().id());
      assertTrue(tuesday.supervised());
      assertEquals(0, new BigDecimal("60").compareTo(tuesday.takeAwayQuantity()));
    }

    @Test
    void missedDaysAtTheEndOfOneFormCountOnTheFirstDayOfTheNext() {
      history.add(new OstEvent.Dispensed("rx-0", MON.minusDays(4), List.of(MON.minusDays(4)),
          true, MG60)); // Thursday 26 February, on the previous form
      DispenseDecision.Withhold first = withheld(check(MON), WithholdReason.MISSED_DOSES);
      assertEquals(3, first.consecutiveMissed()); // Friday 27, Saturday 28, Sunday 1 March
    }

    @Test
    void aNewPatientIsCountedFromTheFirstDayOfTheForm() {
      assertEquals(2, dispensed(check(WED)).consecutiveMissed());
      withheld(check(THU), WithholdReason.MISSED_DOSES);
    }

    @Test
    void aDayASupplyCoveredCannotBeRecordedAsMissedNorOneOutsideTheForm() {
      supplied(SAT, SAT, SUN);
      InvalidPharmacyDataException covered = assertThrows(InvalidPharmacyDataException.class,
          () -> rules.missed(DAILY_EXCEPT_SUNDAY, history, SUN));
      assertEquals(1, covered.problems().size());
      InvalidPharmacyDataException outside = assertThrows(InvalidPharmacyDataException.class,
          () -> rules.missed(DAILY_EXCEPT_SUNDAY, history, LAST.plusDays(1)));
      assertEquals("date", outside.problems().get(0).field());
    }
  }

  /**
   * Issue 17: the withhold holds until the prescriber's review, counting every day without a
   * supply whether or not anyone recorded it. Each row: the limit, the history as a string of
   * events, the day checked, and what the check must say.
   */
  @Nested
  class UntilTheReview {

    /**
     * A row of the table: {@code history} is events separated by spaces, {@code s:DAY} a supply
     * of that day, {@code r:DAY} a review, {@code p:DAY} a supply on the previous form; days are
     * offsets from Monday 2 March.
     */
    record Row(String name, int limit, String history, int checked, String decision,
        int consecutive, Integer pendingSince) {
    }

    static final List<Row> TABLE = List.of(
        new Row("limit - 1 days missed", 3, "s:0", 3, "dispense", 2, null),
        new Row("limit days missed", 3, "s:0", 4, "missed-doses", 3, 4),
        new Row("limit - 1 days missed, limit 2", 2, "s:0", 2, "dispense", 1, null),
        new Row("limit days missed, limit 2", 2, "s:0", 3, "missed-doses", 2, 3),
        new Row("a review before the run", 3, "r:0 s:0", 4, "missed-doses", 3, 4),
        new Row("a review after the run", 3, "s:0 r:4", 4, "dispense", 0, null),
        new Row("a review dated after the day checked", 3, "s:0 r:5", 4, "missed-doses", 3,
            4),
        new Row("a supply against the withhold", 3, "s:0 s:4", 5, "missed-doses", 0, 4),
        new Row("the day supplied against it", 3, "s:0 s:4", 4, "missed-doses", 3, 4),
        new Row("supplies against it for days", 3, "s:0 s:4 s:5 s:7", 8, "missed-doses", 0,
            4),
        new Row("a supply against it, then the review", 3, "s:0 s:4 r:5", 5, "dispense", 0,
            null),
        new Row("a supply against it, the review, then limit - 1 missed", 3, "s:0 s:4 r:5",
            7, "dispense", 2, null),
        new Row("a late entry fills the run", 3, "s:0 s:4 s:2", 5, "dispense", 0, null),
        new Row("unrecorded days spanning forms", 3, "p:-4 s:0", 1, "missed-doses", 0, 0),
        new Row("spanning forms, limit - 1", 3, "p:-3 s:0", 1, "dispense", 0, null),
        new Row("nothing supplied on a new form", 3, "", 3, "missed-doses", 3, 3),
        new Row("eight unrecorded instalment days", 3, "s:0 s:1", 11, "missed-doses", 9, 5),
        new Row("eight unrecorded days, then a supply", 3, "s:0 s:1 s:11", 12, "missed-doses",
            0, 5));

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.FieldSource("TABLE")
    void theCheckSaysWhatTheTableSays(Row row) {
      OstRules limited = row.limit() == 3 ? rules
          : new OstRules(OstSettings.local("strict", "1", row.limit()));
      for (String event : row.history().split(" ")) {
        if (event.isEmpty()) {
          continue;
        }
        LocalDate day = MON.plusDays(Integer.parseInt(event.substring(2)));
        switch (event.charAt(0)) {
          case 's' -> supplied(day, day);
          case 'p' -> history.add(new OstEvent.Dispensed("rx-0", day, List.of(day), true,
              MG60));
          case 'r' -> history.add(new OstEvent.PrescriberReviewed(day));
          default -> throw new IllegalArgumentException(event);
        }
      }
      DispenseDecision decision = limited.beforeDispense(DAILY_EXCEPT_SUNDAY, history,
          MON.plusDays(row.checked()), Presentation.USUAL);
      assertEquals(row.decision(), decision instanceof DispenseDecision.Withhold withhold
          ? withhold.reason().code() : "dispense");
      assertEquals(row.consecutive(), decision.consecutiveMissed(), "the current run");
      if (decision instanceof DispenseDecision.Withhold withhold) {
        assertEquals(Optional.ofNullable(row.pendingSince()).map(MON::plusDays),
            withhold.reviewPendingSince());
        assertEquals("ost-missed-doses-review", withhold.rule().id());
      }
    }

    @Test
    void aSupplyAgainstTheWithholdSaysSoAndOwesOneNotificationOfItsOwn() {
      supplied(MON, MON);
      Notification withheld = check(FRI).notifications().get(0);
      history.add(new OstEvent.NotificationRaised(withheld.key(), withheld.date()));
      OstEvent.Dispensed friday = new OstEvent.Dispensed("rx-1", FRI, List.of(FRI), true,
          MG60);

      Supplied against = rules.supplied(DAILY_EXCEPT_SUNDAY, history, friday);

      assertTrue(against.againstWithhold());
      assertEquals(Optional.of(OstRules.MISSED_DOSES), against.against());
      assertEquals(Optional.of(FRI), against.reviewPendingSince());
      assertEquals(1, against.notifications().size(), "the withhold's was raised already");
      Notification told = against.notifications().get(0);
      assertEquals("supplied-against-withhold/" + FRI, told.key());
      assertEquals(List.of(GP, KEYWORKER), told.to());
      assertEquals(OstRules.SUPPLIED_AGAINST_WITHHOLD, told.rule());
      assertTrue(told.message().contains("pending the prescriber's review since " + FRI),
          told.message());
      assertFalse(told.message().contains("9434765919"));

      history.add(friday);
      history.add(new OstEvent.NotificationRaised(told.key(), told.date()));
      assertEquals(List.of(), rules.supplied(DAILY_EXCEPT_SUNDAY, history, friday)
          .notifications(), "the same supply again: told once");
      withheld(check(SAT), WithholdReason.MISSED_DOSES);
    }

    @Test
    void aSupplyWithNoWithholdStandingIsJustASupply() {
      supplied(MON, MON);
      Supplied usual = rules.supplied(DAILY_EXCEPT_SUNDAY, history, new OstEvent.Dispensed(
          "rx-1", TUE, List.of(TUE), true, MG60));
      assertFalse(usual.againstWithhold());
      assertEquals(Optional.empty(), usual.reviewPendingSince());
      assertEquals(List.of(), usual.notifications());
    }

    @Test
    void aSupplyAfterUnrecordedDaysOwesTheWithholdsNotificationToo() {
      supplied(MON, MON); // Tuesday to Thursday: nobody recorded anything
      Supplied against = rules.supplied(DAILY_EXCEPT_SUNDAY, history, new OstEvent.Dispensed(
          "rx-1", FRI, List.of(FRI), true, MG60));
      assertEquals(List.of("missed-doses/" + TUE, "supplied-against-withhold/" + FRI),
          against.notifications().stream().map(Notification::key).toList());
      assertEquals(List.of(OstRules.MISSED_DOSES, OstRules.SUPPLIED_AGAINST_WITHHOLD),
          against.notifications().stream().map(Notification::rule).toList());
    }

    @Test
    void aMissedDayRecordedWhileTheWithholdStandsStillRequiresTheReview() {
      supplied(MON, MON);
      supplied(FRI, FRI); // against the withhold from Friday
      MissedDay saturday = rules.missed(DAILY_EXCEPT_SUNDAY, history, SAT);
      assertEquals(1, saturday.consecutiveMissed());
      assertTrue(saturday.reviewRequired());
      assertEquals(List.of("missed-doses/" + TUE), saturday.notifications().stream()
          .map(Notification::key).toList());
    }

    @Test
    void aSupplyOnAnotherPrescriptionIsRefused() {
      assertThrows(IllegalArgumentException.class, () -> rules.supplied(DAILY_EXCEPT_SUNDAY,
          history, new OstEvent.Dispensed("rx-2", MON, List.of(MON), true, MG60)));
    }
  }

  @Nested
  class Prescriptions {

    @Test
    void everyProblemIsListedAndTheNhsNumberIsNotEchoed() {
      InvalidPharmacyDataException e = assertThrows(InvalidPharmacyDataException.class,
          () -> new OstPrescription("rx 1", "9434765918", OstMedicine.BUPRENORPHINE,
              BigDecimal.ZERO, InstalmentSchedule.daily(), Optional.empty(), MON,
              MON.plusDays(14), KEYWORKER, GP));
      assertEquals(List.of("id", "patient", "dailyDose", "validTo", "prescriber", "keyworker"),
          e.problems().stream().map(Problem::field).toList());
      assertFalse(e.getMessage().contains("9434765918"));
    }

    @Test
    void fourteenDaysIsTheLongestForm() {
      assertEquals(LAST, DAILY_EXCEPT_SUNDAY.validTo());
      assertFalse(DAILY_EXCEPT_SUNDAY.toString().contains("9434765919"));
    }
  }
}
