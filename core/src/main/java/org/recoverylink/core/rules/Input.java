package org.recoverylink.core.rules;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** A fact that a rule looked at when it fired: shown to the clinician so they can check it. */
public sealed interface Input {

  /** A total score, with the band it fell in. */
  record Total(String instrumentId, int total, String bandCode) implements Input {
    public Total {
      Objects.requireNonNull(instrumentId, "instrumentId");
      Objects.requireNonNull(bandCode, "bandCode");
    }

    @Override
    public String toString() {
      return instrumentId + " total " + total + " (" + bandCode + ")";
    }
  }

  /** The points given to one item (e.g. PHQ-9 item 9). */
  record ItemPoints(String instrumentId, String itemId, int points) implements Input {
    public ItemPoints {
      Objects.requireNonNull(instrumentId, "instrumentId");
      Objects.requireNonNull(itemId, "itemId");
    }

    @Override
    public String toString() {
      return itemId + " = " + points;
    }
  }

  /**
   * A condition known of the person: stated by the caller ({@code recorded} empty), or found in
   * their record by a code list (each diagnosis that matched).
   */
  record Condition(KnownCondition condition, List<RecordedCondition> recorded)
      implements Input {
    public Condition {
      Objects.requireNonNull(condition, "condition");
      recorded = List.copyOf(recorded);
    }

    /** A condition the caller states. */
    public Condition(KnownCondition condition) {
      this(condition, List.of());
    }

    /** Names the first three diagnoses: a whole record may hold many. */
    @Override
    public String toString() {
      return "known " + condition.display() + (recorded.isEmpty() ? ""
          : " (" + recorded.stream().limit(3).map(RecordedCondition::toString)
              .collect(Collectors.joining("; "))
              + (recorded.size() > 3 ? "; and " + (recorded.size() - 3) + " more" : "") + ")");
    }
  }

  /** The configured threshold a value was compared with. */
  record ThresholdValue(Threshold threshold, int value) implements Input {
    public ThresholdValue {
      Objects.requireNonNull(threshold, "threshold");
    }

    @Override
    public String toString() {
      return threshold.key() + " = " + value;
    }
  }
}
