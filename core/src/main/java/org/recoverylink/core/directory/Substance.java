package org.recoverylink.core.directory;

import org.recoverylink.core.rules.Coded;

/** Substances, with the codes of the endpoint's substance CodeSystem. */
public enum Substance implements Coded {
  ALCOHOL("alcohol", "Alcohol"),
  OPIOIDS("opioids", "Opioids"),
  CRACK_COCAINE("crack-cocaine", "Crack cocaine"),
  COCAINE("cocaine", "Cocaine"),
  CANNABIS("cannabis", "Cannabis"),
  BENZODIAZEPINES("benzodiazepines", "Benzodiazepines"),
  PRESCRIBED_OR_OTC_MEDICINES("prescribed-or-otc-medicines",
      "Prescribed or over-the-counter medicines"),
  KETAMINE("ketamine", "Ketamine"),
  NOVEL_PSYCHOACTIVE("novel-psychoactive", "Novel psychoactive substances"),
  STEROIDS_IPED("steroids-iped", "Steroids and image- and performance-enhancing drugs"),
  OTHER("other", "Other drugs");

  private final String code;
  private final String display;

  Substance(String code, String display) {
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

  /** Every substance but alcohol: what "drugs" means in eligibility. */
  public boolean isDrug() {
    return this != ALCOHOL;
  }
}
