package org.recoverylink.server.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import org.recoverylink.core.reporting.Cell;
import org.recoverylink.core.reporting.Relation;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.server.report.ActivityMeasure.Breakdown;
import org.recoverylink.server.report.ActivityMeasure.Count;
import org.recoverylink.server.report.ActivityMeasure.Indicator;
import org.recoverylink.server.report.ActivityMeasure.Same;
import org.recoverylink.server.report.ActivityMeasure.Value;

/**
 * A report as it may be published: every count passed through the small-number rule once, here,
 * over the whole report, then rounded; the FHIR and CSV writers only write what this holds.
 *
 * @param measure   the report
 * @param scope     the period and the organisation or district
 * @param rule      the small-number rule applied
 * @param rounding  the rounding of the counts shown
 * @param generated when it was computed
 * @param groups    one per indicator, in the measure's order
 */
public record ActivityReport(ActivityMeasure measure, Scope scope, SmallNumbers rule,
    Rounding rounding, Instant generated, List<Group> groups) {

  public ActivityReport {
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(rounding, "rounding");
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

  /**
   * Publishes tallies: suppresses small counts and every count that, with the rest of the
   * report and the relations its definitions state, would give one back; then rounds the rest.
   */
  static ActivityReport publish(ActivityMeasure measure, Scope scope, Map<String, Tally> tallies,
      SmallNumbers rule, Rounding rounding, Instant generated) {
    Map<Count, Long> counts = new LinkedHashMap<>(); // in report order: ties go to the first
    Map<Count, Value> values = new LinkedHashMap<>();
    List<Relation<Count>> relations = new ArrayList<>();
    for (Indicator indicator : measure.indicators()) {
      Tally tally = Objects.requireNonNull(tallies.get(indicator.code()), indicator.code());
      counts.put(Count.of(indicator.code()), tally.count());
      for (Breakdown breakdown : indicator.breakdowns()) {
        Map<String, Long> counted = tally.breakdowns().getOrDefault(breakdown.code(), Map.of());
        List<Value> order = new ArrayList<>(breakdown.values());
        counted.keySet().stream().sorted()
            .filter(code -> breakdown.values().stream().noneMatch(v -> v.code().equals(code)))
            .forEach(code -> order.add(new Value(code, code)));
        List<Count> parts = new ArrayList<>();
        for (Value value : order) {
          Count part = Count.of(indicator.code(), breakdown.code(), value.code());
          counts.put(part, counted.getOrDefault(value.code(), 0L));
          values.put(part, value);
          parts.add(part);
        }
        if (breakdown.addsUp() && !parts.isEmpty()) {
          relations.add(Relation.sum(Count.of(indicator.code()), parts));
        }
      }
    }
    for (Same same : measure.same()) {
      relations.add(Relation.same(same.one(), same.other()));
    }
    Map<Count, Cell> cells = new LinkedHashMap<>();
    rule.suppress(counts, relations).forEach((count, cell) ->
        cells.put(count, rounding.apply(cell)));
    List<Group> groups = new ArrayList<>();
    for (Indicator indicator : measure.indicators()) {
      Cell count = cells.get(Count.of(indicator.code()));
      List<Stratum> strata = new ArrayList<>();
      for (Breakdown breakdown : indicator.breakdowns()) {
        cells.forEach((part, cell) -> {
          if (part.indicator().equals(indicator.code())
              && part.breakdown().equals(Optional.of(breakdown.code()))) {
            strata.add(new Stratum(breakdown, values.get(part), cell));
          }
        });
      }
      groups.add(new Group(indicator, count, score(indicator, tallies.get(indicator.code()),
          cells), strata));
    }
    return new ActivityReport(measure, scope, rule, rounding, generated, groups);
  }

  /**
   * The score as it may be shown: a percentage from the two counts as published (so rounding
   * holds for it too), when both are shown; another score when its count is shown.
   */
  private static Optional<Double> score(Indicator indicator, Tally tally,
      Map<Count, Cell> cells) {
    if (indicator.score().isEmpty()
        || !(cells.get(Count.of(indicator.code())) instanceof Cell.Shown shown)) {
      return Optional.empty();
    }
    Optional<String> percentOf = indicator.score().get().percentOf();
    if (percentOf.isPresent()) {
      return cells.get(Count.of(percentOf.get())) instanceof Cell.Shown whole
          && whole.count() > 0
          ? Optional.of(100.0 * shown.count() / whole.count()) : Optional.empty();
    }
    OptionalDouble score = tally.score();
    return score.isPresent() ? Optional.of(score.getAsDouble()) : Optional.empty();
  }
}
