package org.recoverylink.core.assessment;

import org.recoverylink.core.rules.Coded;

/**
 * A recommended next step. Codes are those of the FHIR endpoint's action code system. The
 * declaration order is the order in which advice is listed: safety first, then referrals, then
 * interventions, then further screening.
 */
public enum ActionCode implements Coded {
  URGENT_CLINICIAN_RISK_REVIEW("urgent-clinician-risk-review",
      "Same-day clinician review of suicide and self-harm risk", true),
  REFER_SPECIALIST_ALCOHOL_ASSESSMENT("refer-specialist-alcohol-assessment",
      "Refer for specialist alcohol assessment", false),
  REFER_DRUG_SERVICE("refer-drug-service", "Refer to a drug treatment service", false),
  REFER_MENTAL_HEALTH_ASSESSMENT("refer-mental-health-assessment",
      "Refer for mental health assessment", false),
  EXTENDED_BRIEF_INTERVENTION("extended-brief-intervention",
      "Consider an extended brief intervention", false),
  BRIEF_ADVICE("brief-advice", "Give simple structured brief advice", false),
  COMPLETE_FULL_AUDIT("complete-full-audit", "Complete the full AUDIT", false),
  COMPLETE_PHQ_9("complete-phq-9", "Complete the PHQ-9", false),
  COMPLETE_GAD_7("complete-gad-7", "Complete the GAD-7", false),
  /** Offered by the pharmacy and routing rules (opioid use, injecting), not by screening. */
  OFFER_NALOXONE("offer-naloxone", "Offer take-home naloxone", false),
  POSITIVE_FEEDBACK("positive-feedback", "Give positive feedback", false);

  private final String code;
  private final String display;
  private final boolean urgent;

  ActionCode(String code, String display, boolean urgent) {
    this.code = code;
    this.display = display;
    this.urgent = urgent;
  }

  /**
   * Whether the step is owed the same day (reference 9.3: PHQ-9 item 9 above 0 asks for a
   * same-day clinician risk assessment, never closed automatically).
   */
  public boolean urgent() {
    return urgent;
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
