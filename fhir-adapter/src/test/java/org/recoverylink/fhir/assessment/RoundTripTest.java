package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.assessment.Advice;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Flag;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * Our Questionnaire, filled in, assessed: totals, bands, flags and actions as the reference
 * gives them for the lowest and the highest answers of every instrument.
 */
class RoundTripTest {

  private final FhirAssessor assessor = new FhirAssessor(Assessor.standard());

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "audit   | lowest  | 0  | lower-risk          | -           | positive-feedback",
      "audit   | highest | 40 | possible-dependence | possible-alcohol-dependence | refer-specialist-alcohol-assessment",
      "audit-c | lowest  | 0  | lower-risk          | -           | positive-feedback",
      "audit-c | highest | 12 | possible-dependence | -           | complete-full-audit",
      "fast    | lowest  | 0  | negative            | -           | positive-feedback",
      "fast    | highest | 4  | positive            | -           | complete-full-audit",
      "phq-9   | lowest  | 0  | none-minimal        | -           | -",
      "phq-9   | highest | 27 | severe              | urgent-risk | urgent-clinician-risk-review",
      "phq-2   | lowest  | 0  | negative            | -           | -",
      "phq-2   | highest | 6  | positive            | -           | complete-phq-9",
      "gad-7   | lowest  | 0  | minimal             | -           | -",
      "gad-7   | highest | 21 | severe              | -           | -",
      "gad-2   | lowest  | 0  | negative            | -           | -",
      "gad-2   | highest | 6  | positive            | -           | complete-gad-7",
      "dast-10 | lowest  | 0  | none                | -           | -",
      "dast-10 | highest | 10 | severe              | -           | refer-drug-service",
  })
  void filledQuestionnaireIsAssessed(String id, String fill, int total, String band,
      String flags, String actions) {
    Questionnaire questionnaire = Questionnaires.find(id).orElseThrow();
    QuestionnaireResponse response = Forms.fill(questionnaire, fill.equals("highest"));

    Assessment assessment = assessor.assess(Map.of("QuestionnaireResponse", response), List.of(),
        Set.of()).assessment();

    Score score = assessment.score(id).orElseThrow();
    assertEquals(total, score.total());
    assertEquals(band, score.band().code());
    assertEquals(words(flags), assessment.flags().stream().map(Flag::code)
        .map(f -> f.code()).toList());
    assertEquals(words(actions), assessment.advice().stream().map(Advice::action)
        .map(a -> a.code()).toList());
  }

  private static List<String> words(String text) {
    return text == null ? List.of() : List.of(text.trim().split("\\s+"));
  }
}
