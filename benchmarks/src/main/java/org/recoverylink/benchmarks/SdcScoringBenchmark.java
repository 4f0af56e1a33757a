package org.recoverylink.benchmarks;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Expression;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Scoring an externally authored SDC-style AUDIT natively (item codes, weights on the answer
 * options, a coded total item) against evaluating the form's own {@code calculatedExpression}
 * total with HAPI's FHIRPath engine, on the same parsed response. {@code scoreNatively} is the
 * like-for-like comparison (a total and its band); {@code assessNatively} also advises and flags.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class SdcScoringBenchmark {

  static final String FORM_URL = "https://forms.example.org/Questionnaire/audit-sdc";
  static final String CALCULATED_EXPRESSION =
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-calculatedExpression";
  static final String ITEM_WEIGHT = "http://hl7.org/fhir/StructureDefinition/itemWeight";
  static final String ANSWERS = "https://forms.example.org/CodeSystem/audit-answers";

  /**
   * The form's total, as renderers that copy an option's weight onto the chosen answer (as
   * LHC-Forms does) let FHIRPath add it up without the Questionnaire.
   */
  static final String TOTAL = "%resource.repeat(item).answer.value"
      + ".extension.where(url = '" + Questionnaires.ORDINAL_VALUE + "').value"
      + ".aggregate($this + $total, 0)";

  private final Assessor rules = Assessor.standard();
  private final FhirAssessor assessor = new FhirAssessor(rules);
  private final IFhirPath fhirPath = FhirContext.forR4Cached().newFhirPath();
  private Questionnaire form;
  private QuestionnaireResponse response;
  private Map<String, QuestionnaireResponse> responses;
  private String calculatedExpression;
  private IFhirPath.IParsedExpression parsedTotal;

  @Setup
  public void setUp() throws Exception {
    form = form();
    response = answer(form);
    responses = Map.of("QuestionnaireResponse", response);
    // As a renderer holds it: read from the form once, not on every evaluation.
    calculatedExpression = ((Expression) form.getItem().get(10)
        .getExtensionByUrl(CALCULATED_EXPRESSION).getValue()).getExpression();
    parsedTotal = fhirPath.parse(calculatedExpression);
    int ours = assessNatively().assessment().score("audit").orElseThrow().total();
    int scored = scoreNatively().total();
    int firstTime = assessNativelyFirstResponseToForm().assessment().score("audit")
        .orElseThrow().total();
    int theirs = evaluateCalculatedExpression();
    int theirsParsed = evaluateParsedCalculatedExpression();
    if (ours != 18 || scored != 18 || firstTime != 18 || theirs != 18 || theirsParsed != 18) {
      throw new IllegalStateException("totals differ: native " + ours + "/" + scored + "/"
          + firstTime
          + ", FHIRPath " + theirs + "/" + theirsParsed);
    }
  }

  /**
   * RecoveryLink's counterpart of the calculatedExpression: the total (and band) of the
   * response, the form already read (a system scoring responses to its own forms).
   */
  @Benchmark
  public Score scoreNatively() {
    return assessor.score(response, form);
  }

  /** The whole assessment: match items by code, read weights, score, band, advise, flag. */
  @Benchmark
  public FhirAssessor.Result assessNatively() {
    return assessor.assess(responses, List.of(form), Set.of());
  }

  /** The same with a new FhirAssessor, so the form is read for the first time as well. */
  @Benchmark
  public FhirAssessor.Result assessNativelyFirstResponseToForm() {
    return new FhirAssessor(rules).assess(responses, List.of(form), Set.of());
  }

  /** HAPI's FHIRPath engine evaluating the form's calculatedExpression over the response. */
  @Benchmark
  public int evaluateCalculatedExpression() {
    return fhirPath.evaluateFirst(response, calculatedExpression, DecimalType.class).orElseThrow()
        .getValue().intValueExact();
  }

  /** The same expression parsed once beforehand: HAPI's best case. */
  @Benchmark
  public int evaluateParsedCalculatedExpression() {
    return fhirPath.evaluateFirst(response, parsedTotal, DecimalType.class).orElseThrow()
        .getValue().intValueExact();
  }

  /** An AUDIT form as an SDC author writes it: own answer codes, weights, calculated total. */
  static Questionnaire form() {
    Questionnaire form = new Questionnaire().setUrl(FORM_URL)
        .setStatus(org.hl7.fhir.r4.model.Enumerations.PublicationStatus.ACTIVE);
    for (Item item : Instruments.AUDIT.items()) {
      Questionnaire.QuestionnaireItemComponent question = form.addItem()
          .setLinkId("/" + item.code().orElseThrow()).setText(item.text())
          .setType(Questionnaire.QuestionnaireItemType.CHOICE);
      question.addCode(new Coding(Systems.LOINC, item.code().orElseThrow(), null));
      item.options().forEach(option -> {
        Coding coding = new Coding(ANSWERS, item.number() + "." + option.points(), option.text());
        coding.addExtension(ITEM_WEIGHT, new DecimalType(option.points()));
        question.addAnswerOption().setValue(coding);
      });
    }
    form.addItem().setLinkId("/75624-7").setText("AUDIT total")
        .setType(Questionnaire.QuestionnaireItemType.INTEGER).setReadOnly(true)
        .addExtension(CALCULATED_EXPRESSION, new Expression().setLanguage("text/fhirpath")
            .setExpression(TOTAL));
    return form;
  }

  /** A completed response scoring 18, with the weights copied onto the answers. */
  static QuestionnaireResponse answer(Questionnaire form) {
    int[] points = {3, 2, 3, 2, 1, 0, 2, 1, 0, 4};
    QuestionnaireResponse response = new QuestionnaireResponse().setQuestionnaire(FORM_URL)
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    for (int i = 0; i < points.length; i++) {
      Questionnaire.QuestionnaireItemComponent question = form.getItem().get(i);
      int wanted = points[i];
      Coding chosen = question.getAnswerOption().stream().map(o -> o.getValueCoding())
          .filter(c -> ((DecimalType) c.getExtensionByUrl(ITEM_WEIGHT).getValue()).getValue()
              .intValue() == wanted).findFirst().orElseThrow();
      Coding answer = new Coding(chosen.getSystem(), chosen.getCode(), chosen.getDisplay());
      answer.addExtension(Questionnaires.ORDINAL_VALUE, new DecimalType(wanted));
      response.addItem().setLinkId(question.getLinkId()).addAnswer().setValue(answer);
    }
    return response;
  }
}
