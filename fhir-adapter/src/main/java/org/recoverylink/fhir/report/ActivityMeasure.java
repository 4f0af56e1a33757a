package org.recoverylink.fhir.report;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One activity report: what it counts (its indicators, each a Measure group) and how each count
 * is broken down (a group's stratifiers).
 *
 * @param id          the Measure id, e.g. {@code iba-activity}
 * @param name        computer-friendly name, e.g. {@code IbaActivity}
 * @param title       e.g. "Identification and brief advice (IBA) activity"
 * @param description what it is for, and which events each period holds
 * @param indicators  the counts, in report order
 */
public record ActivityMeasure(String id, String name, String title, String description,
    List<Indicator> indicators) {

  public ActivityMeasure {
    Objects.requireNonNull(id, "id");
    indicators = List.copyOf(indicators);
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
   * @param unit     UCUM unit code, e.g. {@code %} or {@code d}
   * @param display  the unit in words
   * @param meaning  what the figure is
   */
  public record Score(String unit, String display, String meaning) {
  }

  /**
   * A breakdown (stratifier) of an indicator's count.
   *
   * @param code   stable code, e.g. {@code instrument}
   * @param title  short name
   * @param system the code system of its values; empty when the values are names (services)
   * @param values the values always reported, zeros included, in order; values met in the data
   *               that are not listed follow them
   */
  public record Breakdown(String code, String title, Optional<String> system,
      List<Value> values) {

    public Breakdown {
      Objects.requireNonNull(code, "code");
      values = List.copyOf(values);
    }
  }

  /** A value of a breakdown: its code and its display. */
  public record Value(String code, String display) {
  }
}
