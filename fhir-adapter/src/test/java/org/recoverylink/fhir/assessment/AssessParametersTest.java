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
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
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
