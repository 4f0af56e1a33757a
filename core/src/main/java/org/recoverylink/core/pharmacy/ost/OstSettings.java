package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * The configurable part of the OST rules, with the version every decision carries.
 *
 * @param version                the rule set's name and version
 * @param consecutiveMissedLimit consecutive missed days after which doses are withheld pending
 *                               prescriber review: 3 in the Home Office instalment wording ("three
 *                               or more consecutive days"); some English services ask for 2
 * @param maxDailyDose           per medicine, the largest daily dose in mg taken as real: a
 *                               sanity bound against typing errors (a prescription or supply
 *                               over it is refused), never a clinical limit; every medicine has
 *                               one. Defaults: {@link #DEFAULT_MAX_DAILY_DOSE}
 */
public record OstSettings(RuleSetVersion version, int consecutiveMissedLimit,
    Map<OstMedicine, BigDecimal> maxDailyDose) {

  /**
   * The default sanity bounds, far above any dose prescribed, since no guideline sets a maximum
   * for methadone and a bound must never refuse a real prescription:
   * <ul>
   *   <li>methadone 2,000 mg: UK guidelines set no upper limit (Drug misuse and dependence: UK
   *       guidelines on clinical management, 2017 [U]); the highest maintenance doses reported
   *       are 1,100 mg a day (Maxwell and Shinderman, J Addict Dis 2002, 152-week follow-up,
   *       range 13-1,100 mg/d [P]);</li>
   *   <li>buprenorphine and buprenorphine with naloxone 96 mg: three times the licensed maximum
   *       single daily dose of 32 mg (UK SmPC, as in the BNF [P]), so a dose for three days
   *       written as one day's is still taken.</li>
   * </ul>
   */
  public static final Map<OstMedicine, BigDecimal> DEFAULT_MAX_DAILY_DOSE =
      Collections.unmodifiableMap(new EnumMap<>(Map.of(
          OstMedicine.METHADONE, new BigDecimal("2000"),
          OstMedicine.BUPRENORPHINE, new BigDecimal("96"),
          OstMedicine.BUPRENORPHINE_NALOXONE, new BigDecimal("96"))));
  /** Doses and quantities are given to a thousandth of a milligram at most. */
  public static final int DECIMAL_PLACES = 3;

  private static final OstSettings UK_DEFAULT =
      new OstSettings(new RuleSetVersion("uk-ost", "2015.1.0"), 3);

  public OstSettings {
    Objects.requireNonNull(version, "version");
    if (consecutiveMissedLimit < 2 || consecutiveMissedLimit > 3) {
      throw new IllegalArgumentException("the consecutive missed-day limit is 2 or 3, not "
          + consecutiveMissedLimit);
    }
    EnumMap<OstMedicine, BigDecimal> bounds = new EnumMap<>(OstMedicine.class);
    bounds.putAll(Objects.requireNonNull(maxDailyDose, "maxDailyDose"));
    for (OstMedicine medicine : OstMedicine.values()) {
      BigDecimal bound = bounds.get(medicine);
      if (bound == null || bound.signum() <= 0) {
        throw new IllegalArgumentException("the largest daily dose of " + medicine.code()
            + " is a number of mg above zero");
      }
    }
    maxDailyDose = Collections.unmodifiableMap(bounds);
  }

  /** With the default {@link #DEFAULT_MAX_DAILY_DOSE}. */
  public OstSettings(RuleSetVersion version, int consecutiveMissedLimit) {
    this(version, consecutiveMissedLimit, DEFAULT_MAX_DAILY_DOSE);
  }

  /** The Home Office wording, review after three consecutive missed days: uk-ost|2015.1.0. */
  public static OstSettings ukDefault() {
    return UK_DEFAULT;
  }

  /** A local variant: it needs its own id and version, so each decision traces to its limit. */
  public static OstSettings local(String id, String version, int consecutiveMissedLimit) {
    RuleSetVersion local = new RuleSetVersion(id, version);
    if (local.equals(UK_DEFAULT.version)) {
      throw new IllegalArgumentException("a local variant needs a version of its own");
    }
    return new OstSettings(local, consecutiveMissedLimit);
  }

  /**
   * These settings with another sanity bound for one medicine's daily dose, in mg. The bound
   * decides only what is taken as real, not what is dispensed, so the version stays.
   */
  public OstSettings withMaxDailyDose(OstMedicine medicine, BigDecimal mg) {
    EnumMap<OstMedicine, BigDecimal> bounds = new EnumMap<>(maxDailyDose);
    bounds.put(Objects.requireNonNull(medicine, "medicine"), Objects.requireNonNull(mg, "mg"));
    return new OstSettings(version, consecutiveMissedLimit, bounds);
  }

  /** The largest daily dose of {@code medicine} taken as real, in mg. */
  public BigDecimal maxDailyDose(OstMedicine medicine) {
    return maxDailyDose.get(medicine);
  }
}
