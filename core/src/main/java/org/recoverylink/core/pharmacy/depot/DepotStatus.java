package org.recoverylink.core.pharmacy.depot;

import java.time.LocalDate;
import java.util.Objects;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * Where a patient stands with their next depot injection on a given day, with the rule that
 * decided it and the settings' version.
 */
public sealed interface DepotStatus {

  /** The next injection: its due day and the window around it. */
  Appointment appointment();

  Rule rule();

  RuleSetVersion ruleSet();

  /**
   * The next injection.
   *
   * @param opens  the first day it may be given
   * @param due    the day it is due
   * @param closes the last day it may be given
   */
  record Appointment(LocalDate opens, LocalDate due, LocalDate closes) {
    public Appointment {
      Objects.requireNonNull(opens, "opens");
      Objects.requireNonNull(due, "due");
      Objects.requireNonNull(closes, "closes");
    }
  }

  /** Too early: the window opens on {@code appointment().opens()}. */
  record NotYetDue(Appointment appointment, Rule rule, RuleSetVersion ruleSet)
      implements DepotStatus {
    public NotYetDue {
      Objects.requireNonNull(appointment, "appointment");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(ruleSet, "ruleSet");
    }
  }

  /** The injection may be given today: the window runs to {@code appointment().closes()}. */
  record Due(Appointment appointment, Rule rule, RuleSetVersion ruleSet) implements DepotStatus {
    public Due {
      Objects.requireNonNull(appointment, "appointment");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(ruleSet, "ruleSet");
    }
  }

  /**
   * The window closed on {@code appointment().closes()} without an injection: contact the
   * prescriber. One notification is owed per missed appointment: raise it unless one with
   * {@link #notificationKey()} was raised already.
   */
  record Overdue(Appointment appointment, Rule rule, RuleSetVersion ruleSet)
      implements DepotStatus {
    public Overdue {
      Objects.requireNonNull(appointment, "appointment");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(ruleSet, "ruleSet");
    }

    /** Names the missed appointment, unique within the patient's depot treatment. */
    public String notificationKey() {
      return "depot-overdue/" + appointment.due();
    }
  }
}
