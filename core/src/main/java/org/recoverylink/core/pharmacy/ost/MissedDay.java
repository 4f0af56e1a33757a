package org.recoverylink.core.pharmacy.ost;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * A day's dose not collected, recorded at the end of that day.
 *
 * @param consecutiveMissed days missed in a row up to and including {@code date}
 * @param reviewRequired    a run of missed days since the last review has reached the
 *                          configured limit (this one or an earlier one): doses are withheld
 *                          until the prescriber has reviewed the patient
 * @param notifications     owed and not raised before (the withhold's, once per run)
 */
public record MissedDay(String prescription, LocalDate date, int consecutiveMissed,
    boolean reviewRequired, Rule rule, RuleSetVersion ruleSet,
    List<Notification> notifications) {

  public MissedDay {
    Objects.requireNonNull(prescription, "prescription");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(ruleSet, "ruleSet");
    notifications = List.copyOf(notifications);
  }
}
