package org.recoverylink.core.pharmacy.ost;

import org.recoverylink.core.rules.Coded;

/** Why a dose is not dispensed, with the stable code the API and FHIR mapping write. */
public enum WithholdReason implements Coded {
  NOT_YET_VALID("not-yet-valid", "The prescription is not valid yet"),
  EXPIRED("expired", "The prescription has ended"),
  ALREADY_DISPENSED("already-dispensed", "Today's dose has already been supplied"),
  MISSED_DOSES("missed-doses", "Consecutive days missed: prescriber review needed"),
  INTOXICATED("intoxicated", "The patient presented intoxicated");

  private final String code;
  private final String display;

  WithholdReason(String code, String display) {
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

  /** The reason with this {@link #code()}. */
  public static WithholdReason fromCode(String code) {
    for (WithholdReason reason : values()) {
      if (reason.code.equals(code)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("not a withhold reason: " + code);
  }
}
