package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * Forms and responses that other organisations publish (src/test/resources/corpus, with their
 * sources), scored as a clinician would score them by hand, or refused with the problem that
 * names what does not fit. The expected totals are worked out from each file's answers and the
 * form's points, not from our output.
 */
class CorpusTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final FhirAssessor assessor = new FhirAssessor(Assessor.standard());

  private static <T extends IBaseResource> T read(String path, Class<T> type) {
    try (InputStream in = CorpusTest.class.getResourceAsStream("/corpus/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + path);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return (path.endsWith(".xml") ? FHIR.newXmlParser() : FHIR.newJsonParser())
          .parseResource(type, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Questionnaire form(String folder) {
    String file = folder.startsWith("sdc-phq9-") ? ".xml" : ".json";
    return read(folder + "/questionnaire" + file, Questionnaire.class);
  }

  private FhirAssessor.Result assess(String response, String form) {
    return assess(read(response, QuestionnaireResponse.class), form(form));
  }

  private FhirAssessor.Result assess(QuestionnaireResponse response, Questionnaire form) {
    return assessor.assess(Map.of("QuestionnaireResponse", response), List.of(form), Set.of());
  }

  private List<FhirIssue> refused(QuestionnaireResponse response, Questionnaire form) {
    InvalidFhirInputException refusal = assertThrows(InvalidFhirInputException.class,
        () -> assess(response, form));
    assertEquals(List.of(), SharedValidator.get().errors(refusal.toOperationOutcome()));
    return refusal.issues();
  }

  private static Score score(FhirAssessor.Result result, String instrument) {
    return result.assessment().score(instrument).orElseThrow(
        () -> new AssertionError("no " + instrument + " score"));
  }

  /** A response to a form: each linkId answered with one of its options' codes. */
  private static QuestionnaireResponse answers(Questionnaire form, String... linkIdThenCode) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    if (form.hasUrl()) {
      response.setQuestionnaire(form.getUrl());
    } else if (form.getIdElement().hasIdPart()) {
      response.setQuestionnaire("Questionnaire/" + form.getIdElement().getIdPart());
    } // else the only form given is the response's
    for (int i = 0; i < linkIdThenCode.length; i += 2) {
      String linkId = linkIdThenCode[i];
      String code = linkIdThenCode[i + 1];
      Coding option = form.getItem().stream().filter(item -> item.getLinkId().equals(linkId))
          .flatMap(item -> item.getAnswerOption().stream())
          .map(Questionnaire.QuestionnaireItemAnswerOptionComponent::getValueCoding)
          .filter(coding -> code.equals(coding.getCode())).findFirst()
          .orElseThrow(() -> new AssertionError(linkId + " offers no " + code));
      response.addItem().setLinkId(linkId).addAnswer().setValue(option.copy());
    }
    return response;
  }

  // ---------------------------------------------------------------- class d: the SDC example

  /**
   * The SDC PHQ-9: points in the contained value set, answers coded without a system. By hand:
   * 0+0+0+1+2+1+3+2+1 = 10, moderate. The response states 13, which its answers do not add up
   * to: ours is used and the difference is a warning.
   */
  @Test
  void theSdcPhq9ExampleIsScored() {
    FhirAssessor.Result result = assess("sdc-phq9/response.json", "sdc-phq9");

    assertEquals(10, score(result, "phq-9").total());
    assertEquals("moderate", score(result, "phq-9").band().code());
    assertEquals(1, result.warnings().size());
    assertTrue(result.warnings().get(0).diagnostics().contains("13"),
        result.warnings().get(0).diagnostics());
  }

  /** The same example in the SDC 3.0.0 release's XML. */
  @Test
  void theSdcPhq9ExampleInXmlIsScored() {
    FhirAssessor.Result result = assess("sdc-phq9-r4-final/response.xml", "sdc-phq9-r4-final");

    assertEquals(10, score(result, "phq-9").total());
  }

  /**
   * Two responses another project wrote to the SDC form, flat (no group) and with the answer
   * system: nine times "Nearly every day" (3) = 27, severe.
   */
  @Test
  void flatResponsesToTheSdcFormAreScored() {
    for (String response : List.of("sdc-phq9/response-3.json", "sdc-phq9/response-4.json")) {
      FhirAssessor.Result result = assess(response, "sdc-phq9");

      assertEquals(27, score(result, "phq-9").total(), response);
      assertEquals("severe", score(result, "phq-9").band().code(), response);
    }
  }

  /**
   * The SDC adaptive example names a Questionnaire contained in the response that carries no
   * code at all: nothing identifies an instrument, and the refusal says so.
   */
  @Test
  void theAdaptiveExampleHasNothingToRecogniseItBy() {
    List<FhirIssue> issues = refused(read("sdc-phq9/response-2.json",
        QuestionnaireResponse.class), form("sdc-phq9"));

    assertTrue(issues.get(0).diagnostics().startsWith("nothing recognisable"),
        issues.toString());
  }

  // ---------------------------------------------------------------- class a: totals only

  /**
   * The CDC's WHO AUDIT: LOINC codes only on its AUDIT-C and AUDIT totals, its own answer codes
   * with ordinalValue, a pre-screen question, instructions and display items in between. By hand:
   * 3 + 2 + 3 (AUDIT-C 8) + 2 x 5 + 4 + 0 = 22, possible dependence.
   */
  @Test
  void aWhoAuditFormWithOnlyTotalCodesIsScoredWithItsAuditC() {
    Questionnaire form = form("asbi-who-audit");
    QuestionnaireResponse response = answers(form, "prescreen-question", "yes",
        "audit-question-one", "2to3timesaweek", "audit-question-two", "5or6",
        "audit-question-three", "weekly", "audit-question-four", "monthly",
        "audit-question-five", "monthly", "audit-question-six", "monthly",
        "audit-question-seven", "monthly", "audit-question-eight", "monthly",
        "audit-question-nine", "yesduringthelastyear", "audit-question-ten", "no",
        "pregnancy-question", "no");

    FhirAssessor.Result result = assess(response, form);

    assertEquals(22, score(result, "audit").total());
    assertEquals("possible-dependence", score(result, "audit").band().code());
    assertEquals(8, score(result, "audit-c").total());
  }

  // ---------------------------------------------------------------- class c and e

  /** US Core's PHQ-9: LOINC everywhere. By hand: 2+2+2+2+1+1+2+0+0 = 12, as it states. */
  @Test
  void theUsCorePhq9IsScored() {
    FhirAssessor.Result result = assess("uscore-phq9/response.json", "uscore-phq9");

    assertEquals(12, score(result, "phq-9").total());
    assertEquals("moderate", score(result, "phq-9").band().code());
    assertEquals(List.of(), result.warnings());
  }

  /**
   * CIRG's GAD-7: the LOINC panel, LOINC item codes as linkIds, answer codes without a system
   * (one item's "more than half the days" under another code). Seven times 2 points = 14,
   * moderate.
   */
  @Test
  void aGad7WithAnswerCodesWithoutASystemIsScored() {
    Questionnaire form = form("asbi-cirg-gad7");
    QuestionnaireResponse response = answers(form, "/69725-0", "LA6570-1",
        "/68509-9", "LA18938-3", "/69733-4", "LA6570-1", "/69734-2", "LA6570-1",
        "/69735-9", "LA6570-1", "/69689-8", "LA6570-1", "/69736-7", "LA6570-1");
    response.getItem().forEach(item -> item.getAnswerFirstRep().getValueCoding()
        .setSystem(null));

    FhirAssessor.Result result = assess(response, form);

    assertEquals(14, score(result, "gad-7").total());
    assertEquals("moderate", score(result, "gad-7").band().code());
  }

  /**
   * The LHC-Forms export of LOINC's PHQ-9 panel: LOINC items, LOINC answers weighted on the form.
   * By hand: 3+3+2+2+1+1+0+0+1 = 13, moderate; item 9 answered, so the urgent-risk flag too.
   */
  @Test
  void theLhcFormsPhq9IsScoredAndItsNinthItemFlagged() {
    Questionnaire form = form("lforms-phq9");
    QuestionnaireResponse response = answers(form, "/44250-9", "LA6571-9",
        "/44255-8", "LA6571-9", "/44259-0", "LA6570-1", "/44254-1", "LA6570-1",
        "/44251-7", "LA6569-3", "/44258-2", "LA6569-3", "/44252-5", "LA6568-5",
        "/44253-3", "LA6568-5", "/44260-8", "LA6569-3");

    FhirAssessor.Result result = assess(response, form);

    assertEquals(13, score(result, "phq-9").total());
    assertTrue(result.assessment().flags().stream()
        .anyMatch(f -> f.code().code().equals("urgent-risk")));
  }

  // ---------------------------------------------------------------- refused, and why

  /**
   * The CQF sample PHQ-9 leaves out question 9 (44260-8); its answers are LOINC's LL358-3
   * codes from a value set it names by URL only. Every answer it has is read, and the missing
   * question is named.
   */
  @Test
  void aPhq9WithoutItsNinthQuestionIsRefusedNamingIt() {
    List<FhirIssue> issues = refused(read("cqf-sample-phq9/response.json",
        QuestionnaireResponse.class), form("cqf-sample-phq9"));

    assertEquals(1, issues.size(), issues.toString());
    assertTrue(issues.get(0).diagnostics().contains("44260-8"), issues.toString());
  }

  /**
   * US Core's AUDIT-C asks "how many times in the past year ... X or more drinks" (68517-2, a
   * number) where the AUDIT-C asks how often one drinks (68518-0): not question 1 of the AUDIT-C,
   * which the refusal names.
   */
  @Test
  void theUsCoreAuditCLacksTheAuditCsFirstQuestion() {
    List<FhirIssue> issues = refused(read("uscore-auditc/response.json",
        QuestionnaireResponse.class), form("uscore-auditc"));

    assertTrue(issues.stream().anyMatch(i -> i.diagnostics().contains("68518-0")),
        issues.toString());
  }

  /**
   * The MII's PHQ-9 response names its form by reference but answers linkIds "PHQ.1" ... where
   * the form has "PHQ-9.1" ...: refused, naming them.
   */
  @Test
  void aResponseWhoseLinkIdsAreNotTheFormsIsRefusedNamingThem() {
    List<FhirIssue> issues = refused(read("mii-phq9/response.json",
        QuestionnaireResponse.class), form("mii-phq9"));

    assertEquals(1, issues.size(), issues.toString());
    String problem = issues.get(0).diagnostics();
    assertTrue(problem.contains("\"PHQ.1\"") && problem.contains("6 more"), problem);
  }
}
