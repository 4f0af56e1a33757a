package org.recoverylink.server.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One activity report: what it counts (its indicators, each a Measure group), how each count is
 * broken down (a group's stratifiers), and the relations its definitions state between the
 * counts: a breakdown that {@link Breakdown#addsUp() adds up} to its indicator's count, and
 * counts that are {@link Same the same} number in two places. A reader of the report knows these
 * relations, so suppression takes them into account; they are stated here once, for both.
 *
 * @param id          the Measure id, e.g. {@code iba-activity}
 * @param name        computer-friendly name, e.g. {@code IbaActivity}
 * @param title       e.g. "Identification and brief advice (IBA) activity"
 * @param description what it is for, and which events each period holds
 * @param indicators  the counts, in report order
 * @param same        counts its definitions make equal
 */
public record ActivityMeasure(String id, String name, String title, String description,
    List<Indicator> indicators, List<Same> same) {

  public ActivityMeasure {
    Objects.requireNonNull(id, "id");
    indicators = List.copyOf(indicators);
    same = List.copyOf(same);
    for (Same pair : same) {
      for (Count count : List.of(pair.one(), pair.other())) {
        Indicator indicator = indicators.stream()
            .filter(i -> i.code().equals(count.indicator())).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(id + " has no indicator " + count));
        if (count.breakdown().isPresent() && indicator.breakdowns().stream().noneMatch(b ->
            b.code().equals(count.breakdown().get()) && b.values().stream()
                .anyMatch(v -> v.code().equals(count.value().orElseThrow())))) {
          throw new IllegalArgumentException(id + " lists no value " + count);
        }
      }
    }
  }

  /** The indicator with this code. */
  public Indicator indicator(String code) {
    return indicators.stream().filter(i -> i.code().equals(code)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(id + " has no indicator " + code));
  }

  /**
   * One count of the report.
   *
   * @param code       stable code, e.g. {@code screenings}
   * @param title      short name
   * @param definition exactly what is counted, with the source of any threshold
   * @param score      a figure derived from the count, if the indicator has one
   * @param breakdowns how the count is broken down
   */
  public record Indicator(String code, String title, String definition, Optional<Score> score,
      List<Breakdown> breakdowns) {

    public Indicator {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(score, "score");
      breakdowns = List.copyOf(breakdowns);
    }

    static Indicator count(String code, String title, String definition,
        Breakdown... breakdowns) {
      return new Indicator(code, title, definition, Optional.empty(), List.of(breakdowns));
    }

    static Indicator scored(String code, String title, String definition, Score score) {
      return new Indicator(code, title, definition, Optional.of(score), List.of());
    }
  }

  /**
   * A figure derived from an indicator's count: shown only when the count is.
   *
   * @param unit      UCUM unit code, e.g. {@code %} or {@code d}
   * @param display   the unit in words
   * @param meaning   what the figure is
   * @param percentOf for a percentage of another indicator's count, that indicator: the score
   *                  is then worked out from the two counts as published, and shown only when
   *                  both are (it would give a hidden one back otherwise)
   */
  public record Score(String unit, String display, String meaning,
      Optional<String> percentOf) {

    public Score {
      Objects.requireNonNull(percentOf, "percentOf");
    }
  }

  /**
   * A breakdown (stratifier) of an indicator's count.
   *
   * @param code   stable code, e.g. {@code instrument}
   * @param title  short name
   * @param system the code system of its values; empty when the values are names (services)
   * @param values the values always reported, zeros included, in order; values met in the data
   *               that are not listed follow them
   * @param addsUp whether each thing counted falls under exactly one value, so that the values'
   *               counts add up to the indicator's count (where a thing may fall under several
   *               values or none, they do not)
   */
  public record Breakdown(String code, String title, Optional<String> system,
      List<Value> values, boolean addsUp) {

    public Breakdown {
      Objects.requireNonNull(code, "code");
      values = List.copyOf(values);
    }
  }

  /** A value of a breakdown: its code and its display. */
  public record Value(String code, String display) {
  }

  /**
   * One count of a report: an indicator's own count, or the count of one value of one of its
   * breakdowns.
   */
  public record Count(String indicator, Optional<String> breakdown, Optional<String> value) {

    public Count {
      Objects.requireNonNull(indicator, "indicator");
      if (breakdown.isPresent() != value.isPresent()) {
        throw new IllegalArgumentException("a breakdown's count names its value, and only it");
      }
    }

    /** The indicator's own count. */
    public static Count of(String indicator) {
      return new Count(indicator, Optional.empty(), Optional.empty());
    }

    /** The count of one value of one breakdown of the indicator. */
    public static Count of(String indicator, String breakdown, String value) {
      return new Count(indicator, Optional.of(breakdown), Optional.of(value));
    }

    @Override
    public String toString() {
      return indicator + breakdown.map(b -> " by " + b + " " + value.get()).orElse("");
    }
  }

  /**
   * Two counts that the definitions make the same number, e.g. the AUDITs among screenings by
   * instrument and the full AUDITs by band.
   *
   * @param why in words, for the Measure's guidance
   */
  public record Same(Count one, Count other, String why) {
  }
}
