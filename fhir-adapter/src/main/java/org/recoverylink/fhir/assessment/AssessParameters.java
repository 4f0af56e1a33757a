package org.recoverylink.fhir.assessment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.OperationInput.Slot;
import org.recoverylink.fhir.io.OperationInput;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * What {@code QuestionnaireResponse/$assess} assesses, read from its input exactly as the
 * RecoveryLink endpoint reads it: one QuestionnaireResponse, or a Parameters with
 * {@code response} (1..*), {@code questionnaire} (0..*), {@code patient} (0..1) and
 * {@code condition} (0..*). Hand it to {@link FhirAssessor#assess(AssessParameters)}.
 *
 * <p>A {@code patient} with an NHS number becomes the subject of the responses that name none
 * (those responses are copies: the caller's resources are not changed); a response naming
 * another NHS number is refused. A {@code condition} is coded in SNOMED CT or ICD-10 (a code
 * list decides what it means) or in {@link CodeSystems#KNOWN_CONDITION}; only an active,
 * undoubted one counts.
 *
 * @param responses      the responses, each under the FHIRPath it was found at (e.g.
 *                       {@code Parameters.parameter[0].resource}), in the order given
 * @param questionnaires Questionnaires of forms that are not built in
 * @param conditions     conditions the caller states in RecoveryLink's own code system
 * @param recorded       recorded diagnoses that a code list recognised
 * @param notes          notes for the result: conditions left out, codes in no list
 */
public record AssessParameters(Map<String, QuestionnaireResponse> responses,
    List<Questionnaire> questionnaires, Set<KnownCondition> conditions,
    List<RecordedCondition> recorded, List<FhirIssue> notes) {

  /** The operation's name, for diagnostics. */
  public static final String OPERATION = "$assess";

  public AssessParameters {
    responses = Collections.unmodifiableMap(new LinkedHashMap<>(responses));
    questionnaires = List.copyOf(questionnaires);
    conditions = conditions.isEmpty() ? Set.of()
        : Collections.unmodifiableSet(EnumSet.copyOf(conditions));
    recorded = List.copyOf(recorded);
    notes = List.copyOf(notes);
  }

  /** Responses, forms and stated conditions, with nothing from a record. */
  public AssessParameters(Map<String, QuestionnaireResponse> responses,
      List<Questionnaire> questionnaires, Set<KnownCondition> conditions) {
    this(responses, questionnaires, conditions, List.of(), List.of());
  }

  /** One response on its own, found at {@code QuestionnaireResponse}. */
  public static AssessParameters of(QuestionnaireResponse response) {
    return new AssessParameters(Map.of("QuestionnaireResponse", response), List.of(), Set.of());
  }

  /**
   * Reads the Parameters of {@code $assess} with the shipped code lists.
   *
   * @throws InvalidFhirInputException as {@link #read(Parameters, CodeLists)}
   */
  public static AssessParameters read(Parameters parameters) {
    return read(parameters, CodeLists.defaults());
  }

  /**
   * Reads the Parameters of {@code $assess}, recognising recorded diagnoses with these code
   * lists. The responses themselves are checked when they are assessed.
   *
   * @throws InvalidFhirInputException listing every problem of every parameter, each with its
   *     FHIRPath (e.g. {@code Parameters.parameter[2].resource.code})
   */
  public static AssessParameters read(Parameters parameters, CodeLists lists) {
    Extensions.refuseUnknown(parameters);
    OperationInput input = OperationInput.of(parameters, OPERATION,
        Slot.many("response", true), Slot.many("questionnaire", false),
        Slot.optional("patient"), Slot.many("condition", false));
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>(
        input.resources("response", QuestionnaireResponse.class));
    List<Questionnaire> questionnaires = new ArrayList<>(
        input.resources("questionnaire", Questionnaire.class).values());
    input.resources("patient", Patient.class).forEach((at, patient) ->
        patient(patient, at, responses, input));
    Diagnoses diagnoses = new Diagnoses(lists);
    input.resources("condition", Condition.class).forEach((at, condition) ->
        diagnoses.read(condition, at, input));
    input.ifInvalidThrow();
    return new AssessParameters(responses, questionnaires, diagnoses.stated(),
        diagnoses.recorded(), diagnoses.notes());
  }

  /**
   * The patient the responses are about: its NHS number becomes the subject of responses that
   * name none; a response naming another NHS number is refused.
   */
  private static void patient(Patient patient, String at,
      Map<String, QuestionnaireResponse> responses, OperationInput input) {
    Optional<Identifier> nhs = patient.getIdentifier().stream()
        .filter(id -> Systems.NHS_NUMBER.equals(id.getSystem())).findFirst();
    if (nhs.isEmpty()) {
      return; // no NHS number given: nothing to check or to fill in
    }
    NhsNumber number;
    try {
      number = NhsNumber.parse(String.valueOf(nhs.get().getValue()));
    } catch (IllegalArgumentException e) {
      input.problem(FhirIssue.error(IssueType.VALUE, at + ".identifier", e.getMessage()));
      return;
    }
    Reference subject = new Reference().setType("Patient").setIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue(number.value()));
    for (Map.Entry<String, QuestionnaireResponse> entry : responses.entrySet()) {
      QuestionnaireResponse response = entry.getValue();
      if (!response.hasSubject()) {
        // A copy: the caller's Parameters stay as they were given.
        QuestionnaireResponse named = response.copy();
        named.setSubject(subject.copy());
        entry.setValue(named);
      } else if (response.getSubject().hasIdentifier()
          && Systems.NHS_NUMBER.equals(response.getSubject().getIdentifier().getSystem())
          && !number.value().equals(NhsNumber.digits(String.valueOf(
              response.getSubject().getIdentifier().getValue())))) {
        input.problem(FhirIssue.error(IssueType.BUSINESSRULE, at, "the patient's NHS number"
            + " is not the one the responses are about"));
      }
    }
  }
}
