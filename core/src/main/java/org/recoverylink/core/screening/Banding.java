package org.recoverylink.core.screening;

import java.util.List;
import java.util.Objects;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.Threshold;

/** How an instrument's total becomes a band: one of three published shapes. */
public sealed interface Banding {

  /** The rule that places a total in a band; cited on every score. */
  Rule rule();

  /** Fixed ranges from the instrument's publication, contiguous from its minimum to maximum. */
  record Ranges(Rule rule, List<BandRange> ranges) implements Banding {
    public Ranges {
      Objects.requireNonNull(rule, "rule");
      ranges = List.copyOf(ranges);
      for (int i = 1; i < ranges.size(); i++) {
        if (ranges.get(i).min() != ranges.get(i - 1).max() + 1) {
          throw new IllegalArgumentException("bands of " + rule + " are not contiguous: " + ranges);
        }
      }
    }

    /** The range holding {@code total}, which must lie within the instrument's range. */
    public BandRange rangeOf(int total) {
      for (int i = 0; i < ranges.size(); i++) {
        BandRange range = ranges.get(i);
        if (range.contains(total)) {
          return range;
        }
      }
      throw new IllegalArgumentException(total + " lies outside " + ranges);
    }
  }

  /** Positive at or above a configurable cut-off (PHQ-2, GAD-2). */
  record Cutoff(Rule rule, Threshold threshold) implements Banding {
    public Cutoff {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(threshold, "threshold");
    }
  }

  /** FAST's two-stage rule (question 1 first, then the configured stage-2 reading). */
  record FastTwoStage(Rule rule) implements Banding {
    public FastTwoStage {
      Objects.requireNonNull(rule, "rule");
    }
  }
}
