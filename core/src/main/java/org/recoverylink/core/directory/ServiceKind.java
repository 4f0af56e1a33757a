package org.recoverylink.core.directory;

import org.recoverylink.core.rules.Coded;

/** What a service does; routing rules ask for kinds, never for named services. */
public enum ServiceKind implements Coded {
  TREATMENT("treatment", "Drug or alcohol treatment"),
  PRESCRIBING("prescribing", "Opioid substitution prescribing"),
  YOUNG_PEOPLE("young-people", "Young people's service"),
  DUAL_DIAGNOSIS("dual-diagnosis", "Dual diagnosis"),
  REHABILITATION("rehabilitation", "Rehabilitation"),
  DETOX("detox", "Detoxification"),
  PEER_RECOVERY("peer-recovery", "Peer recovery support"),
  NEEDLE_EXCHANGE("needle-exchange", "Needle and syringe programme"),
  SINGLE_POINT_OF_CONTACT("single-point-of-contact", "Single point of contact");

  private final String code;
  private final String display;

  ServiceKind(String code, String display) {
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
