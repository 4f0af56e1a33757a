package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
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
      Coding option = items(form.getItem()).filter(item -> item.getLinkId().equals(linkId))
          .flatMap(item -> item.getAnswerOption().stream())
          .map(Questionnaire.QuestionnaireItemAnswerOptionComponent::getValueCoding)
          .filter(coding -> code.equals(coding.getCode())).findFirst()
          .orElseThrow(() -> new AssertionError(linkId + " offers no " + code));
      response.addItem().setLinkId(linkId).addAnswer().setValue(option.copy());
    }
    return response;
  }

  /** A form's items at every depth, in order. */
  private static Stream<Questionnaire.QuestionnaireItemComponent> items(
      List<Questionnaire.QuestionnaireItemComponent> items) {
    return items.stream().flatMap(item -> Stream.concat(Stream.of(item), items(item.getItem())));
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

  /**
   * Penn Medicine's DAST-10: the LOINC panel code on the group that holds the questions, item
   * codes of its own, Yes and No (LA33-6 1 point, LA32-8 none) without a system, its question 3
   * worded so that Yes scores. By hand: Yes to 1, 3 and 4 = 3, moderate.
   */
  @Test
  void aDast10CodedOnItsGroupIsScoredByPosition() {
    Questionnaire form = form("cobalt-dast10");
    String[] linkIdThenCode = new String[20];
    for (int i = 1; i <= 10; i++) {
      linkIdThenCode[2 * i - 2] = "/ic-dast-" + i;
      linkIdThenCode[2 * i - 1] = i == 1 || i == 3 || i == 4 ? "LA33-6" : "LA32-8";
    }

    FhirAssessor.Result result = assess(answers(form, linkIdThenCode), form);

    assertEquals(3, score(result, "dast-10").total());
    assertEquals("moderate", score(result, "dast-10").band().code());
  }

  /**
   * Penn Medicine's AUDIT-C, panel code on its group, all three questions with LOINC answers
   * weighted on the form. By hand: 3 + 2 + 1 = 6: increasing risk on the UK bands.
   */
  @Test
  void anAuditCCodedOnItsGroupIsScored() {
    Questionnaire form = form("cobalt-auditc");
    FhirAssessor.Result result = assess(answers(form, "/68518-0", "LA18928-4",
        "/68519-8", "LA18930-0", "/68520-6", "LA18933-4"), form);

    assertEquals(6, score(result, "audit-c").total());
    assertEquals("increasing-risk", score(result, "audit-c").band().code());
  }

  /**
   * Beda's GAD-7 gives its LOINC answers no points at all: LOINC's own (LL358-3) apply. By hand:
   * 3 + 3 + 2 + 2 + 1 + 1 + 0 = 12, moderate.
   */
  @Test
  void aGad7WithoutPointsIsScoredByLoincsAnswerList() {
    Questionnaire form = form("beda-qrf-gad7");
    FhirAssessor.Result result = assess(answers(form, "69725-0", "LA6571-9",
        "68509-9", "LA6571-9", "69733-4", "LA6570-1", "69734-2", "LA6570-1",
        "69735-9", "LA6569-3", "69689-8", "LA6569-3", "69736-7", "LA6568-5"), form);

    assertEquals(12, score(result, "gad-7").total());
    assertEquals("moderate", score(result, "gad-7").band().code());
  }

  // ---------------------------------------------------------------- every scorable form

  /**
   * Every form that can be scored, answered as the least and the most a person can score on
   * it: every choice question given its lowest or its highest weighted answer (LOINC's
   * "Not at all" or "Nearly every day" where the form weighs nothing). The totals must be the
   * instrument's published range: PHQ-9 0-27, GAD-7 0-21, AUDIT 0-40, AUDIT-C 0-12, DAST-10 0-10.
   */
  @ParameterizedTest(name = "{0}: {1} from 0 to {2}")
  @CsvSource({"sdc-phq9, phq-9, 27", "sdc-phq9-r4-final, phq-9, 27", "uscore-phq9, phq-9, 27",
      "lforms-phq9, phq-9, 27", "lforms-fhir-app-phq9, phq-9, 27", "rule-editor-phq9, phq-9, 27",
      "asbi-cirg-phq9, phq-9, 27", "cobalt-phq9, phq-9, 27", "beda-qrf-phq2phq9, phq-9, 27",
      "lforms-argonaut-phq9, phq-9, 27", "mii-phq9, phq-9, 27",
      "asbi-cirg-gad7, gad-7, 21", "cobalt-gad7, gad-7, 21", "beda-qrf-gad7, gad-7, 21",
      "asbi-who-audit, audit, 40", "cobalt-auditc, audit-c, 12", "cobalt-dast10, dast-10, 10"})
  void everyScorableFormSpansItsInstrumentsRange(String folder, String instrument, int most) {
    Questionnaire form = form(folder);

    assertEquals(0, score(assess(extreme(form, false), form), instrument).total());
    assertEquals(most, score(assess(extreme(form, true), form), instrument).total());
  }

  /** Forms with nothing that names an instrument: refused as such, not guessed at. */
  @ParameterizedTest
  @ValueSource(strings = {"asbi-us-audit", "asbi-nidaqs-usaudit", "rkof-gad7"})
  void aFormWithoutAnyInstrumentsCodeIsNotGuessedAt(String folder) {
    Questionnaire form = form(folder);

    List<FhirIssue> issues = refused(extreme(form, true), form);

    assertTrue(issues.get(0).diagnostics().startsWith("nothing recognisable"),
        issues.toString());
  }

  /**
   * The independent check: for forms whose total is a FHIRPath calculatedExpression that HAPI's
   * engine can evaluate, a thousand random responses each, our total against the form's own
   * expression as HAPI's FHIRPath engine computes it from the response (with the form's
   * variables, %resource and %questionnaire). Left out: the SDC example's expression uses
   * {@code answers()} and {@code ordinal()}, which HAPI's R4 engine lacks; Beda's counts codes
   * through {@code children().children().where(code = ...)}, which finds nothing in FHIRPath as
   * specified (a code has no {@code code} child); the CDC forms score in CQL.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"lforms-phq9, phq-9, /44261-6", "lforms-fhir-app-phq9, phq-9, /44261-6"})
  void ourTotalIsTheFormsOwnCalculatedExpression(String folder, String instrument,
      String totalLinkId) {
    Questionnaire form = form(folder);
    Questionnaire.QuestionnaireItemComponent total = items(form.getItem())
        .filter(item -> item.getLinkId().equals(totalLinkId)).findFirst().orElseThrow();
    FormExpressions expressions = new FormExpressions(form);
    Random random = new Random(folder.hashCode());
    for (int i = 0; i < 1_000; i++) {
      QuestionnaireResponse response = respond(form,
          (item, offered, weights) -> random.nextInt(offered.size()));

      int ours = score(assess(response, form), instrument).total();

      assertEquals(ours, expressions.calculate(total, response), () -> FHIR.newJsonParser()
          .encodeResourceToString(response));
    }
  }

  /** Picks, by index, one of the answers a question offers, given their weights (or null). */
  private interface Chooser {
    int choose(Questionnaire.QuestionnaireItemComponent item, List<Coding> offered,
        List<Integer> weights);
  }

  /**
   * Every scorable form, three hundred random responses each: our total is what a clinician adds
   * up by hand from the form - each question's chosen answer's points as the form gives them
   * (LOINC's for the frequency answers of a form that gives none), the PHQ's closing question on
   * how difficult the problems made life (69722-7), which scores nothing, left out.
   */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"sdc-phq9, phq-9", "sdc-phq9-r4-final, phq-9", "uscore-phq9, phq-9",
      "lforms-phq9, phq-9", "lforms-fhir-app-phq9, phq-9", "rule-editor-phq9, phq-9",
      "asbi-cirg-phq9, phq-9", "cobalt-phq9, phq-9", "beda-qrf-phq2phq9, phq-9",
      "lforms-argonaut-phq9, phq-9", "mii-phq9, phq-9", "asbi-cirg-gad7, gad-7",
      "cobalt-gad7, gad-7", "beda-qrf-gad7, gad-7", "asbi-who-audit, audit",
      "cobalt-auditc, audit-c", "cobalt-dast10, dast-10"})
  void randomResponsesScoreWhatTheyAddUpToByHand(String folder, String instrument) {
    Questionnaire form = form(folder);
    Random random = new Random(folder.hashCode());
    for (int i = 0; i < 300; i++) {
      int[] byHand = {0};
      QuestionnaireResponse response = respond(form, (item, offered, weights) -> {
        int chosen = random.nextInt(offered.size());
        boolean difficulty = item.getCode().stream()
            .anyMatch(code -> "69722-7".equals(code.getCode()));
        if (!difficulty) {
          Integer points = weights.get(chosen);
          byHand[0] += points != null ? points
              : LOINC_FREQUENCY.getOrDefault(offered.get(chosen).getCode(), 0);
        }
        return chosen;
      });

      assertEquals(byHand[0], score(assess(response, form), instrument).total(),
          () -> FHIR.newJsonParser().encodeResourceToString(response));
    }
  }

  /** LOINC answer list LL358-3: "Not at all" 0 to "Nearly every day" 3. */
  private static final Map<String, Integer> LOINC_FREQUENCY = Map.of("LA6568-5", 0,
      "LA6569-3", 1, "LA6570-1", 2, "LA6571-9", 3);

  /** Every choice question answered with its lowest or highest weighted answer. */
  private static QuestionnaireResponse extreme(Questionnaire form, boolean highest) {
    String loinc = highest ? "LA6571-9" : "LA6568-5";
    return respond(form, (item, offered, weights) -> {
      int chosen = 0;
      for (int i = 0; i < offered.size(); i++) {
        Integer w = weights.get(i);
        Integer best = weights.get(chosen);
        if (w != null && (best == null || (highest ? w > best : w < best))
            || w == null && best == null && offered.get(i).getCode().equals(loinc)) {
          chosen = i;
        }
      }
      return chosen;
    });
  }

  /**
   * A response answering every choice question of the form with the answer {@code choose}
   * picks (by index) from what the question offers - its options, or its contained value set's
   * concepts, or else LOINC's frequency answers - given each one's weight (null: none).
   */
  private static QuestionnaireResponse respond(Questionnaire form,
      Chooser choose) {
    QuestionnaireResponse response = answers(form);
    respond(form, form.getItem(), response.getItem(), choose);
    return response;
  }

  /** Answers the choice questions among {@code items}, keeping the form's groups. */
  private static void respond(Questionnaire form,
      List<Questionnaire.QuestionnaireItemComponent> items,
      List<QuestionnaireResponse.QuestionnaireResponseItemComponent> into,
      Chooser choose) {
    for (Questionnaire.QuestionnaireItemComponent item : items) {
      if (item.getType() == Questionnaire.QuestionnaireItemType.GROUP) {
        QuestionnaireResponse.QuestionnaireResponseItemComponent group =
            new QuestionnaireResponse.QuestionnaireResponseItemComponent()
                .setLinkId(item.getLinkId());
        respond(form, item.getItem(), group.getItem(), choose);
        into.add(group);
        continue;
      }
      if (item.getType() != Questionnaire.QuestionnaireItemType.CHOICE) {
        continue;
      }
      List<Coding> offered = new ArrayList<>();
      List<Integer> weights = new ArrayList<>();
      for (Questionnaire.QuestionnaireItemAnswerOptionComponent option
          : item.getAnswerOption()) {
        offered.add(option.getValueCoding());
        weights.add(weight(option.getExtension(), option.getValueCoding().getExtension()));
      }
      ValueSet valueSet = contained(form, item.getAnswerValueSet());
      for (ValueSet.ConceptSetComponent include : valueSet == null ? List
          .<ValueSet.ConceptSetComponent>of() : valueSet.getCompose().getInclude()) {
        for (ValueSet.ConceptReferenceComponent concept : include.getConcept()) {
          offered.add(new Coding(include.getSystem(), concept.getCode(), null));
          weights.add(weight(concept.getExtension(), List.of()));
        }
      }
      if (offered.isEmpty()) { // LOINC's frequency answers, by a value set not given
        for (String code : List.of("LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9")) {
          offered.add(new Coding("http://loinc.org", code, null));
          weights.add(null);
        }
      }
      QuestionnaireResponse.QuestionnaireResponseItemComponent answered =
          new QuestionnaireResponse.QuestionnaireResponseItemComponent()
              .setLinkId(item.getLinkId());
      answered.addAnswer().setValue(offered.get(choose.choose(item, offered, weights)).copy());
      into.add(answered);
    }
  }

  private static Integer weight(List<Extension> on, List<Extension> orOn) {
    for (Extension extension : Stream.concat(on.stream(), orOn.stream()).toList()) {
      if (extension.getUrl().endsWith("/ordinalValue") || extension.getUrl().endsWith(
          "/itemWeight")) {
        return ((DecimalType) extension.getValue()).getValue().intValueExact();
      }
    }
    return null;
  }

  private static ValueSet contained(Questionnaire form, String reference) {
    if (reference == null || !reference.startsWith("#")) {
      return null;
    }
    return form.getContained().stream().filter(ValueSet.class::isInstance)
        .map(ValueSet.class::cast)
        .filter(vs -> vs.getIdElement().getIdPart().equals(reference.substring(1)))
        .findFirst().orElse(null);
  }

  /**
   * Aidbox's PHQ-2 that goes on to the PHQ-9 (the rest shown only when the PHQ-2 is 3 or more):
   * LOINC item codes, a PHQ-2 total coded, the PHQ-9 total not. Stopping after two questions is
   * a PHQ-2 (1 + 1 = 2, negative); answering all nine is a PHQ-9 (2 + 2 + 1 x 6 + 1 = 11,
   * moderate), whose ninth question raises the urgent-risk flag - which scoring only its PHQ-2
   * would have missed.
   */
  @Test
  void aPhq2ThatGoesOnToThePhq9IsWhicheverTheResponseAnswers() {
    Questionnaire form = read("aidbox-phq2phq9/questionnaire-bundle.json", Bundle.class)
        .getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .map(Questionnaire.class::cast).findFirst().orElseThrow();
    String[] codes = {"44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2",
        "44252-5", "44253-3", "44260-8"};
    String[] linkIds = new String[codes.length];
    for (int i = 0; i < codes.length; i++) {
      String code = codes[i];
      linkIds[i] = items(form.getItem()).filter(item -> item.getCode().stream()
          .anyMatch(c -> code.equals(c.getCode()))).findFirst().orElseThrow().getLinkId();
    }

    FhirAssessor.Result two = assess(answers(form, linkIds[0], "LA6569-3", linkIds[1],
        "LA6569-3"), form);
    List<String> nine = new ArrayList<>(List.of(linkIds[0], "LA6570-1", linkIds[1],
        "LA6570-1"));
    for (int i = 2; i < 9; i++) {
      nine.add(linkIds[i]);
      nine.add("LA6569-3");
    }
    FhirAssessor.Result all = assess(answers(form, nine.toArray(new String[0])), form);

    assertEquals(2, score(two, "phq-2").total());
    assertEquals("negative", score(two, "phq-2").band().code());
    assertEquals(11, score(all, "phq-9").total());
    assertTrue(all.assessment().flags().stream()
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
