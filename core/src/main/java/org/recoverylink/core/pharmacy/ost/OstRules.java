package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.rules.Rule;

/**
 * The OST rules at dispensing: pure, the patient's history passed in, thread-safe.
 *
 * <p>A day counts as missed when no supply covered it: not collected on its collection day,
 * withheld, or left without a prescription. The run of missed days immediately before today is
 * what the Home Office wording's "three or more consecutive days" counts; it spans forms, and a
 * prescriber's review starts it afresh.
 */
public final class OstRules {

  private static final String HOME_OFFICE = "Home Office approved instalment wording for"
      + " FP10MDA prescriptions, 2015 (agreed with DH and the Orange Guidelines group) [V]";

  public static final Rule NOT_YET_VALID = new Rule("ost-not-yet-valid",
      "Do not dispense before the prescription's first day.",
      "Misuse of Drugs Regulations 2001: dispense as the instalment direction says [V]");
  public static final Rule EXPIRED = new Rule("ost-expired",
      "Do not dispense after the prescription's last day; ask the prescriber for a new one.",
      "Misuse of Drugs Regulations 2001: dispense as the instalment direction says [V]");
  public static final Rule ALREADY_DISPENSED = new Rule("ost-already-dispensed",
      "Today's dose was supplied already, today or as a take-away: do not supply it twice.",
      "FP10MDA instalment direction: one instalment per interval [V]");
  public static final Rule MISSED_DOSES = new Rule("ost-missed-doses-review",
      "After the configured number of consecutive missed days, withhold and consult the"
          + " prescriber: tolerance may be lost and the usual dose may cause an overdose.",
      HOME_OFFICE + ", phrase 3; NHS Lothian '3 day rule' [V]; a limit of 2 in some English"
          + " services [P]");
  public static final Rule INTOXICATED = new Rule("ost-intoxicated",
      "Do not dose a patient presenting intoxicated; tell the prescriber and the keyworker.",
      "Shared-care service level agreements (clinical reference 7.4) [U]");
  public static final Rule COLLECTION_DAY = new Rule("ost-instalment",
      "Dispense the instalment: today's dose, supervised while the prescription says so, and"
          + " take-away doses for the days up to the next collection day.",
      HOME_OFFICE + ", phrases 1 and 4");
  public static final Rule REMAINING_DAYS = new Rule("ost-remaining-days-of-instalment",
      "The instalment's collection day was missed: dispense the doses for its remaining days"
          + " only.",
      HOME_OFFICE + ", phrase 2");
  public static final Rule MISSED_DAY = new Rule("ost-missed-day",
      "A day whose dose was not collected is a missed day.", HOME_OFFICE + ", phrase 3");

  private final OstSettings settings;

  public OstRules(OstSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public OstSettings settings() {
    return settings;
  }

  /**
   * Refuses a prescription whose daily dose is over the configured sanity bound for its
   * medicine ({@link OstSettings#maxDailyDose}): more is taken for a typing error, never
   * dispensed on. Every decision on a prescription checks it first.
   *
   * @throws InvalidPharmacyDataException naming {@code dailyDose} and the bound
   */
  public void check(OstPrescription prescription) {
    BigDecimal bound = settings.maxDailyDose(prescription.medicine());
    if (prescription.dailyDose().compareTo(bound) > 0) {
      throw new InvalidPharmacyDataException(List.of(new Problem("dailyDose", "at most "
          + bound.toPlainString() + " mg a day of " + prescription.medicine().code()
          + " is taken: more is taken for a typing error (the configured sanity bound)")));
    }
  }

  /**
   * Refuses a supply of {@code medicine} of more than its days at the sanity bound for the
   * medicine's daily dose ({@link OstSettings#maxDailyDose}), as a typing error.
   *
   * @throws InvalidPharmacyDataException naming {@code quantity} and the bound
   */
  public void check(OstMedicine medicine, OstEvent.Dispensed supply) {
    supplyProblem(medicine, supply.days().size(), supply.quantity()).ifPresent(problem -> {
      throw new InvalidPharmacyDataException(List.of(problem));
    });
  }

  /** What {@link #check(OstMedicine, OstEvent.Dispensed)} refuses, before the event is made. */
  public Optional<Problem> supplyProblem(OstMedicine medicine, int days, BigDecimal quantity) {
    BigDecimal bound = settings.maxDailyDose(medicine).multiply(BigDecimal.valueOf(days));
    if (quantity.compareTo(bound) <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Problem("quantity", "a supply for " + days + " day(s) is at most "
        + bound.toPlainString() + " mg of " + medicine.code() + ": more is taken for a typing"
        + " error (the configured sanity bound)"));
  }

  /**
   * Whether to dispense to the patient presenting on {@code date}, and what.
   *
   * @param history the patient's OST events, on any of their prescriptions, in any order
   * @throws InvalidPharmacyDataException when the prescription's dose is over the sanity bound
   */
  public DispenseDecision beforeDispense(OstPrescription prescription, List<OstEvent> history,
      LocalDate date, Presentation presentation) {
    Objects.requireNonNull(presentation, "presentation");
    check(prescription);
    Facts facts = Facts.of(prescription, history, date);
    int missed = facts.consecutiveMissed();
    if (date.isBefore(prescription.validFrom())) {
      return withhold(date, WithholdReason.NOT_YET_VALID, missed, NOT_YET_VALID, List.of());
    }
    if (date.isAfter(prescription.validTo())) {
      return withhold(date, WithholdReason.EXPIRED, missed, EXPIRED, owed(history, List.of(
          notification("expired/" + prescription.id(), WithholdReason.EXPIRED, prescription,
              date, List.of(prescription.prescriber()), "The OST prescription ended on "
                  + prescription.validTo() + " and the patient presented on " + date
                  + ": a new prescription is needed.", EXPIRED))));
    }
    if (facts.coveredToday()) {
      return withhold(date, WithholdReason.ALREADY_DISPENSED, missed, ALREADY_DISPENSED,
          List.of());
    }
    if (missed >= settings.consecutiveMissedLimit()) {
      return withhold(date, WithholdReason.MISSED_DOSES, missed, MISSED_DOSES,
          owed(history, List.of(missedDoses(prescription, date.minusDays(missed), missed,
              date))));
    }
    if (presentation.intoxicated()) {
      return withhold(date, WithholdReason.INTOXICATED, missed, INTOXICATED, owed(history,
          List.of(notification("intoxicated/" + date, WithholdReason.INTOXICATED, prescription,
              date, both(prescription), "The patient presented intoxicated on " + date
                  + ": the dose was withheld.", INTOXICATED))));
    }
    return dispense(prescription, date, missed);
  }

  /**
   * Records that the dose due on {@code date} was not collected by the end of that day.
   *
   * @throws InvalidPharmacyDataException when the day is outside the prescription or a supply
   *     covered it, or the prescription's dose is over the sanity bound
   */
  public MissedDay missed(OstPrescription prescription, List<OstEvent> history,
      LocalDate date) {
    check(prescription);
    Facts facts = Facts.of(prescription, history, date);
    List<Problem> problems = new ArrayList<>();
    if (!prescription.validOn(date)) {
      problems.add(new Problem("date", date + " is outside the prescription ("
          + prescription.validFrom() + " to " + prescription.validTo() + ")"));
    }
    if (facts.coveredToday()) {
      problems.add(new Problem("date", "a supply already covers " + date
          + ": it cannot be missed"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
    int missed = facts.consecutiveMissed() + 1;
    boolean review = missed >= settings.consecutiveMissedLimit();
    List<Notification> owed = review ? owed(history, List.of(missedDoses(prescription,
        date.minusDays(missed - 1L), missed, date))) : List.of();
    return new MissedDay(prescription.id(), date, missed, review, review ? MISSED_DOSES
        : MISSED_DAY, settings.version(), owed);
  }

  private DispenseDecision dispense(OstPrescription prescription, LocalDate date, int missed) {
    InstalmentSchedule schedule = prescription.schedule();
    LocalDate start = schedule.instalmentStart(date, prescription.validFrom());
    LocalDate end = schedule.instalmentEnd(start, prescription.validTo());
    List<LocalDate> days = new ArrayList<>((int) ChronoUnit.DAYS.between(date, end) + 1);
    for (LocalDate day = date; !day.isAfter(end); day = day.plusDays(1)) {
      days.add(day);
    }
    BigDecimal dose = prescription.dailyDose();
    boolean supervised = prescription.supervisedOn(date);
    BigDecimal all = dose.multiply(BigDecimal.valueOf(days.size()));
    BigDecimal takeAway = supervised ? all.subtract(dose) : all;
    return new DispenseDecision.Dispense(date, days, supervised,
        supervised ? dose : BigDecimal.ZERO, takeAway, missed,
        start.equals(date) ? COLLECTION_DAY : REMAINING_DAYS, settings.version());
  }

  private DispenseDecision.Withhold withhold(LocalDate date, WithholdReason reason, int missed,
      Rule rule, List<Notification> notifications) {
    return new DispenseDecision.Withhold(date, reason, missed, rule, settings.version(),
        notifications);
  }

  private Notification missedDoses(OstPrescription prescription, LocalDate firstMissed,
      int missed, LocalDate date) {
    return notification("missed-doses/" + firstMissed, WithholdReason.MISSED_DOSES,
        prescription, date, both(prescription), missed + " consecutive days of "
            + prescription.medicine().display().toLowerCase(Locale.ROOT)
            + " missed since " + firstMissed + ": doses are withheld until the prescriber"
            + " has reviewed the patient (tolerance may be lost).", MISSED_DOSES);
  }

  private static Notification notification(String key, WithholdReason reason,
      OstPrescription prescription, LocalDate date, List<Contact> to, String message,
      Rule rule) {
    return new Notification(key, reason, prescription.id(), date, to, message, rule);
  }

  private static List<Contact> both(OstPrescription prescription) {
    return List.of(prescription.prescriber(), prescription.keyworker());
  }

  /** Those of {@code candidates} not raised before. */
  private static List<Notification> owed(List<OstEvent> history, List<Notification> candidates) {
    List<Notification> owed = new ArrayList<>(candidates);
    for (OstEvent event : history) {
      if (event instanceof OstEvent.NotificationRaised raised) {
        owed.removeIf(n -> n.key().equals(raised.key()));
      }
    }
    return owed;
  }

  /** What the history says about {@code date}, in one pass over it. */
  private record Facts(int consecutiveMissed, boolean coveredToday) {

    static Facts of(OstPrescription prescription, List<OstEvent> history, LocalDate date) {
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(date, "date");
      LocalDate lastSupplied = null; // the last day before `date` a supply covered
      LocalDate review = null;
      boolean coveredToday = false;
      for (OstEvent event : history) {
        if (event instanceof OstEvent.Dispensed dispensed) {
          for (LocalDate day : dispensed.days()) {
            if (day.isBefore(date)) {
              lastSupplied = lastSupplied == null ? day : max(lastSupplied, day);
            } else if (day.equals(date)) {
              coveredToday = true;
            }
          }
        } else if (event instanceof OstEvent.PrescriberReviewed reviewed
            && !reviewed.date().isAfter(date)) {
          review = review == null ? reviewed.date() : max(review, reviewed.date());
        }
      }
      // Missed days run from the day after the last supply (on this form or an earlier one),
      // or from this prescription's first day when nothing was ever supplied; a review since
      // starts the count afresh.
      LocalDate from = lastSupplied != null ? lastSupplied.plusDays(1)
          : prescription.validFrom();
      if (review != null) {
        from = max(from, review);
      }
      return new Facts((int) Math.max(0, ChronoUnit.DAYS.between(from, date)), coveredToday);
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
      return a.isAfter(b) ? a : b;
    }
  }
}
