package org.recoverylink.core.pharmacy.depot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * When depot injections fall due: for each interval, its length and the window around the due
 * day in which the injection may be given. Configuration, not constants: the clinical reference
 * (7.1, open point 9) has the SmPC window, weekly +/- 2 days and monthly +/- 1 week, as
 * unverified [U], and "monthly" as 28 days comes from a secondary source only [U]. Those are the
 * {@link #ukDefault()}; a local variant overrides them under a version of its own, so every
 * status traces to the numbers that produced it:
 *
 * <pre>{@code
 * DepotSettings local = DepotSettings.ukDefault().derive("essex-depot", "2026.1",
 *     Map.of(DepotInterval.WEEKLY, new Timing(7, 1, 1)));
 * }</pre>
 *
 * @param version the rule set's name and version
 * @param timings the timing of every interval
 */
public record DepotSettings(RuleSetVersion version, Map<DepotInterval, Timing> timings) {

  private static final DepotSettings UK_DEFAULT = new DepotSettings(
      new RuleSetVersion("uk-depot", "2026.1.0"),
      Map.of(DepotInterval.WEEKLY, new Timing(7, 2, 2), DepotInterval.MONTHLY,
          new Timing(28, 7, 7)));

  /**
   * The timing of one interval: the next injection is due {@code days} after the last one, and may
   * be given from {@code daysBefore} before that day to {@code daysAfter} after it.
   *
   * @param days       days from one injection to the next, 1 to 62
   * @param daysBefore how early the window opens, 0 to {@code days - 1}
   * @param daysAfter  how late it closes, 0 to {@code days - 1}
   */
  public record Timing(int days, int daysBefore, int daysAfter) {
    public Timing {
      List<String> problems = new ArrayList<>();
      if (days < 1 || days > 62) {
        problems.add("an interval is 1 to 62 days, not " + days);
      }
      if (daysBefore < 0 || daysBefore >= days) {
        problems.add("the window opens 0 to " + (days - 1) + " days early, not " + daysBefore);
      }
      if (daysAfter < 0 || daysAfter >= days) {
        problems.add("the window closes 0 to " + (days - 1) + " days late, not " + daysAfter);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
    }
  }

  public DepotSettings {
    Objects.requireNonNull(version, "version");
    Map<DepotInterval, Timing> copy = new EnumMap<>(DepotInterval.class);
    copy.putAll(timings);
    for (DepotInterval interval : DepotInterval.values()) {
      Objects.requireNonNull(copy.get(interval), () -> "no timing for " + interval);
    }
    timings = Collections.unmodifiableMap(copy);
  }

  /** The SmPC window as the reference gives it (unverified), {@code uk-depot|2026.1.0}. */
  public static DepotSettings ukDefault() {
    return UK_DEFAULT;
  }

  /**
   * A variant of these settings with some timings replaced. It needs its own id and version,
   * even when only one number changes.
   *
   * @throws IllegalArgumentException when the variant reuses this version
   */
  public DepotSettings derive(String id, String version, Map<DepotInterval, Timing> overrides) {
    RuleSetVersion derived = new RuleSetVersion(id, version);
    if (derived.equals(this.version)) {
      throw new IllegalArgumentException("a derived variant needs its own version, not "
          + this.version);
    }
    Map<DepotInterval, Timing> merged = new EnumMap<>(timings);
    merged.putAll(overrides);
    return new DepotSettings(derived, merged);
  }

  /** The timing of {@code interval}. */
  public Timing timing(DepotInterval interval) {
    return timings.get(interval);
  }
}
