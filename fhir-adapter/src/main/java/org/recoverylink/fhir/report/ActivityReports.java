package org.recoverylink.fhir.report;

import java.time.Clock;
import org.recoverylink.core.reporting.SmallNumbers;

/** Computes a report over the store and publishes it under the small-number rule. */
public final class ActivityReports {

  private final ActivityQueries queries;
  private final SmallNumbers rule;
  private final Clock clock;

  public ActivityReports(ActivityQueries queries, SmallNumbers rule, Clock clock) {
    this.queries = queries;
    this.rule = rule;
    this.clock = clock;
  }

  public SmallNumbers rule() {
    return rule;
  }

  /** The report of {@code measure} over {@code scope}, as it may be published. */
  public ActivityReport evaluate(ActivityMeasure measure, Scope scope) {
    return ActivityReport.publish(measure, scope, queries.tally(measure, scope), rule,
        clock.instant());
  }
}
