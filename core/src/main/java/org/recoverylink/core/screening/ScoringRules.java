package org.recoverylink.core.screening;

import org.recoverylink.core.rules.Rule;

/**
 * The rules that turn a total into a band, one per instrument, plus FAST's stage rules. Sources
 * refer to the project's clinical reference (S-numbers) with their strength of evidence.
 */
public final class ScoringRules {

  private ScoringRules() {
  }

  public static final Rule AUDIT_ZONES = new Rule("audit-uk-risk-zones",
      "AUDIT total placed in the UK risk zones: 0-7 lower risk, 8-15 increasing risk,"
          + " 16-19 higher risk, 20-40 possible dependence",
      "PHE/OHID IBA AUDIT form [P] S3; same cut-offs as the WHO zones (Babor 2001) [V] S1, S2");

  public static final Rule AUDIT_C_BANDS = new Rule("audit-c-uk-bands",
      "AUDIT-C total placed in the UK bands: 0-4 lower risk, 5-7 increasing risk,"
          + " 8-10 higher risk, 11-12 possible dependence",
      "NHS trust AUDIT-C leaflet (Northern Care Alliance) [P] S5");

  public static final Rule AUDIT_C_FROM_AUDIT = new Rule("audit-c-from-audit",
      "AUDIT-C taken from questions 1-3 of the full AUDIT and placed in the UK AUDIT-C bands",
      "AUDIT-C is AUDIT questions 1-3 [V] S6; bands [P] S5");

  public static final Rule PHQ_9_SEVERITY = new Rule("phq-9-severity",
      "PHQ-9 total placed in the severity bands: 0-4 none or minimal, 5-9 mild, 10-14 moderate,"
          + " 15-19 moderately severe, 20-27 severe",
      "Kroenke 2001; LOINC 44261-6 and answer list LL382-3 [V] S8");

  public static final Rule GAD_7_SEVERITY = new Rule("gad-7-severity",
      "GAD-7 total placed in the severity bands: 0-4 minimal, 5-9 mild, 10-14 moderate,"
          + " 15-21 severe",
      "Spitzer 2006 (cut-offs 5, 10, 15) [V] S8");

  public static final Rule DAST_10_LEVELS = new Rule("dast-10-levels",
      "DAST-10 total placed in the levels: 0 none, 1-2 low, 3-5 moderate, 6-8 substantial,"
          + " 9-10 severe",
      "NIDA common data element for DAST-10 [V] S9");

  public static final Rule PHQ_2_CUTOFF = new Rule("phq-2-cutoff",
      "PHQ-2 is positive at or above the configured cut-off",
      "Kroenke 2003, cut-off 3 [P] S8");

  public static final Rule GAD_2_CUTOFF = new Rule("gad-2-cutoff",
      "GAD-2 is positive at or above the configured cut-off",
      "Kroenke 2007, cut-off 3 [P] S8");

  public static final Rule FAST_TWO_STAGE = new Rule("fast-two-stage",
      "FAST: question 1 decides when it is 'never' or 'weekly' or more often; otherwise"
          + " questions 2-4 are asked and the configured stage-2 reading decides",
      "Hodgson et al. 2002, Alcohol & Alcoholism 37(1):61-66 [V] S7");

  public static final Rule FAST_STAGE_1_NEVER = new Rule("fast-stage-1-never",
      "FAST negative: question 1 answered 'never'; no further questions needed",
      "Hodgson et al. 2002 [V] S7");

  public static final Rule FAST_STAGE_1_WEEKLY_OR_MORE = new Rule("fast-stage-1-weekly-or-more",
      "FAST positive: question 1 answered 'weekly' or 'daily or almost daily'",
      "Hodgson et al. 2002 [V] S7");

  public static final Rule FAST_STAGE_2_TOTAL = new Rule("fast-stage-2-total-q1-q4",
      "FAST stage 2: positive when the total of questions 1-4 reaches the configured threshold",
      "Hodgson et al. 2002 as implemented by CamCOPS (fast.py) [V] S7");

  public static final Rule FAST_STAGE_2_Q2_TO_Q4 = new Rule("fast-stage-2-sum-q2-q4",
      "FAST stage 2: positive when questions 2-4 alone reach the configured threshold",
      "UK provider reading of FAST (rehabguide) [P] S7");
}
