package org.recoverylink.server.report;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.recoverylink.core.reporting.Percentile;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;

/** Computes a report over the store and publishes it under the small-number rule and rounding. */
public final class ActivityReports {

  /** How far back the typical time to acceptance looks. */
  static final int TYPICAL_WAIT_DAYS = 90;

  private final ActivityQueries queries;
  private final SmallNumbers rule;
  private final Rounding rounding;
  private final Clock clock;

  public ActivityReports(ActivityQueries queries, SmallNumbers rule, Rounding rounding,
      Clock clock) {
    this.queries = queries;
    this.rule = rule;
    this.rounding = rounding;
    this.clock = clock;
  }

  public SmallNumbers rule() {
    return rule;
  }

  public Rounding rounding() {
    return rounding;
  }

  /** The report of {@code measure} over {@code scope}, as it may be published. */
  public ActivityReport evaluate(ActivityMeasure measure, Scope scope) {
    return ActivityReport.publish(measure, scope, queries.tally(measure, scope), rule,
        rounding, clock.instant());
  }

  /**
   * The median days from referral to acceptance of the referrals first sent to
   * {@code service} in the last {@value #TYPICAL_WAIT_DAYS} days (the referral report's days to
   * acceptance, for one service), or empty when the reports do not know it: when so few were
   * accepted that the small-number rule would suppress the count.
   */
  public OptionalDouble typicalDaysToAcceptance(String service) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), Scope.ENGLAND);
    double[] days = queries.daysToAcceptance(service, new Scope(today.minusDays(
        TYPICAL_WAIT_DAYS - 1), today, Optional.empty(), Optional.empty(), Set.of()));
    return days.length <= rule.highest() ? OptionalDouble.empty()
        : OptionalDouble.of(Percentile.of(days, 0.5));
  }
}
