package org.recoverylink.fhir.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.recoverylink.core.reporting.Cell;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.fhir.report.ActivityMeasure.Breakdown;
import org.recoverylink.fhir.report.ActivityMeasure.Indicator;
import org.recoverylink.fhir.report.ActivityMeasure.Value;

/**
 * A report as it may be published: every count passed through the small-number rule once, here;
 * the FHIR and CSV writers only write what this holds.
 *
 * @param measure   the report
 * @param scope     the period and the organisation or district
 * @param rule      the small-number rule applied
 * @param generated when it was computed
 * @param groups    one per indicator, in the measure's order
 */
public record ActivityReport(ActivityMeasure measure, Scope scope, SmallNumbers rule,
    Instant generated, List<Group> groups) {

  public ActivityReport {
    Objects.requireNonNull(measure, "measure");
    groups = List.copyOf(groups);
  }

  /**
   * One indicator's published figures.
   *
   * @param score shown only when the count is shown: a figure from a handful of people could
   *              single one out
   */
  public record Group(Indicator indicator, Cell count, Optional<Double> score,
      List<Stratum> strata) {

    public Group {
      strata = List.copyOf(strata);
    }
  }

  /** One value of one breakdown, with its count as published. */
  public record Stratum(Breakdown breakdown, Value value, Cell count) {
  }

  /** Publishes tallies: suppresses small counts, and what would give them away. */
  static ActivityReport publish(ActivityMeasure measure, Scope scope, Map<String, Tally> tallies,
      SmallNumbers rule, Instant generated) {
    List<Group> groups = new ArrayList<>();
    for (Indicator indicator : measure.indicators()) {
      Tally tally = Objects.requireNonNull(tallies.get(indicator.code()), indicator.code());
      Cell count = rule.cell(tally.count());
      OptionalDouble score = tally.score();
      Optional<Double> shown = count.suppressed() || score.isEmpty() ? Optional.empty()
          : Optional.of(score.getAsDouble());
      List<Stratum> strata = new ArrayList<>();
      for (Breakdown breakdown : indicator.breakdowns()) {
        Map<String, Long> counted = tally.breakdowns().getOrDefault(breakdown.code(), Map.of());
        Map<Value, Long> values = new LinkedHashMap<>();
        breakdown.values().forEach(v -> values.put(v, counted.getOrDefault(v.code(), 0L)));
        counted.keySet().stream().sorted()
            .filter(code -> breakdown.values().stream().noneMatch(v -> v.code().equals(code)))
            .forEach(code -> values.put(new Value(code, code), counted.get(code)));
        List<Value> order = List.copyOf(values.keySet());
        List<Cell> cells = rule.breakdown(List.copyOf(values.values()));
        for (int i = 0; i < order.size(); i++) {
          strata.add(new Stratum(breakdown, order.get(i), cells.get(i)));
        }
      }
      groups.add(new Group(indicator, count, shown, strata));
    }
    return new ActivityReport(measure, scope, rule, generated, groups);
  }
}
