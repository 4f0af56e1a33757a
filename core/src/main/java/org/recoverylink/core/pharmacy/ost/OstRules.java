package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
  public static final Rule SUPPLIED_AGAINST_WITHHOLD = new Rule(
      "ost-supplied-against-withhold", "A supply recorded while doses are withheld pending the"
          + " prescriber's review is kept as what happened, but does not lift the withhold; the"
          + " prescriber and keyworker are told.", HOME_OFFICE + ", phrase 3: dispensing"
          + " resumes on the prescriber's review, not on a supply");
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
   * <p>Once a run of missed days since the prescriber's last review has reached the configured
   * limit, every day after it is withheld for missed doses until a review dated on or before
   * that day is recorded, whatever was supplied in the meantime: a supply recorded against the
   * withhold (see {@link #supplied}) does not lift it. That check comes before "already
   * dispensed", so a day supplied against the withhold still says review pending.
   *
   * @param history the patient's OST events, on any of their prescriptions, in any order
   * @throws InvalidPharmacyDataException when the prescription's dose is over the sanity bound
   */
  public DispenseDecision beforeDispense(OstPrescription prescription, List<OstEvent> history,
      LocalDate date, Presentation presentation) {
    Objects.requireNonNull(presentation, "presentation");
    check(prescription);
    Facts facts = facts(prescription, history, date, false);
    int missed = facts.consecutiveMissed();
    Optional<LocalDate> pending = facts.pending().map(this::withheldFrom);
    if (date.isBefore(prescription.validFrom())) {
      return withhold(date, WithholdReason.NOT_YET_VALID, missed, pending, NOT_YET_VALID,
          List.of());
    }
    if (date.isAfter(prescription.validTo())) {
      return withhold(date, WithholdReason.EXPIRED, missed, pending, EXPIRED, owed(history,
          List.of(notification("expired/" + prescription.id(), WithholdReason.EXPIRED,
              prescription, date, List.of(prescription.prescriber()), "The OST prescription"
                  + " ended on " + prescription.validTo() + " and the patient presented on "
                  + date + ": a new prescription is needed.", EXPIRED))));
    }
    if (facts.pending().isPresent()) {
      return withhold(date, WithholdReason.MISSED_DOSES, missed, pending, MISSED_DOSES,
          owed(history, List.of(missedDoses(prescription, facts.pending().get(), date))));
    }
    if (facts.coveredToday()) {
      return withhold(date, WithholdReason.ALREADY_DISPENSED, missed, pending,
          ALREADY_DISPENSED, List.of());
    }
    if (presentation.intoxicated()) {
      return withhold(date, WithholdReason.INTOXICATED, missed, pending, INTOXICATED,
          owed(history, List.of(notification("intoxicated/" + date, WithholdReason.INTOXICATED,
              prescription, date, both(prescription), "The patient presented intoxicated on "
                  + date + ": the dose was withheld.", INTOXICATED))));
    }
    return dispense(prescription, date, missed);
  }

  /**
   * What a supply the pharmacy records means: it is kept whatever the rules said (it is what
   * happened), but one made while doses are withheld pending the prescriber's review went
   * against the withhold. It does not lift it, and the prescriber and keyworker are told, once
   * per day supplied; the withhold's own notification is owed too when nobody raised it yet
   * (no check and no missed day was recorded in the run).
   *
   * @param history  the patient's OST events, with or without this supply
   * @param supplied the supply, on this prescription
   * @throws IllegalArgumentException when the supply is on another prescription
   */
  public Supplied supplied(OstPrescription prescription, List<OstEvent> history,
      OstEvent.Dispensed supplied) {
    Objects.requireNonNull(supplied, "supplied");
    if (!supplied.prescription().equals(prescription.id())) {
      throw new IllegalArgumentException("the supply is on prescription "
          + supplied.prescription() + ", not " + prescription.id());
    }
    LocalDate date = supplied.date();
    Optional<Run> run = facts(prescription, history, date, false).pending();
    if (run.isEmpty()) {
      return new Supplied(prescription.id(), date, Optional.empty(), Optional.empty(),
          settings.version(), List.of());
    }
    LocalDate since = withheldFrom(run.get());
    List<LocalDate> days = supplied.days();
    Notification told = notification("supplied-against-withhold/" + date,
        WithholdReason.MISSED_DOSES, prescription, date, both(prescription),
        prescription.medicine().display() + " was supplied on " + date + " for "
            + days.get(0) + " to " + days.get(days.size() - 1)
            + " although doses are withheld pending the prescriber's review since "
            + since + " (" + run.get().days()
            + " consecutive days missed from " + run.get().first() + "). The supply was"
            + " recorded; doses stay withheld until the review is recorded.",
        SUPPLIED_AGAINST_WITHHOLD);
    return new Supplied(prescription.id(), date, Optional.of(MISSED_DOSES), Optional.of(since),
        settings.version(), owed(history, List.of(missedDoses(prescription, run.get(), date),
            told)));
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
    Facts facts = facts(prescription, history, date, true);
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
    boolean review = facts.pending().isPresent();
    List<Notification> owed = review ? owed(history, List.of(missedDoses(prescription,
        facts.pending().get(), date))) : List.of();
    return new MissedDay(prescription.id(), date, facts.consecutiveMissed(), review,
        review ? MISSED_DOSES : MISSED_DAY, settings.version(), owed);
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
      Optional<LocalDate> pending, Rule rule, List<Notification> notifications) {
    return new DispenseDecision.Withhold(date, reason, missed, pending, rule,
        settings.version(), notifications);
  }

  /** The first day withheld after {@code run}: the day after its limit-th missed day. */
  private LocalDate withheldFrom(Run run) {
    return run.first().plusDays(settings.consecutiveMissedLimit());
  }

  /** The withhold's notification, keyed by the first day of the run that reached the limit. */
  private Notification missedDoses(OstPrescription prescription, Run run, LocalDate date) {
    return notification("missed-doses/" + run.first(), WithholdReason.MISSED_DOSES,
        prescription, date, both(prescription), run.days() + " consecutive days of "
            + prescription.medicine().display().toLowerCase(Locale.ROOT)
            + " missed since " + run.first() + ": doses are withheld until the prescriber"
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

  private Facts facts(OstPrescription prescription, List<OstEvent> history, LocalDate date,
      boolean missedToday) {
    return Facts.of(prescription, history, date, missedToday, settings.consecutiveMissedLimit());
  }

  /**
   * A run of consecutive missed days.
   *
   * @param first its first day
   * @param days  how long it lasted (up to the day decided on, when it still runs)
   */
  private record Run(LocalDate first, int days) {
  }

  /**
   * What the history says about {@code date}, in one pass over it.
   *
   * @param consecutiveMissed the run of missed days immediately before {@code date} (through
   *                          it, when it is being recorded as missed)
   * @param pending           the first run since the last review to reach the limit before
   *                          {@code date}: doses are withheld pending review
   */
  private record Facts(int consecutiveMissed, boolean coveredToday, Optional<Run> pending) {

    /**
     * Every day from the first one that counts to {@code date} (exclusive, or inclusive when
     * {@code missedToday}) is missed unless a supply covered it. The first day that counts is
     * the last review on or before {@code date}, or else the earliest day supplied or this
     * prescription's first day, whichever is earlier (days between forms count, so a run spans
     * them); days before are not known to have been due.
     */
    static Facts of(OstPrescription prescription, List<OstEvent> history, LocalDate date,
        boolean missedToday, int limit) {
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(history, "history");
      Objects.requireNonNull(date, "date");
      Set<LocalDate> covered = new HashSet<>();
      LocalDate from = prescription.validFrom();
      LocalDate review = null;
      for (OstEvent event : history) {
        if (event instanceof OstEvent.Dispensed dispensed) {
          for (LocalDate day : dispensed.days()) {
            covered.add(day);
            from = min(from, day);
          }
        } else if (event instanceof OstEvent.PrescriberReviewed reviewed
            && !reviewed.date().isAfter(date)) {
          review = review == null ? reviewed.date() : max(review, reviewed.date());
        }
      }
      if (review != null) {
        from = max(from, review);
      }
      LocalDate end = missedToday ? date.plusDays(1) : date;
      int run = 0;
      LocalDate runFirst = null;
      Run pending = null;
      for (LocalDate day = from; day.isBefore(end); day = day.plusDays(1)) {
        if (covered.contains(day)) {
          run = 0;
          continue;
        }
        if (run++ == 0) {
          runFirst = day;
        }
        if (pending == null ? run >= limit : pending.first().equals(runFirst)) {
          pending = new Run(runFirst, run); // the run that reached the limit, as long as it ran
        }
      }
      return new Facts(run, covered.contains(date), Optional.ofNullable(pending));
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
      return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
      return a.isBefore(b) ? a : b;
    }
  }
}
