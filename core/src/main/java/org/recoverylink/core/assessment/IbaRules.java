package org.recoverylink.core.assessment;

import org.recoverylink.core.rules.Rule;

/**
 * The advice and flag rules as a table: id, what each says, and its source. The numbers they
 * compare with are {@link org.recoverylink.core.rules.Threshold}s of the rule set in force, or the
 * published bands of the instrument. S-numbers and sections refer to the clinical reference;
 * [V] verified on a primary source, [P] partly verified, [U] unverified design choice.
 */
public final class IbaRules {

  private IbaRules() {
  }

  // Alcohol: the full AUDIT decides when there is one (OHID 2023, ch. 3, S4).

  public static final Rule AUDIT_LOWER_RISK = new Rule("audit-lower-risk-positive-feedback",
      "AUDIT lower risk: give positive feedback",
      "PHE/OHID IBA form [P] S3");

  public static final Rule AUDIT_INCREASING_RISK = new Rule("audit-increasing-risk-brief-advice",
      "AUDIT increasing risk: give simple structured brief advice",
      "OHID Clinical guidelines for alcohol treatment 2023, ch. 3 [V] S4");

  public static final Rule AUDIT_HIGHER_RISK = new Rule("audit-higher-risk-brief-advice",
      "AUDIT higher risk: give brief advice",
      "OHID 2023, ch. 3 [V] S4; PHE/OHID IBA form [P] S3");

  public static final Rule AUDIT_HIGHER_RISK_EXTENDED = new Rule(
      "audit-higher-risk-consider-extended-brief-intervention",
      "AUDIT higher risk: consider an extended brief intervention",
      "NHS CKS from NICE PH24 [P] S19; PHE/OHID IBA form [P] S3");

  public static final Rule AUDIT_HIGHER_RISK_WITH_CONDITION = new Rule(
      "audit-higher-risk-with-condition-refer",
      "AUDIT higher risk with a known alcohol-related physical or mental health condition:"
          + " refer for specialist alcohol assessment rather than brief advice alone",
      "OHID 2023, ch. 3 [V] S4");

  public static final Rule AUDIT_POSSIBLE_DEPENDENCE = new Rule(
      "audit-possible-dependence-refer",
      "AUDIT possible dependence: do not offer brief advice; refer for specialist alcohol"
          + " assessment",
      "OHID 2023, ch. 3 [V] S4");

  // Alcohol screens, when no full AUDIT was done.

  public static final Rule AUDIT_C_POSITIVE = new Rule("audit-c-positive-complete-audit",
      "AUDIT-C positive: ask the remaining seven AUDIT questions and score the full AUDIT",
      "PHE/OHID IBA AUDIT-C form [P] S3");

  public static final Rule AUDIT_C_NEGATIVE = new Rule("audit-c-negative-positive-feedback",
      "AUDIT-C below the positive threshold (lower risk): give positive feedback",
      "PHE/OHID IBA AUDIT-C form [P] S3");

  public static final Rule FAST_POSITIVE = new Rule("fast-positive-complete-audit",
      "FAST positive: complete the remaining AUDIT questions for a full AUDIT score",
      "Alcohol Learning Centre FAST [V] S7");

  public static final Rule FAST_NEGATIVE = new Rule("fast-negative-positive-feedback",
      "FAST negative: give positive feedback",
      "Hodgson et al. 2002 [V] S7; PHE/OHID IBA form [P] S3");

  // Mood, anxiety and drugs.

  public static final Rule PHQ_2_POSITIVE = new Rule("phq-2-positive-complete-phq-9",
      "PHQ-2 positive: complete the PHQ-9",
      "Kroenke 2003 [P] S8");

  public static final Rule GAD_2_POSITIVE = new Rule("gad-2-positive-complete-gad-7",
      "GAD-2 positive: complete the GAD-7",
      "Kroenke 2007 [P] S8");

  public static final Rule DAST_10_REFER = new Rule("dast-10-refer-drug-service",
      "DAST-10 at or above the referral threshold: refer to a drug treatment service",
      "LOINC 82667-7: 3 or more may indicate a substance use problem [V] S9");

  // Flags (reference section 9.3, a design proposal [U] built on NICE NG58 / QS188 [V] S17).

  public static final Rule URGENT_RISK = new Rule("phq-9-item-9-urgent-risk",
      "PHQ-9 question 9 (thoughts of death or self-harm) answered above 'not at all', whatever"
          + " the total: same-day clinician risk review; never closed automatically",
      "Standard PHQ practice [U] reference 4.1; item 9 is an imperfect screen [V] S8");

  public static final Rule DUAL_DIAGNOSIS_SMI = new Rule("dual-diagnosis-smi",
      "Known serious mental illness and a substance indicator: care led by mental health"
          + " services with a care coordinator; exclude from neither service; follow up missed"
          + " appointments",
      "NICE NG58 and QS188 [V] S17; indicators [U] reference 9.3");

  public static final Rule CO_OCCURRING = new Rule("co-occurring-mental-health-substance",
      "Depression or anxiety (no known serious mental illness) and a substance indicator:"
          + " GP review; refer to substance and mental health services as appropriate",
      "Design proposal [U] reference 9.3");

  public static final Rule POSSIBLE_ALCOHOL_DEPENDENCE = new Rule(
      "audit-possible-alcohol-dependence-flag",
      "AUDIT in the possible-dependence zone: flag possible alcohol dependence",
      "OHID 2023, ch. 3 [V] S4; reference 9.3");

  public static final Rule HIGHER_RISK_WITH_HARM = new Rule("audit-higher-risk-with-harm-flag",
      "AUDIT in the higher-risk zone with a known alcohol-related health condition",
      "OHID 2023, ch. 3 [V] S4; reference 9.2");
}
