package org.recoverylink.core.assessment;

import org.recoverylink.core.rules.Coded;

/**
 * A flag for the clinician's attention. Codes are those of the FHIR endpoint's flag code system.
 */
public enum FlagCode implements Coded {
  URGENT_RISK("urgent-risk", "Urgent risk: thoughts of death or self-harm reported"),
  DUAL_DIAGNOSIS_SMI("dual-diagnosis-smi",
      "Serious mental illness with substance misuse: mental-health-led care"),
  CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE("co-occurring-mental-health-substance",
      "Co-occurring mental health and substance use problems"),
  POSSIBLE_ALCOHOL_DEPENDENCE("possible-alcohol-dependence", "Possible alcohol dependence"),
  HIGHER_RISK_WITH_HARM("higher-risk-with-harm",
      "Higher-risk drinking with an alcohol-related health condition");

  private final String code;
  private final String display;

  FlagCode(String code, String display) {
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
