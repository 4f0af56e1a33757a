package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/** $assess's Parameters: read as the endpoint reads them, every problem at its FHIRPath. */
class AssessParametersTest {

  private static final String NHS = "9434765919";

  private static QuestionnaireResponse audit() {
    return Forms.fill(Questionnaires.find("audit").orElseThrow(), true);
  }

  private static Patient patient(String nhsNumber) {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue(nhsNumber);
    return patient;
  }

  private static Condition condition(String system, String code) {
    Condition condition = new Condition();
    condition.getCode().addCoding(new Coding(system, code, null));
    return condition;
  }

  private static List<String> expressions(InvalidFhirInputException e) {
    return e.issues().stream().map(FhirIssue::expression).toList();
  }

  @Test
  void oneResponseOnItsOwnIsFoundAtQuestionnaireResponse() {
    QuestionnaireResponse response = audit();
    AssessParameters input = AssessParameters.of(response);
    assertEquals(Set.of("QuestionnaireResponse"), input.responses().keySet());
    assertSame(response, input.responses().get("QuestionnaireResponse"));
    assertEquals(List.of(), input.questionnaires());
    assertEquals(Set.of(), input.conditions());
  }

  @Test
  void readsResponsesQuestionnairesAndKnownConditionsInOrder() {
    Questionnaire form = new Questionnaire().setUrl("https://example.org/Questionnaire/x");
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(audit());
    parameters.addParameter().setName("questionnaire").setResource(form);
    parameters.addParameter().setName("condition").setResource(condition(
        CodeSystems.KNOWN_CONDITION, KnownCondition.SERIOUS_MENTAL_ILLNESS.code()));
    parameters.addParameter().setName("response").setResource(
        Forms.fill(Questionnaires.find("fast").orElseThrow(), false));

    AssessParameters input = AssessParameters.read(parameters);

    assertEquals(List.of("Parameters.parameter[0].resource", "Parameters.parameter[3].resource"),
        List.copyOf(input.responses().keySet()));
    assertEquals(List.of(form), input.questionnaires());
    assertEquals(Set.of(KnownCondition.SERIOUS_MENTAL_ILLNESS), input.conditions());
    assertThrows(UnsupportedOperationException.class, () -> input.conditions().clear());
    assertThrows(UnsupportedOperationException.class, () -> input.responses().clear());
  }

  /**
   * A form whose answers come from a value set it names by canonical URL: the value set given in
   * the same request carries the points (codes answered without a system), and the form is
   * scored; without it the answers have no points and the refusal says so. The caller's form is
   * left as it was.
   */
  @Test
  void valueSetsGivenAlongsideAFormGiveItsAnswersTheirPoints() {
    String url = "https://forms.example.org/ValueSet/frequency|2";
    Questionnaire form = new Questionnaire().setUrl("https://forms.example.org/Questionnaire/gad7");
    form.addCode(new Coding("http://loinc.org", "69737-5", null));
    String[] items = {"69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8",
        "69736-7"};
    QuestionnaireResponse response = new QuestionnaireResponse().setQuestionnaire(form.getUrl())
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    for (int i = 0; i < items.length; i++) {
      form.addItem().setLinkId("q" + i).setType(Questionnaire.QuestionnaireItemType.CHOICE)
          .setAnswerValueSet(url).addCode(new Coding("http://loinc.org", items[i], null));
      response.addItem().setLinkId("q" + i).addAnswer().setValue(new Coding(null,
          i < 3 ? "often" : "seldom", null)); // 3 x 3 + 4 x 1 = 13
    }
    ValueSet frequency = new ValueSet().setUrl("https://forms.example.org/ValueSet/frequency");
    ValueSet.ConceptSetComponent include = frequency.getCompose().addInclude()
        .setSystem("https://forms.example.org/CodeSystem/frequency");
    String[][] points = {{"never", "0"}, {"seldom", "1"}, {"sometimes", "2"}, {"often", "3"}};
    for (String[] concept : points) {
      include.addConcept().setCode(concept[0]).addExtension(Questionnaires.ORDINAL_VALUE,
          new DecimalType(concept[1]));
    }
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(response);
    parameters.addParameter().setName("questionnaire").setResource(form);
    FhirAssessor assessor = new FhirAssessor(Assessor.standard());

    InvalidFhirInputException withoutIt = assertThrows(InvalidFhirInputException.class,
        () -> assessor.assess(AssessParameters.read(parameters)));
    parameters.addParameter().setName("valueSet").setResource(frequency);
    AssessParameters read = AssessParameters.read(parameters);

    assertTrue(withoutIt.issues().get(0).diagnostics().contains("has no points"),
        withoutIt.issues().toString());
    assertEquals(13, assessor.assess(read).assessment().score("gad-7").orElseThrow().total());
    assertEquals(List.of(), form.getContained(), "the caller's form is not changed");
  }

  @Test
  void thePatientsNhsNumberBecomesTheSubjectOfResponsesNamingNoneOnACopy() {
    QuestionnaireResponse response = audit();
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient("943 476 5919"));
    parameters.addParameter().setName("response").setResource(response);

    QuestionnaireResponse read = AssessParameters.read(parameters).responses()
        .get("Parameters.parameter[1].resource");

    assertEquals(NHS, read.getSubject().getIdentifier().getValue());
    assertEquals(Systems.NHS_NUMBER, read.getSubject().getIdentifier().getSystem());
    assertNotSame(response, read);
    assertFalse(response.hasSubject(), "the caller's response is left as it was given");
  }

  @Test
  void aPatientWithoutAnNhsNumberChangesNothing() {
    QuestionnaireResponse response = audit();
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(response);
    parameters.addParameter().setName("patient").setResource(new Patient());
    assertSame(response, AssessParameters.read(parameters).responses().values().iterator()
        .next());
  }

  @Test
  void aResponseAboutTheSamePatientIsAccepted() {
    QuestionnaireResponse response = audit();
    response.setSubject(new Reference().setIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue("943 476 5919")));
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(response);
    parameters.addParameter().setName("patient").setResource(patient(NHS));
    assertSame(response, AssessParameters.read(parameters).responses().values().iterator()
        .next());
  }

  @Test
  void everyProblemIsReportedAtOnceWithItsExpression() {
    QuestionnaireResponse other = audit();
    other.setSubject(new Reference().setIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue("9434765918")));
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(other);
    parameters.addParameter().setName("patient").setResource(patient(NHS));
    parameters.addParameter().setName("condition").setResource(new Condition()); // no code
    parameters.addParameter().setName("answer").setValue(new StringType("x"));

    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> AssessParameters.read(parameters));

    assertEquals(List.of("Parameters.parameter[3].name", "Parameters.parameter[1].resource",
        "Parameters.parameter[2].resource.code"), expressions(e));
    assertEquals(List.of(IssueType.NOTSUPPORTED, IssueType.BUSINESSRULE, IssueType.REQUIRED),
        e.issues().stream().map(FhirIssue::type).toList());
    assertTrue(e.issues().get(2).diagnostics().contains("no code"));
  }

  @Test
  void anInvalidNhsNumberIsRefusedAtThePatientsIdentifier() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(audit());
    parameters.addParameter().setName("patient").setResource(patient("1234567890"));
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> AssessParameters.read(parameters));
    assertEquals(List.of("Parameters.parameter[1].resource.identifier"), expressions(e));
    assertEquals(IssueType.VALUE, e.issues().get(0).type());
  }

  @Test
  void responsesAreRequiredAndMustBeQuestionnaireResponses() {
    Parameters none = new Parameters();
    none.addParameter().setName("questionnaire").setResource(new Questionnaire());
    assertEquals(List.of("Parameters"), expressions(assertThrows(
        InvalidFhirInputException.class, () -> AssessParameters.read(none))));

    Parameters wrong = new Parameters();
    wrong.addParameter().setName("response").setResource(new Patient());
    wrong.addParameter().setName("patient").setResource(patient(NHS));
    wrong.addParameter().setName("patient").setResource(patient(NHS));
    assertEquals(List.of("Parameters.parameter[2]", "Parameters.parameter[0]"),
        expressions(assertThrows(InvalidFhirInputException.class,
            () -> AssessParameters.read(wrong))));
  }

  @Test
  void anUnknownExtensionOfOursIsRefused() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(audit());
    parameters.getParameterFirstRep().addExtension("https://recoverylink.org/fhir/nonesuch",
        new StringType("x"));
    assertEquals(List.of("Parameters.parameter[0].extension[0]"), expressions(assertThrows(
        InvalidFhirInputException.class, () -> AssessParameters.read(parameters))));
  }

  @Test
  void theAssessorAssessesWhatWasRead() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(audit());
    parameters.addParameter().setName("patient").setResource(patient(NHS));
    FhirAssessor.Result result = new FhirAssessor(Assessor.standard())
        .assess(AssessParameters.read(parameters));
    assertEquals(NHS, result.subject().orElseThrow().getIdentifier().getValue());
    assertTrue(result.assessment().score("audit").isPresent());
  }
}
