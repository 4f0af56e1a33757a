package org.recoverylink.core.pharmacy.nsp;

import org.recoverylink.core.rules.Coded;

/**
 * What the client says they inject. NICE PH52 covers users of image- and performance-enhancing
 * drugs (IPEDs) as well as of psychoactive drugs, so both are here.
 */
public enum InjectedSubstance implements Coded {
  HEROIN("heroin", "Heroin"),
  CRACK_COCAINE("crack-cocaine", "Crack cocaine"),
  POWDER_COCAINE("powder-cocaine", "Powder cocaine"),
  AMPHETAMINE("amphetamine", "Amphetamine"),
  METHAMPHETAMINE("methamphetamine", "Methamphetamine"),
  /** E.g. mephedrone. */
  SYNTHETIC_CATHINONES("synthetic-cathinones", "Synthetic cathinones"),
  ANABOLIC_STEROIDS("anabolic-steroids", "Anabolic steroids"),
  /** E.g. peptides, melanotan, human growth hormone. */
  OTHER_IPEDS("other-ipeds", "Other image- and performance-enhancing drugs"),
  OTHER("other", "Other");

  private final String code;
  private final String display;

  InjectedSubstance(String code, String display) {
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
