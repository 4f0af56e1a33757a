package org.recoverylink.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Item;
import org.recoverylink.fhir.assessment.AssessParameters;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * The self-check bands answers as {@code $assess} does: the same answers, written as the
 * QuestionnaireResponse a GP system sends and assessed by $assess's own {@link FhirAssessor}
 * over the same rule set, get the same band, for every AUDIT-C and for 500 random full AUDITs.
 */
class SelfCheckTest {

  private static final Assessor RULES = Assessor.standard();
  private static final SelfCheck SELF_CHECK = new SelfCheck(RULES);
  private static final FhirAssessor ASSESS = new FhirAssessor(RULES);

  /** What $assess says of these option codes, answered on the instrument's Questionnaire. */
  private static Band assessed(String instrument, List<String> codes) {
    Questionnaire questionnaire = Questionnaires.find(instrument).orElseThrow();
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(questionnaire.getUrl());
    for (int i = 0; i < codes.size(); i++) {
      Questionnaire.QuestionnaireItemComponent item = questionnaire.getItem().get(i);
      String code = codes.get(i);
      response.addItem().setLinkId(item.getLinkId()).addAnswer().setValue(item
          .getAnswerOption().stream().filter(o -> o.getValueCoding().getCode().equals(code))
          .findFirst().orElseThrow().getValueCoding().copy());
    }
    return ASSESS.assess(AssessParameters.of(response)).assessment().score(instrument)
        .orElseThrow().band();
  }

  private static List<String> codes(Item item) {
    return item.options().stream().map(o -> o.code()).toList();
  }

  @Test
  void everyAuditCIsBandedAsAssessBandsIt() {
    List<Item> questions = SELF_CHECK.questions();
    int combinations = 0;
    List<Band> seen = new ArrayList<>();
    for (String first : codes(questions.get(0))) {
      for (String second : codes(questions.get(1))) {
        for (String third : codes(questions.get(2))) {
          List<String> answers = List.of(first, second, third);
          SelfCheck.Result result = SELF_CHECK.score(answers);
          assertEquals("audit-c", result.instrument());
          assertEquals(assessed("audit-c", answers), result.band(), answers.toString());
          combinations++;
          if (!seen.contains(result.band())) {
            seen.add(result.band());
          }
        }
      }
    }
    assertEquals(125, combinations);
    assertEquals(4, seen.size(), "every band is reached: " + seen);
  }

  @Test
  void fiveHundredRandomAuditsAreBandedAsAssessBandsThem() {
    Random random = new Random(23);
    List<Item> questions = SELF_CHECK.questions();
    List<Band> seen = new ArrayList<>();
    for (int n = 0; n < 500; n++) {
      List<String> answers = new ArrayList<>();
      // Half drink little (the two lowest answers), half anything: every band comes up.
      boolean light = n % 2 == 0;
      for (Item item : questions) {
        List<String> codes = codes(item);
        answers.add(codes.get(random.nextInt(light ? 2 : codes.size())));
      }
      SelfCheck.Result result = SELF_CHECK.score(answers);
      assertEquals("audit", result.instrument());
      assertEquals(assessed("audit", answers), result.band(), answers.toString());
      if (!seen.contains(result.band())) {
        seen.add(result.band());
      }
    }
    assertEquals(4, seen.size(), "every band is reached: " + seen);
  }

  @Test
  void auditCIsPositiveFromIncreasingRisk() {
    assertFalse(SELF_CHECK.score(List.of("monthly-or-less", "0-2", "never")).auditCPositive());
    SelfCheck.Result daily = SELF_CHECK.score(List.of("4-or-more-times-a-week", "3-4",
        "monthly"));
    assertTrue(daily.auditCPositive(), daily.toString());
  }

  @Test
  void possibleDependenceWarnsNotToStopSuddenly() {
    List<String> heaviest = SELF_CHECK.questions().stream()
        .map(item -> codes(item).get(codes(item).size() - 1)).toList();
    SelfCheck.Result result = SELF_CHECK.score(heaviest);

    assertEquals(Band.POSSIBLE_DEPENDENCE, result.band());
    assertTrue(SelfCheck.feedback(result).stream().anyMatch(s -> s.kind().equals("warning")
        && s.heading().equals("Do not stop drinking suddenly")));
    assertTrue(SelfCheck.feedback(result).stream().flatMap(s -> s.paragraphs().stream())
        .anyMatch(p -> p.contains("14 units a week")));
  }
}
