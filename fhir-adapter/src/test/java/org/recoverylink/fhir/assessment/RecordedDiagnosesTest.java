package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.codelist.CodeList;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * A GP record's diagnoses as {@code $assess} reads them: SNOMED CT or ICD-10 coded
 * {@code Condition}s, recognised by code lists; only active, undoubted ones count; a code in no
 * list is a note, not an error.
 */
class RecordedDiagnosesTest {

  private static final String SNOMED = "http://snomed.info/sct";
  private static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";

  /** Two small lists written here, so the test does not depend on the shipped releases. */
  private static final CodeLists LISTS = CodeLists.of(List.of(
      CodeList.parse("smi.csv", """
          # id: TEST_SMI
          # condition: serious-mental-illness
          # system: http://snomed.info/sct
          # version: 1
          # source: this test
          code,term
          58214004,Schizophrenia
          """),
      CodeList.parse("icd.csv", """
          # id: TEST_ICD
          # condition: serious-mental-illness
          # system: http://hl7.org/fhir/sid/icd-10
          # version: 2
          # source: this test
          code,term
          F20,Schizophrenia
          F32.3,Severe depressive episode with psychotic symptoms
          """)));

  private static Condition condition(String system, String code) {
    Condition condition = new Condition();
    condition.getCode().addCoding(new Coding(system, code, null));
    return condition;
  }

  private static Condition status(Condition condition, String clinical, String verification) {
    if (clinical != null) {
      condition.setClinicalStatus(new CodeableConcept(new Coding(Diagnoses.CLINICAL, clinical,
          null)));
    }
    if (verification != null) {
      condition.setVerificationStatus(new CodeableConcept(new Coding(Diagnoses.VERIFICATION,
          verification, null)));
    }
    return condition;
  }

  private static AssessParameters read(Condition... conditions) {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(new QuestionnaireResponse());
    for (Condition condition : conditions) {
      parameters.addParameter().setName("condition").setResource(condition);
    }
    return AssessParameters.read(parameters, LISTS);
  }

  @Test
  void aSnomedCodeOnAListIsARecordedConditionNamingTheList() {
    AssessParameters read = read(status(condition(SNOMED, "58214004"), "active", "confirmed"));

    assertEquals(List.of(new RecordedCondition(KnownCondition.SERIOUS_MENTAL_ILLNESS, SNOMED,
        "58214004", "TEST_SMI 1")), read.recorded());
    assertEquals(Set.of(), read.conditions());
    assertEquals(List.of(), read.notes());
    assertEquals("SNOMED CT 58214004 in TEST_SMI 1", read.recorded().get(0).toString());
  }

  @ParameterizedTest(name = "{0} matches {1}")
  @CsvSource({"F20, true", "F20.0, true", "f20.0, true", "F200, true", "F32.3, true",
      "F323, true", "F32.1, false", "F32, false", "F2, false", "G20, false"})
  void anIcd10CodeMatchesItsCategory(String code, boolean matches) {
    AssessParameters read = read(condition(ICD_10, code));

    assertEquals(matches, !read.recorded().isEmpty(), read.notes().toString());
    assertEquals(!matches, read.notes().size() == 1);
  }

  @Test
  void theUkEditionsSystemIsIcd10Too() {
    assertEquals(1, read(condition("http://hl7.org/fhir/sid/icd-10-uk", "F20.0")).recorded()
        .size());
  }

  @Test
  void aDiagnosisWithoutStatusesCounts() {
    assertEquals(1, read(condition(SNOMED, "58214004")).recorded().size());
  }

  @ParameterizedTest(name = "clinical {0}, verification {1}: counted {2}")
  @CsvSource(nullValues = "-", value = {
      "active, confirmed, true", "recurrence, -, true", "relapse, confirmed, true",
      "inactive, confirmed, false", "remission, -, false", "resolved, confirmed, false",
      "active, provisional, false", "active, differential, false",
      "active, unconfirmed, false", "active, refuted, false", "-, entered-in-error, false"})
  void onlyActiveUndoubtedConditionsCount(String clinical, String verification,
      boolean counted) {
    AssessParameters read = read(status(condition(SNOMED, "58214004"), clinical,
        verification));

    assertEquals(counted, !read.recorded().isEmpty());
    if (!counted) {
      FhirIssue note = read.notes().get(0);
      assertEquals(IssueSeverity.INFORMATION, note.severity());
      assertTrue(note.diagnostics().contains("not counted"), note.diagnostics());
      assertTrue(note.diagnostics().contains(clinical != null && !clinical.equals("active")
          && !clinical.equals("recurrence") ? clinical : verification), note.diagnostics());
    }
  }

  @Test
  void aCodeInNoListIsANoteNotAnError() {
    AssessParameters read = read(condition(SNOMED, "22298006")); // myocardial infarction

    assertEquals(List.of(), read.recorded());
    assertEquals(1, read.notes().size());
    assertEquals(IssueSeverity.INFORMATION, read.notes().get(0).severity());
    assertEquals("Parameters.parameter[1].resource.code", read.notes().get(0).expression());
    assertTrue(read.notes().get(0).diagnostics().contains("22298006"));
  }

  /**
   * A vendor passing the whole record: a Bundle whose Conditions are read as if each were
   * given on its own (with the same notes, at their place in the Bundle), its other entries
   * passed over.
   */
  @Test
  void aWholeRecordsConditionsAreReadTheSameWay() {
    Bundle record = new Bundle().setType(Bundle.BundleType.COLLECTION);
    record.addEntry().setResource(new Patient());
    record.addEntry().setResource(status(condition(SNOMED, "58214004"), "active", null));
    record.addEntry().setResource(status(condition(ICD_10, "F20.0"), "resolved", null));
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(new QuestionnaireResponse());
    parameters.addParameter().setName("condition").setResource(record);
    parameters.addParameter().setName("condition").setResource(new Patient());

    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> AssessParameters.read(parameters, LISTS));
    parameters.getParameter().remove(2);
    AssessParameters read = AssessParameters.read(parameters, LISTS);

    assertEquals("Parameters.parameter[2].resource", refused.issues().get(0).expression());
    assertEquals(List.of("SNOMED CT 58214004 in TEST_SMI 1"), read.recorded().stream()
        .map(RecordedCondition::toString).toList());
    assertEquals(List.of("Parameters.parameter[1].resource.entry[2].resource"),
        read.notes().stream().map(FhirIssue::expression).toList());
  }

  /** A record of many unlisted codes: the first twenty are noted, then how many more. */
  @Test
  void aLongRecordIsNotedInShort() {
    Condition[] many = new Condition[25];
    for (int i = 0; i < many.length; i++) {
      many[i] = condition(SNOMED, String.valueOf(100000 + i));
    }

    List<FhirIssue> notes = read(many).notes();

    assertEquals(21, notes.size());
    assertEquals("and 5 more conditions left out or in no code list",
        notes.get(20).diagnostics());
  }

  @Test
  void theKnownConditionSystemIsStillTheCallersWord() {
    AssessParameters read = read(condition(CodeSystems.KNOWN_CONDITION,
        KnownCondition.SUBSTANCE_MISUSE.code()));

    assertEquals(Set.of(KnownCondition.SUBSTANCE_MISUSE), read.conditions());
    assertEquals(List.of(), read.recorded());
  }

  @Test
  void oneDiagnosisCodedTwiceIsRecordedByBothCodes() {
    Condition both = condition(SNOMED, "58214004");
    both.getCode().addCoding(new Coding(ICD_10, "F20.9", null));

    assertEquals(List.of("SNOMED CT 58214004 in TEST_SMI 1", "ICD-10 F20.9 in TEST_ICD 2"),
        read(both).recorded().stream().map(RecordedCondition::toString).toList());
  }

  @Test
  void aConditionWithoutACodeOrWithANonsenseStatusIsRefusedWithEveryProblem() {
    Condition nonsense = status(condition(SNOMED, "58214004"), "sometimes", "maybe");

    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> read(new Condition(), nonsense));

    assertEquals(List.of("Parameters.parameter[1].resource.code",
        "Parameters.parameter[2].resource.clinicalStatus",
        "Parameters.parameter[2].resource.verificationStatus"),
        e.issues().stream().map(FhirIssue::expression).toList());
    assertEquals(List.of(IssueType.REQUIRED, IssueType.CODEINVALID, IssueType.CODEINVALID),
        e.issues().stream().map(FhirIssue::type).toList());
  }

  @Test
  void theShippedListsKnowTheRegistersExamples() {
    CodeLists shipped = CodeLists.defaults();
    // The QOF mental health register's examples (schizophrenia, bipolar disorder), a depressive
    // disorder, ICD-10 schizophrenia and alcoholic liver disease, opioid and alcohol dependence.
    assertTrue(has(shipped, SNOMED, "58214004", KnownCondition.SERIOUS_MENTAL_ILLNESS));
    assertTrue(has(shipped, SNOMED, "13746004", KnownCondition.SERIOUS_MENTAL_ILLNESS));
    assertTrue(has(shipped, SNOMED, "35489007", KnownCondition.COMMON_MENTAL_DISORDER));
    assertTrue(has(shipped, ICD_10, "F20.0", KnownCondition.SERIOUS_MENTAL_ILLNESS));
    assertTrue(has(shipped, ICD_10, "K70.3", KnownCondition.ALCOHOL_RELATED_CONDITION));
    assertTrue(has(shipped, SNOMED, "75544000", KnownCondition.SUBSTANCE_MISUSE)); // opioids
    assertTrue(has(shipped, SNOMED, "66590003", KnownCondition.SUBSTANCE_MISUSE)); // alcohol
    assertTrue(shipped.match(SNOMED, "22298006").isEmpty()); // myocardial infarction
    assertTrue(shipped.match(SNOMED, "196381000000100").isEmpty()); // depression resolved
    assertTrue(shipped.match(SNOMED, "836439001").isEmpty()); // nicotine dependence
  }

  private static boolean has(CodeLists lists, String system, String code,
      KnownCondition condition) {
    return lists.match(system, code).stream().anyMatch(r -> r.condition() == condition);
  }
}
