package org.recoverylink.core.pharmacy.nsp;

import org.recoverylink.core.rules.Coded;

/**
 * The level of needle and syringe programme a pharmacy provides, in the terms NICE PH52 keeps
 * from its commissioning guide (clinical reference 8.1).
 */
public enum NspLevel implements Coded {
  /** Injecting equipment, loose or in packs, with written harm-reduction information. */
  LEVEL_1("level-1", "Level 1: packs with written information"),
  /** Pick-and-mix (bespoke) equipment with health-promotion advice. */
  LEVEL_2("level-2", "Level 2: pick and mix with advice"),
  /** Level 2, plus provision of or referral to specialist services. */
  LEVEL_3("level-3", "Level 3: level 2 with specialist services");

  private final String code;
  private final String display;

  NspLevel(String code, String display) {
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

  /** Whether the level gives pick-and-mix items: level 2 and above. */
  public boolean givesPickAndMix() {
    return this != LEVEL_1;
  }
}
