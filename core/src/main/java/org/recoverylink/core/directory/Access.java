package org.recoverylink.core.directory;

import org.recoverylink.core.rules.Coded;

/** How a service is reached. */
public enum Access implements Coded {
  /** Primary care (or the person) can refer directly. */
  DIRECT("direct", "Direct referral from primary care"),
  /** Only a specialist service can refer (e.g. inpatient detox): never a routing destination. */
  SPECIALIST_DECISION_ONLY("specialist-decision-only", "Specialist decision only");

  private final String code;
  private final String display;

  Access(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }
}
