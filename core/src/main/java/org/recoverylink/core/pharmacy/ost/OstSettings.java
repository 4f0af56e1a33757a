package org.recoverylink.core.pharmacy.ost;

import java.util.Objects;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * The configurable part of the OST rules, with the version every decision carries.
 *
 * @param version                the rule set's name and version
 * @param consecutiveMissedLimit consecutive missed days after which doses are withheld pending
 *                               prescriber review: 3 in the Home Office instalment wording ("three
 *                               or more consecutive days"); some English services ask for 2
 */
public record OstSettings(RuleSetVersion version, int consecutiveMissedLimit) {

  private static final OstSettings UK_DEFAULT =
      new OstSettings(new RuleSetVersion("uk-ost", "2015.1.0"), 3);

  public OstSettings {
    Objects.requireNonNull(version, "version");
    if (consecutiveMissedLimit < 2 || consecutiveMissedLimit > 3) {
      throw new IllegalArgumentException("the consecutive missed-day limit is 2 or 3, not "
          + consecutiveMissedLimit);
    }
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
}
