package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;

/**
 * The Task service's answers besides the lifecycle's: a Task sent under another id, one with no
 * status, the status it already has, and a rejection when no other eligible service is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TaskServiceRefusalsTest {

  private static final String PHOENIX = "phoenix-futures";

  private TestHub hub;

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(ServerOptions.defaults(data));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  void aTaskSentUnderAnotherIdIs400AndChangesNothing() throws Exception {
    Task task = refer("S-id");
    Task change = task.copy().setStatus(Task.TaskStatus.ACCEPTED);
    change.setId("another");

    assertEquals(IssueTypeAt.of(400, OperationOutcome.IssueType.INVALID), refused(
        hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER, PHOENIX, change)));
    assertEquals(task.getMeta().getVersionId(), read(task).getMeta().getVersionId());
  }

  @Test
  void aTaskWithoutStatusIs422() throws Exception {
    Task task = refer("S-status");
    Task change = task.copy();
    change.setStatus(null);

    assertEquals(IssueTypeAt.of(422, OperationOutcome.IssueType.REQUIRED), refused(
        hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER, PHOENIX, change)));
  }

  @Test
  void theStatusItHasAlreadyChangesNothing() throws Exception {
    Task task = refer("S-same");

    HttpResponse<String> same = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER,
        PHOENIX, task.copy());

    assertEquals(200, same.statusCode(), same.body());
    assertEquals(task.getMeta().getVersionId(), read(task).getMeta().getVersionId());
  }

  @Test
  void whenNoOtherEligibleServiceIsLeftTheReferrerDecides() throws Exception {
    Task first = refer("S-none");
    reject(first, PHOENIX);
    Task onward = tasks(first).stream().filter(t -> !t.getIdPart().equals(first.getIdPart()))
        .findFirst().orElseThrow();

    Task last = reject(onward, "open-road");

    assertTrue(last.getNoteFirstRep().getText().contains("no other eligible service is left"),
        last.getNoteFirstRep().getText());
    assertEquals(2, tasks(first).size(), "no third Task");
  }

  /** The status and the first issue's type of a refusal. */
  private record IssueTypeAt(int status, OperationOutcome.IssueType type) {
    static IssueTypeAt of(int status, OperationOutcome.IssueType type) {
      return new IssueTypeAt(status, type);
    }
  }

  private static IssueTypeAt refused(HttpResponse<String> response) {
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, response.body());
    return IssueTypeAt.of(response.statusCode(), outcome.getIssueFirstRep().getCode());
  }

  private Task reject(Task task, String org) throws Exception {
    Task change = task.copy().setStatus(Task.TaskStatus.REJECTED);
    change.setStatusReason(new CodeableConcept(new Coding(CodeSystems.REJECTION_REASON,
        "no-capacity", "No capacity")));
    HttpResponse<String> response = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER,
        org, change);
    assertEquals(200, response.statusCode(), response.body());
    return TestHub.FHIR.newJsonParser().parseResource(Task.class, response.body());
  }

  private Task refer(String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return hub.read("Task?focus=ServiceRequest/" + id, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).findFirst()
        .orElseThrow();
  }

  private Task read(Task task) throws Exception {
    return hub.read("Task/" + task.getIdPart(), Role.GP, Referrals.PRACTICE, Task.class);
  }

  private List<Task> tasks(Task task) throws Exception {
    return hub.read("Task?focus=" + task.getFocus().getReference(), Role.GP,
        Referrals.PRACTICE, Bundle.class).getEntry().stream()
        .map(e -> (Task) e.getResource()).toList();
  }
}
