package org.recoverylink.core.routing;

import org.recoverylink.core.rules.Coded;

/** The part a destination plays in a routing decision (endpoint's role codes). */
public enum Role implements Coded {
  PRIMARY("primary", "Primary destination"),
  CO_REFERRAL("co-referral", "Co-referral"),
  SIGNPOST("signpost", "Signpost");

  private final String code;
  private final String display;

  Role(String code, String display) {
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
