package org.recoverylink.fhir.assessment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.codelist.CodeLists;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.OperationInput;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * A person's diagnoses, read from FHIR {@code Condition}s against the code lists: a condition
 * coded in RecoveryLink's known-condition system is stated by the caller; one coded in SNOMED CT
 * or ICD-10 counts when a code list holds the code. Only a condition that is active (or has come
 * back) and not doubted counts: an {@code inactive}, {@code remission} or {@code resolved}
 * clinical status, or a {@code provisional}, {@code differential}, {@code unconfirmed},
 * {@code refuted} or {@code entered-in-error} verification status, leaves it out with a note. A
 * diagnosis recorded without either status counts: a GP record's problem list often has no
 * verification status, and missing a serious mental illness sends the person the wrong way. A
 * code that no list holds is not an error: it changes nothing, and a note says so.
 */
final class Diagnoses {

  static final String CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
  static final String VERIFICATION =
      "http://terminology.hl7.org/CodeSystem/condition-ver-status";
  private static final Set<String> ACTIVE = Set.of("active", "recurrence", "relapse");
  private static final Set<String> NOT_ACTIVE = Set.of("inactive", "remission", "resolved");
  private static final Set<String> COUNTED = Set.of("confirmed");
  private static final Set<String> DOUBTED = Set.of("unconfirmed", "provisional",
      "differential", "refuted", "entered-in-error");

  /** A whole record may hold hundreds of conditions: the result notes the first twenty. */
  private static final int MAX_NOTES = 20;

  private final CodeLists lists;
  private final Set<KnownCondition> stated = EnumSet.noneOf(KnownCondition.class);
  private final Set<RecordedCondition> recorded = new LinkedHashSet<>();
  private final List<FhirIssue> notes = new ArrayList<>();

  Diagnoses(CodeLists lists) {
    this.lists = lists;
  }

  /** Conditions the caller stated in RecoveryLink's own code system. */
  Set<KnownCondition> stated() {
    return stated;
  }

  /** Recorded diagnoses a code list recognised, each once. */
  List<RecordedCondition> recorded() {
    return List.copyOf(recorded);
  }

  /** Notes on conditions that were left out or that no list holds, the first twenty. */
  List<FhirIssue> notes() {
    if (notes.size() <= MAX_NOTES) {
      return notes;
    }
    List<FhirIssue> first = new ArrayList<>(notes.subList(0, MAX_NOTES));
    first.add(FhirIssue.information(IssueType.INFORMATIONAL, "Parameters", "and "
        + (notes.size() - MAX_NOTES) + " more conditions left out or in no code list"));
    return first;
  }

  /** Reads one Condition found at {@code at}; problems with it go to {@code input}. */
  void read(Condition condition, String at, OperationInput input) {
    List<Coding> codings = condition.getCode().getCoding();
    if (codings.stream().noneMatch(c -> c.getCode() != null && !c.getCode().isBlank())) {
      input.problem(FhirIssue.error(IssueType.REQUIRED, at + ".code", "the condition has no"
          + " code: give its SNOMED CT or ICD-10 code"));
      return;
    }
    String clinical = status(condition.getClinicalStatus(), CLINICAL, ACTIVE, NOT_ACTIVE,
        at + ".clinicalStatus", input);
    String verification = status(condition.getVerificationStatus(), VERIFICATION, COUNTED,
        DOUBTED, at + ".verificationStatus", input);
    if (clinical == null || verification == null) {
      return; // a status that is no status: refused above
    }
    if (NOT_ACTIVE.contains(clinical) || DOUBTED.contains(verification)) {
      notes.add(FhirIssue.information(IssueType.INFORMATIONAL, at, "the condition "
          + coded(codings) + " is not counted: its "
          + (NOT_ACTIVE.contains(clinical) ? "clinical status is " + clinical
              : "verification status is " + verification)));
      return;
    }
    boolean known = false;
    for (Coding coding : codings) {
      var ours = CodeSystems.decode(CodeSystems.KNOWN_CONDITION, coding, KnownCondition.class);
      if (ours.isPresent()) {
        stated.add(ours.get());
        known = true;
        continue;
      }
      List<RecordedCondition> found = lists.match(coding.getSystem(), coding.getCode());
      recorded.addAll(found);
      known |= !found.isEmpty();
    }
    if (!known) {
      notes.add(FhirIssue.information(IssueType.INFORMATIONAL, at + ".code", "no code list"
          + " holds " + coded(codings) + ", so it does not change the advice"));
    }
  }

  /**
   * The status code, "" when none is given, or null (with a problem) when it is not one of the
   * status's codes.
   */
  private static String status(CodeableConcept status, String system, Set<String> yes,
      Set<String> no, String at, OperationInput input) {
    for (Coding coding : status.getCoding()) {
      if (coding.getSystem() == null || system.equals(coding.getSystem())) {
        String code = coding.getCode() == null ? "" : coding.getCode();
        if (yes.contains(code) || no.contains(code)) {
          return code;
        }
        input.problem(FhirIssue.error(IssueType.CODEINVALID, at, Quote.of(code)
            + " is not a code of " + system));
        return null;
      }
    }
    return "";
  }

  /** The condition's codes, quoted, for a note. */
  private static String coded(List<Coding> codings) {
    List<String> codes = new ArrayList<>();
    for (Coding coding : codings) {
      if (coding.getCode() != null && codes.size() < 3) {
        codes.add(Quote.of((coding.getSystem() == null ? "" : coding.getSystem() + "|")
            + coding.getCode()));
      }
    }
    return String.join(", ", codes);
  }
}
