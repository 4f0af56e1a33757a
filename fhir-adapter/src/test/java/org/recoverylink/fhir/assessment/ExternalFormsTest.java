package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.ResourceParser;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * Forms written here by hand to the public SDC conventions, as other systems author them, and
 * the bad inputs integrators send.
 */
class ExternalFormsTest {

  private static final String LOINC = "http://loinc.org";
  private static final String[] PHQ9_CODES = {"44250-9", "44255-8", "44259-0", "44254-1",
      "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"};
  /** Answer codes of an imagined publisher's frequency list, with their points. */
  private static final String[][] FREQUENCY = {{"f0", "0"}, {"f1", "1"}, {"f2", "2"},
      {"f3", "3"}};

  private final FhirAssessor assessor = new FhirAssessor(Assessor.standard());

  private FhirAssessor.Result assess(QuestionnaireResponse response, Questionnaire form) {
    return assessor.assess(Map.of("QuestionnaireResponse", response),
        form == null ? List.of() : List.of(form), Set.of());
  }

  /** The issues of a refusal, whose OperationOutcome (what an endpoint returns) validates. */
  private static List<FhirIssue> issues(InvalidFhirInputException refusal) {
    assertEquals(List.of(), SharedValidator.get().errors(refusal.toOperationOutcome()));
    return refusal.issues();
  }

  private List<FhirIssue> refused(QuestionnaireResponse response, Questionnaire form) {
    return issues(assertThrows(InvalidFhirInputException.class, () -> assess(response, form)));
  }

  /** A PHQ-9 form whose linkIds are the LOINC codes with a leading '/'. */
  private static Questionnaire slashedPhq9(boolean pointsInContainedValueSet) {
    Questionnaire form = new Questionnaire().setUrl("https://forms.example.org/phq9")
        .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    if (pointsInContainedValueSet) {
      ValueSet answers = new ValueSet();
      answers.setId("frequency");
      ValueSet.ConceptSetComponent include = answers.getCompose().addInclude()
          .setSystem("urn:example:frequency");
      for (String[] answer : FREQUENCY) {
        include.addConcept().setCode(answer[0]).addExtension(Questionnaires.ORDINAL_VALUE,
            new DecimalType(answer[1]));
      }
      form.addContained(answers);
    }
    for (String code : PHQ9_CODES) {
      Questionnaire.QuestionnaireItemComponent item = form.addItem().setLinkId("/" + code)
          .setType(Questionnaire.QuestionnaireItemType.CHOICE);
      item.addCode(new Coding(LOINC, code, null));
      if (pointsInContainedValueSet) {
        item.setAnswerValueSet("#frequency");
      } else {
        for (String[] answer : FREQUENCY) {
          item.addAnswerOption().setValue(new Coding("urn:example:frequency", answer[0], null))
              .addExtension(Form.ITEM_WEIGHT, new DecimalType(answer[1]));
        }
      }
    }
    return form;
  }

  private static QuestionnaireResponse answers(String questionnaire, String[] linkIds,
      String system, String... codes) {
    QuestionnaireResponse response = new QuestionnaireResponse().setQuestionnaire(questionnaire)
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    for (int i = 0; i < codes.length; i++) {
      response.addItem().setLinkId(linkIds[i]).addAnswer()
          .setValue(new Coding(system, codes[i], null));
    }
    return response;
  }

  private static String[] slashed() {
    return java.util.Arrays.stream(PHQ9_CODES).map(c -> "/" + c).toArray(String[]::new);
  }

  @Test
  void loincCodedPhq9WithSlashedLinkIdsAndItemWeights() {
    QuestionnaireResponse response = answers("https://forms.example.org/phq9", slashed(),
        "urn:example:frequency", "f2", "f2", "f1", "f1", "f1", "f1", "f1", "f0", "f1");

    FhirAssessor.Result result = assess(response, slashedPhq9(false));

    assertEquals(10, result.assessment().score("phq-9").orElseThrow().total());
    assertTrue(result.assessment().flag(
        org.recoverylink.core.assessment.FlagCode.URGENT_RISK).isPresent());
  }

  @Test
  void phq9WhosePointsLiveOnlyInAContainedValueSet() {
    // No system on the answers, as many published responses omit it.
    QuestionnaireResponse response = answers("https://forms.example.org/phq9", slashed(), null,
        "f3", "f3", "f3", "f3", "f0", "f0", "f0", "f0", "f0");

    assertEquals(12, assess(response, slashedPhq9(true)).assessment().score("phq-9")
        .orElseThrow().total());
  }

  @Test
  void anAnswerValueSetReferredToByItsCanonicalUrlIsFoundAmongTheContained() {
    Questionnaire form = slashedPhq9(true);
    ValueSet answers = (ValueSet) form.getContained().get(0);
    answers.setUrl("https://forms.example.org/ValueSet/frequency");
    form.getItem().forEach(item -> item.setAnswerValueSet(answers.getUrl() + "|1.0"));
    QuestionnaireResponse response = answers("https://forms.example.org/phq9", slashed(),
        "urn:example:frequency", "f3", "f3", "f3", "f3", "f3", "f0", "f0", "f0", "f0");

    assertEquals(15, assess(response, form).assessment().score("phq-9").orElseThrow().total());
  }

  @Test
  void scoringAloneGivesTheTotalAFormShowsWhileBeingFilledIn() {
    QuestionnaireResponse response = answers("https://forms.example.org/phq9", slashed(),
        "urn:example:frequency", "f2", "f2", "f1", "f1", "f1", "f1", "f1", "f0", "f0");
    Questionnaire form = slashedPhq9(false);

    var score = assessor.score(response, form);

    assertEquals(9, score.total());
    assertEquals("mild", score.band().code());
    // Scored twice against the same form instance: the form is read once, the answers each time.
    response.getItem().get(0).getAnswerFirstRep().setValue(
        new Coding("urn:example:frequency", "f3", null));
    assertEquals(10, assessor.score(response, form).total());
  }

  @Test
  void scoringAloneRefusesAnIncompleteResponseNamingTheItem() {
    QuestionnaireResponse response = answers("https://forms.example.org/phq9", slashed(),
        "urn:example:frequency", "f2", "f2", "f1");

    List<FhirIssue> issues = issues(assertThrows(InvalidFhirInputException.class,
        () -> assessor.score(response, slashedPhq9(false))));

    assertEquals(6, issues.size(), issues::toString);
    assertTrue(issues.get(0).diagnostics().contains("44254-1"), issues::toString);
  }

  /** An AUDIT form with uncoded items q1..q10 and a total item coded 75624-7. */
  private static Questionnaire uncodedAudit(int[][] points) {
    Questionnaire form = new Questionnaire().setUrl("https://forms.example.org/audit")
        .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    form.addItem().setLinkId("intro").setType(Questionnaire.QuestionnaireItemType.DISPLAY)
        .setText("About your drinking");
    for (int q = 0; q < 10; q++) {
      Questionnaire.QuestionnaireItemComponent item = form.addItem().setLinkId("q" + (q + 1))
          .setType(Questionnaire.QuestionnaireItemType.CHOICE);
      for (int p : points[q]) {
        item.addAnswerOption().setValue(new Coding("urn:example:audit", "q" + (q + 1) + "-" + p,
            null)).addExtension(Questionnaires.ORDINAL_VALUE, new DecimalType(p));
      }
    }
    form.addItem().setLinkId("total").setType(Questionnaire.QuestionnaireItemType.INTEGER)
        .addCode(new Coding(LOINC, "75624-7", "Total score [AUDIT]"));
    return form;
  }

  private static int[][] auditPoints(int[] firstThree) {
    int[][] points = new int[10][];
    for (int q = 0; q < 10; q++) {
      points[q] = q < 3 ? firstThree : q < 8 ? new int[] {0, 1, 2, 3, 4} : new int[] {0, 2, 4};
    }
    return points;
  }

  private static QuestionnaireResponse auditResponse(int[] answers, Integer statedTotal) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setQuestionnaire("https://forms.example.org/audit")
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    for (int q = 0; q < 10; q++) {
      response.addItem().setLinkId("q" + (q + 1)).addAnswer().setValue(
          new Coding("urn:example:audit", "q" + (q + 1) + "-" + answers[q], null));
    }
    if (statedTotal != null) {
      response.addItem().setLinkId("total").addAnswer().setValue(new IntegerType(statedTotal));
    }
    return response;
  }

  @Test
  void auditWithUncodedItemsIsMatchedByPositionThroughItsCodedTotal() {
    int[] answers = {3, 2, 3, 1, 1, 0, 1, 1, 0, 4}; // 16: higher risk
    FhirAssessor.Result result = assess(auditResponse(answers, null),
        uncodedAudit(auditPoints(new int[] {0, 1, 2, 3, 4})));

    assertEquals(16, result.assessment().score("audit").orElseThrow().total());
    assertEquals("higher-risk", result.assessment().score("audit").orElseThrow().band().code());
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void aWrongStatedTotalIsAWarningAndOurTotalWins() {
    int[] answers = {3, 2, 3, 1, 1, 0, 1, 1, 0, 4};
    FhirAssessor.Result result = assess(auditResponse(answers, 12),
        uncodedAudit(auditPoints(new int[] {0, 1, 2, 3, 4})));

    assertEquals(16, result.assessment().score("audit").orElseThrow().total());
    assertEquals(1, result.warnings().size());
    assertEquals("QuestionnaireResponse.item[10].answer[0]",
        result.warnings().get(0).expression());
    assertTrue(result.warnings().get(0).diagnostics().contains("12"));
  }

  @Test
  void usAuditWithZeroToSixPointsOnQuestionsOneToThreeIsRefused() {
    int[] answers = {6, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    List<FhirIssue> issues = refused(auditResponse(answers, null),
        uncodedAudit(auditPoints(new int[] {0, 1, 2, 3, 4, 5, 6})));

    assertEquals(3, issues.size(), issues::toString);
    assertTrue(issues.get(0).diagnostics().contains("do not fit"), issues::toString);
    assertTrue(issues.get(0).diagnostics().contains("q1"), issues::toString);
  }

  /**
   * An AUDIT named only by its panel code on the form, its questions in a group with no codes,
   * each answer a code of the publisher's own system with its points as ordinalValue (questions
   * 1-5) or itemWeight (6-10), and between them an instruction, a heading and a pre-screen
   * question whose answers carry no points (which of the two third questions the person sees).
   */
  private static Questionnaire panelCodedAudit() {
    Questionnaire form = new Questionnaire().setUrl("https://forms.example.org/who-audit")
        .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    form.addCode(new Coding(LOINC, "72110-0", "Alcohol Use Disorder Identification Test"));
    form.addItem().setLinkId("instructions").setType(Questionnaire.QuestionnaireItemType.DISPLAY)
        .setText("Think about the last year. One drink is one unit.");
    Questionnaire.QuestionnaireItemComponent questions = form.addItem().setLinkId("questions")
        .setType(Questionnaire.QuestionnaireItemType.GROUP);
    int[][] points = auditPoints(new int[] {0, 1, 2, 3, 4});
    for (int q = 0; q < 10; q++) {
      if (q == 2) {
        Questionnaire.QuestionnaireItemComponent sex = questions.addItem().setLinkId("sex")
            .setType(Questionnaire.QuestionnaireItemType.CHOICE);
        sex.addAnswerOption().setValue(new Coding("urn:example:audit", "female", null));
        sex.addAnswerOption().setValue(new Coding("urn:example:audit", "male", null));
      }
      if (q == 3) {
        questions.addItem().setLinkId("heading").setText("Your drinking and its effects")
            .setType(Questionnaire.QuestionnaireItemType.DISPLAY);
      }
      Questionnaire.QuestionnaireItemComponent item = questions.addItem()
          .setLinkId("audit-" + (q + 1)).setType(Questionnaire.QuestionnaireItemType.CHOICE);
      for (int p : points[q]) {
        item.addAnswerOption().setValue(new Coding("urn:example:audit", (q + 1) + "." + p, null))
            .addExtension(q < 5 ? Questionnaires.ORDINAL_VALUE : Form.ITEM_WEIGHT,
                new DecimalType(p));
      }
    }
    return form;
  }

  @Test
  void auditNamedByItsPanelCodeWithOwnAnswerCodesAndAPreScreenIsScored() {
    int[] answers = {4, 1, 2, 1, 0, 0, 1, 0, 2, 0}; // AUDIT-C 4 + 7 = 11: increasing risk
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setQuestionnaire("https://forms.example.org/who-audit")
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    QuestionnaireResponse.QuestionnaireResponseItemComponent group = response.addItem()
        .setLinkId("questions");
    for (int q = 0; q < 10; q++) {
      if (q == 2) {
        group.addItem().setLinkId("sex").addAnswer()
            .setValue(new Coding("urn:example:audit", "female", null));
      }
      group.addItem().setLinkId("audit-" + (q + 1)).addAnswer()
          .setValue(new Coding("urn:example:audit", (q + 1) + "." + answers[q], null));
    }

    FhirAssessor.Result result = assess(response, panelCodedAudit());

    assertEquals(11, result.assessment().score("audit").orElseThrow().total());
    assertEquals("increasing-risk",
        result.assessment().score("audit").orElseThrow().band().code());
    assertEquals(7, result.assessment().score("audit-c").orElseThrow().total());
    assertEquals(List.of(), result.warnings());
  }

  @Test
  void auditCMissingItsFirstItemIsRefusedNamingIt() {
    QuestionnaireResponse response = answers(Questionnaires.CANONICAL_BASE + "audit-c",
        new String[] {"68519-8", "68520-6"}, null, "3-4", "monthly");

    List<FhirIssue> issues = refused(response, null);

    assertEquals(1, issues.size(), issues::toString);
    assertTrue(issues.get(0).diagnostics().contains("68518-0"), issues::toString);
    assertTrue(issues.get(0).diagnostics().startsWith("RL-0002"), issues::toString);
  }

  @Test
  void everyProblemOfEveryResponseAtOnceWithItsLocation() {
    QuestionnaireResponse duplicate = answers(Questionnaires.CANONICAL_BASE + "phq-2",
        new String[] {"44250-9", "44250-9"}, null, "several-days", "not-at-all");
    QuestionnaireResponse wrongType = answers(Questionnaires.CANONICAL_BASE + "gad-2",
        new String[] {"69725-0", "68509-9"}, null, "several-days", "not-at-all");
    wrongType.getItem().get(1).getAnswerFirstRep().setValue(new StringType("often"));
    QuestionnaireResponse unknown = answers("https://forms.example.org/mystery",
        new String[] {"a", "b"}, "urn:x", "1", "2");

    List<FhirIssue> issues = issues(assertThrows(InvalidFhirInputException.class,
        () -> assessor.assess(Map.of(
            "Parameters.parameter[0].resource", duplicate,
            "Parameters.parameter[1].resource", wrongType,
            "Parameters.parameter[2].resource", unknown), List.of(), Set.of())));

    assertTrue(issues.stream().anyMatch(i -> i.expression()
        .equals("Parameters.parameter[0].resource.item[1]")
        && i.diagnostics().contains("more than once")), issues::toString);
    assertTrue(issues.stream().anyMatch(i -> i.expression()
        .equals("Parameters.parameter[1].resource.item[1].answer[0]")
        && i.diagnostics().contains("string")), issues::toString);
    assertTrue(issues.stream().anyMatch(i -> i.expression()
        .equals("Parameters.parameter[2].resource")
        && i.diagnostics().contains("nothing recognisable")), issues::toString);
  }

  @Test
  void anEmptyResponseToOurQuestionnaireListsEveryMissingItem() {
    QuestionnaireResponse empty = new QuestionnaireResponse()
        .setQuestionnaire(Questionnaires.CANONICAL_BASE + "gad-7");

    List<FhirIssue> issues = refused(empty, null);

    assertEquals(7, issues.size(), issues::toString);
    assertTrue(issues.stream().allMatch(i -> i.diagnostics().startsWith("RL-0002")));
  }

  @Test
  void malformedOrWrongResourcesAreClearErrors() {
    ResourceParser parser = new ResourceParser(FhirContext.forR4Cached());

    InvalidFhirInputException malformed = assertThrows(InvalidFhirInputException.class,
        () -> parser.parse("{\"resourceType\": \"QuestionnaireResponse\", ", 
            QuestionnaireResponse.class));
    InvalidFhirInputException wrongType = assertThrows(InvalidFhirInputException.class,
        () -> parser.parse("{\"resourceType\": \"Patient\"}", QuestionnaireResponse.class));

    assertTrue(issues(malformed).get(0).diagnostics().startsWith("not well-formed FHIR"));
    assertTrue(issues(wrongType).get(0).diagnostics().contains("got a Patient"));
    assertEquals(1, wrongType.toOperationOutcome().getIssue().size());
  }
}
