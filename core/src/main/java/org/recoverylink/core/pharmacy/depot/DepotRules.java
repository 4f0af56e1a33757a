package org.recoverylink.core.pharmacy.depot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.rules.Rule;

/**
 * The depot buprenorphine appointment rules: pure, the injection history passed in, thread-safe.
 *
 * <p>Depot buprenorphine is given by a healthcare professional only, never taken home, so what can
 * go wrong is a missed injection appointment, not a missed daily dose (clinical reference 7.1).
 * The next injection is due one interval after the last scheduled injection of the current plan,
 * or on the plan's first injection day when none has been given yet; it may be given within the
 * window around that day that {@link DepotSettings} sets.
 */
public final class DepotRules {

  private static final String SOURCE = "Buvidal SmPC via clinical reference 7.1: given by"
      + " healthcare professionals only, so track injection appointments [V]; the dosing window"
      + " is configuration, SmPC values unverified [U]";

  public static final Rule NOT_YET_DUE = new Rule("depot-not-yet-due",
      "The next depot injection's window has not opened yet.", SOURCE);
  public static final Rule DUE = new Rule("depot-due",
      "The depot injection is due: give it within its window.", SOURCE);
  public static final Rule OVERDUE = new Rule("depot-overdue",
      "The window closed without the depot injection: contact the prescriber, once for each"
          + " missed appointment.", SOURCE);

  private final DepotSettings settings;

  public DepotRules(DepotSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  public DepotSettings settings() {
    return settings;
  }

  /**
   * Where the patient stands with their next injection on {@code today}.
   *
   * @param history the patient's depot injections, in any order; those before the plan's first
   *                injection belong to earlier plans and are passed over
   * @throws InvalidPharmacyDataException listing every problem with the arguments
   */
  public DepotStatus status(DepotPlan plan, List<Injection> history, LocalDate today) {
    check(plan, history, today);
    DepotSettings.Timing timing = settings.timing(plan.interval());
    LocalDate due = plan.firstInjection();
    for (Injection injection : history) {
      LocalDate next = injection.date().plusDays(timing.days());
      if (!injection.additional() && !injection.date().isBefore(plan.firstInjection())
          && next.isAfter(due)) {
        due = next;
      }
    }
    DepotStatus.Appointment next = new DepotStatus.Appointment(
        due.minusDays(timing.daysBefore()), due, due.plusDays(timing.daysAfter()));
    if (today.isBefore(next.opens())) {
      return new DepotStatus.NotYetDue(next, NOT_YET_DUE, settings.version());
    }
    if (today.isAfter(next.closes())) {
      return new DepotStatus.Overdue(next, OVERDUE, settings.version());
    }
    return new DepotStatus.Due(next, DUE, settings.version());
  }

  private static void check(DepotPlan plan, List<Injection> history, LocalDate today) {
    List<Problem> problems = new ArrayList<>();
    if (plan == null) {
      problems.add(new Problem("plan", "required"));
    }
    if (today == null) {
      problems.add(new Problem("today", "required"));
    }
    if (history == null) {
      problems.add(new Problem("history", "empty before the first injection, never null"));
    } else {
      for (int i = 0; i < history.size(); i++) {
        Injection injection = history.get(i);
        String field = "history[" + i + "]";
        if (injection == null) {
          problems.add(new Problem(field, "required"));
          continue;
        }
        if (today != null && injection.date().isAfter(today)) {
          problems.add(new Problem(field + ".date", "after today: an injection is recorded once"
              + " given"));
        }
        if (plan != null && !injection.additional()
            && !injection.date().isBefore(plan.firstInjection())
            && !plan.interval().dosesMg().contains(injection.doseMg())) {
          problems.add(new Problem(field + ".doseMg", "not a " + plan.interval().code()
              + " dose, as the plan is: an extra dose is recorded as additional"));
        }
      }
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }
}
