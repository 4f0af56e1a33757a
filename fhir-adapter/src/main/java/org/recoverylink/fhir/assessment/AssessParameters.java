package org.recoverylink.fhir.assessment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ValueSet;
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
 * {@code response} (1..*), {@code questionnaire} (0..*), {@code patient} (0..1),
 * {@code condition} (0..*) and {@code valueSet} (0..*: the answer value sets a form names by
 * canonical URL, read as if the form contained them). Hand it to
 * {@link FhirAssessor#assess(AssessParameters)}.
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
        Slot.optional("patient"), Slot.many("condition", false),
        Slot.many("valueSet", false));
    Map<String, QuestionnaireResponse> responses = new LinkedHashMap<>(
        input.resources("response", QuestionnaireResponse.class));
    List<ValueSet> valueSets = List.copyOf(input.resources("valueSet", ValueSet.class)
        .values());
    List<Questionnaire> questionnaires = new ArrayList<>();
    input.resources("questionnaire", Questionnaire.class).values()
        .forEach(form -> questionnaires.add(withValueSets(form, valueSets)));
    input.resources("patient", Patient.class).forEach((at, patient) ->
        patient(patient, at, responses, input));
    Diagnoses diagnoses = new Diagnoses(lists);
    input.resources("condition", Resource.class).forEach((at, given) ->
        conditions(given, at, diagnoses, input));
    input.ifInvalidThrow();
    return new AssessParameters(responses, questionnaires, diagnoses.stated(),
        diagnoses.recorded(), diagnoses.notes());
  }

  /**
   * A {@code condition}: one Condition, or a Bundle of a person's record (a GP system's
   * structured record, a search result) whose Conditions are each read the same way; the
   * record's other entries are not conditions and are passed over.
   */
  private static void conditions(Resource given, String at, Diagnoses diagnoses,
      OperationInput input) {
    if (given instanceof Condition condition) {
      diagnoses.read(condition, at, input);
    } else if (given instanceof Bundle record) {
      for (int i = 0; i < record.getEntry().size(); i++) {
        if (record.getEntry().get(i).getResource() instanceof Condition condition) {
          diagnoses.read(condition, at + ".entry[" + i + "].resource", input);
        }
      }
    } else {
      input.problem(FhirIssue.error(IssueType.INVALID, at, "condition must hold a Condition,"
          + " or a Bundle of the person's record, not a " + given.fhirType()));
    }
  }

  /**
   * The form, with the value sets given alongside it that its questions name by canonical URL
   * contained in a copy of it, where its own contained ones are looked for; the form itself when
   * it names none of them (the caller's resource is not changed).
   */
  private static Questionnaire withValueSets(Questionnaire form, List<ValueSet> valueSets) {
    if (valueSets.isEmpty()) {
      return form;
    }
    Set<String> named = new HashSet<>();
    collectAnswerValueSets(form.getItem(), named);
    Questionnaire copy = null;
    for (ValueSet valueSet : valueSets) {
      String url = valueSet.getUrl() == null ? null : ResponseReader.canonical(valueSet.getUrl());
      if (url == null || !named.remove(url)) {
        continue;
      }
      copy = copy != null ? copy : form.copy();
      ValueSet contained = valueSet.copy();
      contained.setId("given-value-set-" + copy.getContained().size());
      copy.addContained(contained);
    }
    return copy != null ? copy : form;
  }

  private static void collectAnswerValueSets(List<Questionnaire.QuestionnaireItemComponent> items,
      Set<String> named) {
    for (Questionnaire.QuestionnaireItemComponent item : items) {
      if (item.hasAnswerValueSet() && !item.getAnswerValueSet().startsWith("#")) {
        named.add(ResponseReader.canonical(item.getAnswerValueSet()));
      }
      collectAnswerValueSets(item.getItem(), named);
    }
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
