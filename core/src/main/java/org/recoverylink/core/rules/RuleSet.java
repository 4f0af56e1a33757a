package org.recoverylink.core.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The configurable part of the clinical rules, with a name and version that every result carries.
 * Immutable and thread-safe. {@link #ukDefault()} holds the published values; a local variant is
 * derived from it and must carry its own version, so a result can always be traced to the exact
 * numbers that produced it:
 *
 * <pre>{@code
 * RuleSet local = RuleSet.ukDefault().derive("essex-iba", "2026.1.0")
 *     .threshold(Threshold.PHQ_2_POSITIVE, 2)
 *     .fastRule(FastRule.SUM_OF_Q2_TO_Q4)
 *     .build();
 * }</pre>
 */
public final class RuleSet {

  /**
   * The UK identification-and-brief-advice rules as published; the version follows the date of
   * the main source, OHID "Clinical guidelines for alcohol treatment" (2023).
   */
  private static final RuleSet UK_DEFAULT = new RuleSet(
      new RuleSetVersion("uk-iba", "2023.1.0"), defaults(), FastRule.TOTAL_OF_ALL_FOUR, true);

  private final RuleSetVersion version;
  private final int[] thresholds;
  private final FastRule fastRule;
  private final boolean diagnosedCommonMentalDisorderCounts;

  private RuleSet(RuleSetVersion version, int[] thresholds, FastRule fastRule,
      boolean diagnosedCommonMentalDisorderCounts) {
    this.version = version;
    this.thresholds = thresholds;
    this.fastRule = fastRule;
    this.diagnosedCommonMentalDisorderCounts = diagnosedCommonMentalDisorderCounts;
  }

  private static int[] defaults() {
    Threshold[] all = Threshold.values();
    int[] values = new int[all.length];
    for (Threshold t : all) {
      values[t.ordinal()] = t.defaultValue();
    }
    return values;
  }

  /** The published UK rules, version {@code uk-iba|2023.1.0}. */
  public static RuleSet ukDefault() {
    return UK_DEFAULT;
  }

  /**
   * Starts a variant of this rule set. The variant needs its own id and version, even when only
   * one threshold changes.
   */
  public Builder derive(String id, String version) {
    return new Builder(this, new RuleSetVersion(id, version));
  }

  public RuleSetVersion version() {
    return version;
  }

  public int threshold(Threshold threshold) {
    return thresholds[threshold.ordinal()];
  }

  /** All thresholds in force, in declaration order. */
  public Map<Threshold, Integer> thresholds() {
    Map<Threshold, Integer> all = new EnumMap<>(Threshold.class);
    for (Threshold t : Threshold.values()) {
      all.put(t, thresholds[t.ordinal()]);
    }
    return Collections.unmodifiableMap(all);
  }

  /** Which reading of FAST stage 2 is in force. */
  public FastRule fastRule() {
    return fastRule;
  }

  /**
   * Whether a known depression or anxiety diagnosis ({@link KnownCondition#COMMON_MENTAL_DISORDER})
   * counts as a mental-health indicator for the co-occurring flag. Reference section 9.3 calls it
   * optional; on by default so a diagnosed condition is not missed because no PHQ-9 was done today.
   */
  public boolean diagnosedCommonMentalDisorderCounts() {
    return diagnosedCommonMentalDisorderCounts;
  }

  @Override
  public String toString() {
    return "RuleSet[" + version + ", " + thresholds() + ", fast=" + fastRule
        + ", diagnosedCommonMentalDisorderCounts=" + diagnosedCommonMentalDisorderCounts + "]";
  }

  /** Builds a variant; {@link #build()} reports every out-of-range value at once. */
  public static final class Builder {
    private final RuleSetVersion version;
    private final RuleSetVersion baseVersion;
    private final int[] thresholds;
    private FastRule fastRule;
    private boolean diagnosedCommonMentalDisorderCounts;

    private Builder(RuleSet base, RuleSetVersion version) {
      this.baseVersion = base.version;
      this.version = version;
      this.thresholds = base.thresholds.clone();
      this.fastRule = base.fastRule;
      this.diagnosedCommonMentalDisorderCounts = base.diagnosedCommonMentalDisorderCounts;
    }

    public Builder threshold(Threshold threshold, int value) {
      thresholds[Objects.requireNonNull(threshold, "threshold").ordinal()] = value;
      return this;
    }

    public Builder fastRule(FastRule rule) {
      this.fastRule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    public Builder diagnosedCommonMentalDisorderCounts(boolean counts) {
      this.diagnosedCommonMentalDisorderCounts = counts;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming every threshold outside its instrument's range, or
     *     when the variant reuses the version of the rule set it was derived from
     */
    public RuleSet build() {
      List<String> problems = new ArrayList<>();
      if (version.equals(baseVersion)) {
        problems.add("a derived rule set needs its own version, not " + baseVersion);
      }
      for (Threshold t : Threshold.values()) {
        int value = thresholds[t.ordinal()];
        if (value < t.min() || value > t.max()) {
          problems.add(t.key() + " = " + value + " is outside " + t.min() + ".." + t.max());
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "invalid rule set " + version + ": " + String.join("; ", problems));
      }
      return new RuleSet(version, thresholds.clone(), fastRule,
          diagnosedCommonMentalDisorderCounts);
    }
  }
}
