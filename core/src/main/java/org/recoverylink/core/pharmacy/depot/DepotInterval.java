package org.recoverylink.core.pharmacy.depot;

import java.util.List;
import org.recoverylink.core.rules.Coded;

/**
 * How often depot buprenorphine is injected, with the doses each interval comes in: the
 * prolonged-release presentations of Buvidal, weekly 8/16/24/32 mg and monthly 64/96/128/160 mg
 * (clinical reference 7.1, from the SmPC [V]). How many days an interval lasts is configuration:
 * {@link DepotSettings}.
 */
public enum DepotInterval implements Coded {
  WEEKLY("weekly", "Weekly", List.of(8, 16, 24, 32)),
  MONTHLY("monthly", "Monthly", List.of(64, 96, 128, 160));

  private final String code;
  private final String display;
  private final List<Integer> dosesMg;

  DepotInterval(String code, String display, List<Integer> dosesMg) {
    this.code = code;
    this.display = display;
    this.dosesMg = dosesMg;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }

  /** The doses, in milligrams, this interval's presentations hold. */
  public List<Integer> dosesMg() {
    return dosesMg;
  }
}
