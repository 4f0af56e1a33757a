package org.recoverylink.core.rules;

/**
 * What the caller already knows about the person, passed in as plain values (the FHIR adapter
 * maps coded diagnoses to these). The rules never infer these from scores.
 */
public enum KnownCondition implements Coded {

  /**
   * Serious mental illness: schizophrenia, schizotypal and delusional disorders, bipolar affective
   * disorder, severe depression with or without psychosis (NICE NG58; the QOF MH_COD register).
   */
  SERIOUS_MENTAL_ILLNESS("serious-mental-illness", "serious mental illness"),

  /** A physical or mental health condition related to alcohol (OHID 2023, ch. 3). */
  ALCOHOL_RELATED_CONDITION("alcohol-related-condition", "alcohol-related health condition"),

  /**
   * Recorded harmful substance use or dependence (e.g. ALC_COD / ILLSUB_COD codes), or current
   * opioid substitution treatment or needle-exchange use: a substance indicator on its own
   * (reference section 9.3).
   */
  SUBSTANCE_MISUSE("substance-misuse", "recorded substance misuse"),

  /**
   * An active depression or anxiety diagnosis that is not a serious mental illness; counts as a
   * mental-health indicator when {@link RuleSet#diagnosedCommonMentalDisorderCounts()} is on.
   */
  COMMON_MENTAL_DISORDER("common-mental-disorder", "depression or anxiety diagnosis");

  private final String code;
  private final String display;

  KnownCondition(String code, String display) {
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
