package org.recoverylink.core.rules;

/**
 * Every configurable number in the screening, advice and flag rules, with the published default
 * and its source. References such as "S3" and section numbers point at the project's clinical
 * reference; [V] verified on a primary source, [P] partly verified, [U] unverified design choice.
 * Band tables of the instruments are not here: they are part of the published instruments.
 */
public enum Threshold {

  /** UK AUDIT-C: 5 or more is positive, so the remaining seven AUDIT questions follow. */
  AUDIT_C_POSITIVE("audit-c-positive", 5, 1, 12,
      "PHE/OHID IBA AUDIT-C form (Alcohol Learning Centre) [P] S3"),

  /** FAST stage 2: positive at this score. */
  FAST_POSITIVE("fast-positive", 3, 1, 16,
      "Hodgson et al. 2002, Alcohol & Alcoholism 37(1):61-66 [V] S7"),

  /** PHQ-2: positive at this total (2 is more sensitive and less specific). */
  PHQ_2_POSITIVE("phq-2-positive", 3, 1, 6, "Kroenke 2003; LOINC 55758-7 [P] S8"),

  /** GAD-2: positive at this total. */
  GAD_2_POSITIVE("gad-2-positive", 3, 1, 6, "Kroenke 2007 [P] S8"),

  /** DAST-10: a total at or above this suggests a drug problem, so refer to a drug service. */
  DAST_10_REFER("dast-10-refer", 3, 1, 10, "LOINC 82667-7 term description [V] S9"),

  /** Substance indicator: AUDIT at or above this (higher risk or possible dependence). */
  SUBSTANCE_AUDIT("substance-indicator-audit", 16, 1, 40,
      "Dual-diagnosis flag rule, design proposal [U] reference 9.3"),

  /** Substance indicator when no full AUDIT was done: AUDIT-C at or above this. */
  SUBSTANCE_AUDIT_C("substance-indicator-audit-c", 8, 1, 12,
      "Dual-diagnosis flag rule, design proposal [U] reference 9.3"),

  /** Substance indicator: DAST-10 at or above this. */
  SUBSTANCE_DAST_10("substance-indicator-dast-10", 3, 1, 10,
      "Dual-diagnosis flag rule, design proposal [U] reference 9.3; DAST-10 3+ [V] S9"),

  /** Mental-health indicator: PHQ-9 at or above this (moderate depression). */
  MENTAL_HEALTH_PHQ_9("mental-health-indicator-phq-9", 10, 1, 27,
      "Dual-diagnosis flag rule [U] reference 9.3; PHQ-9 moderate band from 10 [V] S8"),

  /** Mental-health indicator: GAD-7 at or above this ("further evaluation"). */
  MENTAL_HEALTH_GAD_7("mental-health-indicator-gad-7", 10, 1, 21,
      "Dual-diagnosis flag rule [U] reference 9.3; GAD-7 10+ further evaluation [V] S8"),

  /** PHQ-9 item 9 (thoughts of death or self-harm): urgent risk at or above these points. */
  URGENT_PHQ_9_ITEM_9("urgent-risk-phq-9-item-9", 1, 1, 3,
      "Standard PHQ practice, any non-zero answer [U] reference 4.1");

  private final String key;
  private final int defaultValue;
  private final int min;
  private final int max;
  private final String source;

  Threshold(String key, int defaultValue, int min, int max, String source) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.min = min;
    this.max = max;
    this.source = source;
  }

  /** Stable key, as used in configuration files and explanations. */
  public String key() {
    return key;
  }

  /** The published value. */
  public int defaultValue() {
    return defaultValue;
  }

  /** Smallest value that makes sense for the instrument. */
  public int min() {
    return min;
  }

  /** Largest value that makes sense for the instrument. */
  public int max() {
    return max;
  }

  public String source() {
    return source;
  }
}
