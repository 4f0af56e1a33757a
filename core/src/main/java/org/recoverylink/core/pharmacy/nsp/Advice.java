package org.recoverylink.core.pharmacy.nsp;

import org.recoverylink.core.rules.Coded;

/** Harm-reduction advice given on a visit (clinical reference 8.2). */
public enum Advice implements Coded {
  SAFER_INJECTING("safer-injecting", "Safer injecting"),
  OVERDOSE_PREVENTION("overdose-prevention", "Overdose prevention"),
  BLOOD_BORNE_VIRUSES("blood-borne-viruses", "Blood-borne viruses"),
  SAFER_SEX("safer-sex", "Safer sex"),
  WOUND_CARE("wound-care", "Wound and vein care"),
  SAFE_DISPOSAL("safe-disposal", "Safe disposal of used equipment");

  private final String code;
  private final String display;

  Advice(String code, String display) {
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
