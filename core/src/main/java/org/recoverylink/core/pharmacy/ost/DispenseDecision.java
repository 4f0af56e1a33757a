package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * What to do when a patient presents for OST: dispense (how much, supervised or not) or withhold
 * and why. Each names the rule that decided it and the rule set's version.
 */
public sealed interface DispenseDecision {

  LocalDate date();

  /** Days missed in a row immediately before {@link #date()}. */
  int consecutiveMissed();

  Rule rule();

  RuleSetVersion ruleSet();

  /** Notifications owed and not raised before: raise each, then record it as raised. */
  List<Notification> notifications();

  /**
   * Dispense the doses for {@code days}: today's, and take-away doses for the rest.
   *
   * @param supervised         today's dose is taken in front of the pharmacist
   * @param supervisedQuantity milligrams taken under supervision (zero when not supervised)
   * @param takeAwayQuantity   milligrams to take away
   */
  record Dispense(LocalDate date, List<LocalDate> days, boolean supervised,
      BigDecimal supervisedQuantity, BigDecimal takeAwayQuantity, int consecutiveMissed,
      Rule rule, RuleSetVersion ruleSet) implements DispenseDecision {

    public Dispense {
      Objects.requireNonNull(date, "date");
      days = List.copyOf(days);
      Objects.requireNonNull(supervisedQuantity, "supervisedQuantity");
      Objects.requireNonNull(takeAwayQuantity, "takeAwayQuantity");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(ruleSet, "ruleSet");
    }

    /** Milligrams in all. */
    public BigDecimal quantity() {
      return supervisedQuantity.add(takeAwayQuantity);
    }

    @Override
    public List<Notification> notifications() {
      return List.of();
    }
  }

  /**
   * Do not dispense today, for {@code reason}.
   *
   * @param reviewPendingSince the first day doses were withheld for missed doses, when they are
   *                           withheld pending the prescriber's review (whatever the reason
   *                           given today); empty when no review is pending
   */
  record Withhold(LocalDate date, WithholdReason reason, int consecutiveMissed,
      Optional<LocalDate> reviewPendingSince, Rule rule, RuleSetVersion ruleSet,
      List<Notification> notifications) implements DispenseDecision {

    public Withhold {
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(reviewPendingSince, "reviewPendingSince");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(ruleSet, "ruleSet");
      notifications = List.copyOf(notifications);
    }
  }
}
