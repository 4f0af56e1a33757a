package org.recoverylink.fhir.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.referral.Party;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;

/** A Task sent as a change: its status and reason read, the lifecycle's refusals as issues. */
class TaskChangeTest {

  private static Task task(Task.TaskStatus status, CodeableConcept reason) {
    Task task = new Task();
    task.setStatus(status);
    task.setStatusReason(reason);
    return task;
  }

  @Test
  void theStatusAndTheReasonAreRead() {
    TaskChange change = TaskChange.read(task(Task.TaskStatus.REJECTED, new CodeableConcept(
        new Coding(CodeSystems.REJECTION_REASON, "no-capacity", "No capacity"))));

    assertEquals(new TaskChange(TaskStatus.REJECTED, Optional.of("No capacity"), false),
        change);
    assertTrue(change.reroutes());
    assertEquals(Optional.of("Referred in error"), TaskChange.read(task(
        Task.TaskStatus.CANCELLED, new CodeableConcept().setText("Referred in error")))
        .reason());
  }

  @Test
  void aRejectionOfThePersonsChoosingDoesNotReroute() {
    TaskChange change = TaskChange.read(task(Task.TaskStatus.REJECTED, new CodeableConcept(
        new Coding(CodeSystems.REJECTION_REASON, TaskChange.PATIENT_CHOICE, null))));

    assertTrue(change.personsChoice());
    assertEquals(Optional.of(TaskChange.PATIENT_CHOICE), change.reason(), "the code says it");
    assertFalse(change.reroutes());
  }

  @Test
  void aTaskWithoutStatusIsRefused() {
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> TaskChange.read(new Task()));

    assertEquals(IssueType.REQUIRED, refused.issues().get(0).type());
  }

  @Test
  void theLifecyclesRefusalsAreIssuesAtStatusAndStatusReason() {
    TaskChange rejection = TaskChange.read(task(Task.TaskStatus.REJECTED, null));

    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> rejection.check(TaskStatus.REQUESTED, Party.REFERRER));

    assertEquals(List.of("business-rule Task.status", "required Task.statusReason"),
        refused.issues().stream().map(i -> i.type().toCode() + " " + i.expression())
            .toList());
    assertEquals(List.of("only the receiving organisation may set a Task to rejected"),
        refused.issues().stream().limit(1).map(FhirIssue::diagnostics).toList());
    TaskChange.read(task(Task.TaskStatus.ACCEPTED, null)).check(TaskStatus.REQUESTED,
        Party.RECEIVER); // allowed: no refusal
  }
}
