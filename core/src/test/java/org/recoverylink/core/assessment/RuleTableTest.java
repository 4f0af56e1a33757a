package org.recoverylink.core.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.rules.Rationale;

/**
 * Every advice and flag rule, on both sides of its threshold. Expected actions and flags are
 * written from the UK guidance (OHID 2023 ch. 3; reference sections 1.2, 2.1, 3, 4, 5.2, 9.3),
 * listed in the engine's documented priority order.
 */
class RuleTableTest {

  @ParameterizedTest(name = "[{index}] {0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // responses                  | known conditions           | advice                                                              | flags
      // AUDIT zones (OHID 2023 ch. 3): feedback, brief advice, + extended, referral without brief advice
      "audit=0                      | -                          | positive-feedback                                                   | -",
      "audit=7                      | -                          | positive-feedback                                                   | -",
      "audit=8                      | -                          | brief-advice                                                        | -",
      "audit=15                     | -                          | brief-advice                                                        | -",
      "audit=16                     | -                          | extended-brief-intervention brief-advice                            | -",
      "audit=19                     | -                          | extended-brief-intervention brief-advice                            | -",
      "audit=20                     | -                          | refer-specialist-alcohol-assessment                                 | possible-alcohol-dependence",
      "audit=40                     | -                          | refer-specialist-alcohol-assessment                                 | possible-alcohol-dependence",
      // Higher risk with a known alcohol-related condition: refer (OHID 2023 ch. 3)
      "audit=15                     | alcohol-related-condition  | brief-advice                                                        | -",
      "audit=16                     | alcohol-related-condition  | refer-specialist-alcohol-assessment extended-brief-intervention brief-advice | higher-risk-with-harm",
      "audit=19                     | alcohol-related-condition  | refer-specialist-alcohol-assessment extended-brief-intervention brief-advice | higher-risk-with-harm",
      "audit=20                     | alcohol-related-condition  | refer-specialist-alcohol-assessment                                 | possible-alcohol-dependence",
      // AUDIT-C: 5+ positive -> full AUDIT
      "audit-c=4                    | -                          | positive-feedback                                                   | -",
      "audit-c=5                    | -                          | complete-full-audit                                                 | -",
      "audit-c=12                   | -                          | complete-full-audit                                                 | -",
      // A full AUDIT decides over its screens
      "audit-c=8 audit=7            | -                          | positive-feedback                                                   | -",
      "fast=4 audit=12              | -                          | brief-advice                                                        | -",
      // FAST negative -> feedback; positive -> full AUDIT
      "fast=0                       | -                          | positive-feedback                                                   | -",
      "fast=1,1,0,0                 | -                          | positive-feedback                                                   | -",
      "fast=1,1,1,0                 | -                          | complete-full-audit                                                 | -",
      "fast=3                       | -                          | complete-full-audit                                                 | -",
      "fast=0 audit-c=5             | -                          | complete-full-audit                                                 | -",
      "fast=0 audit-c=4             | -                          | positive-feedback                                                   | -",
      // PHQ-2 / GAD-2 positive -> complete PHQ-9 / GAD-7 (unless already done)
      "phq-2=2                      | -                          | -                                                                   | -",
      "phq-2=3                      | -                          | complete-phq-9                                                      | -",
      "phq-2=3 phq-9=4/0            | -                          | -                                                                   | -",
      "gad-2=2                      | -                          | -                                                                   | -",
      "gad-2=3                      | -                          | complete-gad-7                                                      | -",
      "gad-2=6 gad-7=9              | -                          | -                                                                   | -",
      // DAST-10 3+ -> drug service
      "dast-10=2                    | -                          | -                                                                   | -",
      "dast-10=3                    | -                          | refer-drug-service                                                  | -",
      // PHQ-9 item 9 > 0 -> urgent, whatever the total
      "phq-9=0/0                    | -                          | -                                                                   | -",
      "phq-9=0/1                    | -                          | urgent-clinician-risk-review                                        | urgent-risk",
      "phq-9=20/3                   | -                          | urgent-clinician-risk-review                                        | urgent-risk",
      "phq-9=24/0                   | -                          | -                                                                   | -",
      // Dual diagnosis: serious mental illness + a substance indicator (reference 9.3)
      "audit=16                     | serious-mental-illness     | refer-mental-health-assessment extended-brief-intervention brief-advice | dual-diagnosis-smi",
      "audit=15                     | serious-mental-illness     | brief-advice                                                        | -",
      "audit-c=8                    | serious-mental-illness     | refer-mental-health-assessment complete-full-audit                  | dual-diagnosis-smi",
      "audit-c=7                    | serious-mental-illness     | complete-full-audit                                                 | -",
      "dast-10=3                    | serious-mental-illness     | refer-drug-service refer-mental-health-assessment                   | dual-diagnosis-smi",
      "dast-10=2                    | serious-mental-illness     | -                                                                   | -",
      "phq-2=0                      | serious-mental-illness substance-misuse | refer-mental-health-assessment                         | dual-diagnosis-smi",
      "phq-2=0                      | serious-mental-illness     | -                                                                   | -",
      "audit=20 phq-9=12/0          | serious-mental-illness     | refer-specialist-alcohol-assessment refer-mental-health-assessment | dual-diagnosis-smi possible-alcohol-dependence",
      // Co-occurring: PHQ-9 10+ or GAD-7 10+ (or a diagnosis) + a substance indicator
      "audit=16 phq-9=10/0          | -                          | refer-mental-health-assessment extended-brief-intervention brief-advice | co-occurring-mental-health-substance",
      "audit=16 phq-9=9/0           | -                          | extended-brief-intervention brief-advice                            | -",
      "audit=15 phq-9=10/0          | -                          | brief-advice                                                        | -",
      "audit=15 audit-c=8 phq-9=10/0 | -                         | brief-advice                                                        | -",
      "audit-c=8 phq-9=10/0         | -                          | refer-mental-health-assessment complete-full-audit                  | co-occurring-mental-health-substance",
      "dast-10=3 gad-7=10           | -                          | refer-drug-service refer-mental-health-assessment                   | co-occurring-mental-health-substance",
      "dast-10=3 gad-7=9            | -                          | refer-drug-service                                                  | -",
      "audit=16                     | common-mental-disorder     | refer-mental-health-assessment extended-brief-intervention brief-advice | co-occurring-mental-health-substance",
      "phq-9=12/0                   | substance-misuse           | refer-mental-health-assessment                                      | co-occurring-mental-health-substance",
      "phq-9=24/0 gad-7=21          | -                          | -                                                                   | -",
      // Several rules at once, most urgent first
      "audit=20 phq-9=14/2 dast-10=4 | alcohol-related-condition | urgent-clinician-risk-review refer-specialist-alcohol-assessment refer-drug-service refer-mental-health-assessment | urgent-risk co-occurring-mental-health-substance possible-alcohol-dependence",
  })
  void rule(String responses, String conditions, String advice, String flags) {
    Assessment assessment = Assessor.standard()
        .assess(Cases.responses(responses), Cases.conditions(conditions));

    assertEquals(Cases.codes(advice),
        assessment.advice().stream().map(a -> a.action().code()).toList(), "advice");
    assertEquals(Cases.codes(flags),
        assessment.flags().stream().map(f -> f.code().code()).toList(), "flags");
    for (Advice a : assessment.advice()) {
      for (Rationale why : a.rationales()) {
        assertEquals("uk-iba|2023.1.0", why.ruleSet().toString());
        assertFalse(why.inputs().isEmpty(), () -> a + " names no input");
      }
    }
    for (Flag flag : assessment.flags()) {
      assertEquals("uk-iba|2023.1.0", flag.rationale().ruleSet().toString());
      assertFalse(flag.rationale().inputs().isEmpty(), () -> flag + " names no input");
    }
  }
}
