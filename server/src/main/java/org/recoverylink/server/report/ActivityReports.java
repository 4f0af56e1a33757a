package org.recoverylink.server.report;

import java.time.Clock;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;

/** Computes a report over the store and publishes it under the small-number rule and rounding. */
public final class ActivityReports {

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
}
