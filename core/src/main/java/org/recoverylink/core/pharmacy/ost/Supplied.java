package org.recoverylink.core.pharmacy.ost;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * What the rules say of a supply the pharmacy records ({@link OstRules#supplied}). A supply is
 * what happened, so it is always kept; one made while doses are withheld pending the
 * prescriber's review went against that withhold: it does not lift it, and the prescriber and
 * keyworker are told.
 *
 * @param against            the rule the supply went against ({@link OstRules#MISSED_DOSES});
 *                           empty when no withhold stood
 * @param reviewPendingSince the first day doses were withheld, when the supply went against it
 * @param notifications      owed and not raised before: the withhold's own notification when
 *                           nobody raised it yet, and the one telling of this supply
 */
public record Supplied(String prescription, LocalDate date, Optional<Rule> against,
    Optional<LocalDate> reviewPendingSince, RuleSetVersion ruleSet,
    List<Notification> notifications) {

  public Supplied {
    Objects.requireNonNull(prescription, "prescription");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(against, "against");
    Objects.requireNonNull(reviewPendingSince, "reviewPendingSince");
    Objects.requireNonNull(ruleSet, "ruleSet");
    if (against.isPresent() != reviewPendingSince.isPresent()) {
      throw new IllegalArgumentException("a supply against a withhold says since when");
    }
    notifications = List.copyOf(notifications);
  }

  /** Whether the supply went against a withhold pending the prescriber's review. */
  public boolean againstWithhold() {
    return against.isPresent();
  }
}
