package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
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
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.Databases;

/**
 * PUT Task (docs/http-api.md "Refer"): the receiving service accepts, starts and completes; the
 * referrer cancels; anything else is a 422 that changes nothing; a rejection not of the person's
 * choosing goes on to the next eligible service, and both Tasks say so.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskUpdateSuite {

  /** Where the fixture's referral is routed, and its organisation's token org. */
  private static final String PHOENIX = "phoenix-futures";

  private TestHub hub;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  private Task referAndGetTask(String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return tasks(id).get(0);
  }

  private List<Task> tasks(String referral) throws Exception {
    return hub.read("Task?focus=ServiceRequest/" + referral, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  private HttpResponse<String> put(Task task, String status, Role role, String org,
      CodeableConcept reason) throws Exception {
    Task change = task.copy();
    change.setStatus(Task.TaskStatus.fromCode(status));
    change.setStatusReason(reason);
    return hub.send("PUT", "Task/" + task.getIdPart(), role, org, change);
  }

  private Task ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    Task task = TestHub.FHIR.newJsonParser().parseResource(Task.class, response.body());
    assertEquals(List.of(), ServerValidator.get().errors(task));
    return task;
  }

  private static List<String> refused(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    return TestHub.FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body())
        .getIssue().stream().map(i -> i.getExpression().isEmpty() ? ""
            : i.getExpression().get(0).getValue()).toList();
  }

  @Test
  void theReceiverAcceptsStartsAndCompletesAndTheReferrerSeesIt() throws Exception {
    Task task = referAndGetTask("T-flow");

    Task accepted = ok(put(task, "accepted", Role.PROVIDER, PHOENIX, null));
    Task started = ok(put(accepted, "in-progress", Role.PROVIDER, PHOENIX, null));
    ok(put(started, "completed", Role.PROVIDER, PHOENIX, null));

    Task seen = hub.read("Task/" + task.getIdPart(), Role.GP, Referrals.PRACTICE, Task.class);
    assertEquals(Task.TaskStatus.COMPLETED, seen.getStatus());
    assertEquals("4", seen.getMeta().getVersionId());
  }

  @Test
  void anIllegalOrForeignChangeIsRefusedAndChangesNothing() throws Exception {
    Task task = referAndGetTask("T-illegal");

    assertEquals(List.of("Task.status"), refused(put(task, "completed", Role.PROVIDER, PHOENIX,
        null), 422), "requested cannot jump to completed");
    assertEquals(List.of("Task.status"), refused(put(task, "accepted", Role.GP,
        Referrals.PRACTICE, null), 422), "only the receiver accepts");
    assertEquals(List.of("Task.statusReason"), refused(put(task, "rejected", Role.PROVIDER,
        PHOENIX, null), 422), "a rejection says why");
    refused(put(task, "accepted", Role.PROVIDER, "open-road", null), 404);
    refused(put(task, "accepted", Role.GP, "B82005", null), 404);

    Task unchanged = hub.read("Task/" + task.getIdPart(), Role.GP, Referrals.PRACTICE,
        Task.class);
    assertEquals(Task.TaskStatus.REQUESTED, unchanged.getStatus());
    assertEquals(task.getMeta().getVersionId(), unchanged.getMeta().getVersionId());
  }

  @Test
  void aStaleVersionIsRefusedWith412() throws Exception {
    Task task = referAndGetTask("T-stale");
    Task change = task.copy().setStatus(Task.TaskStatus.ACCEPTED);
    HttpResponse<String> stale = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(hub.base() + "/Task/" + task.getIdPart()))
        .PUT(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
            .encodeResourceToString(change)))
        .header("Content-Type", "application/fhir+json").header("If-Match", "W/\"7\"")
        .header("Authorization", "Bearer " + hub.token(Role.PROVIDER, PHOENIX)).build(),
        HttpResponse.BodyHandlers.ofString());

    refused(stale, 412);
  }

  @Test
  void aRejectionForCapacityGoesOnToTheNextEligibleService() throws Exception {
    Task task = referAndGetTask("T-reroute");

    Task rejected = ok(put(task, "rejected", Role.PROVIDER, PHOENIX,
        new CodeableConcept(new Coding(CodeSystems.REJECTION_REASON, "no-capacity",
            "No capacity"))));

    assertEquals(Task.TaskStatus.REJECTED, rejected.getStatus());
    List<Task> tasks = tasks(rejected.getFocus().getReferenceElement().getIdPart());
    assertEquals(2, tasks.size());
    Task onward = tasks.stream().filter(t -> !t.getIdPart().equals(task.getIdPart()))
        .findFirst().orElseThrow();
    assertEquals(Task.TaskStatus.REQUESTED, onward.getStatus());
    // Phoenix is the county's only alcohol service: the single point of contact takes it on.
    assertEquals("Organization/open-road", onward.getOwner().getReference());
    assertTrue(rejected.getNoteFirstRep().getText().contains("re-routed to Open Road single"
        + " point of contact"), rejected.getNoteFirstRep().getText());
    assertTrue(onward.getNoteFirstRep().getText().contains("No capacity"),
        onward.getNoteFirstRep().getText());
    assertEquals(1, hub.read("Task?status=requested", Role.PROVIDER, "open-road", Bundle.class)
        .getEntry().stream().filter(e -> e.getResource().getIdElement().getIdPart()
            .equals(onward.getIdPart())).count(), "on the next service's worklist");
  }

  @Test
  void aRejectionByThePersonsChoiceGoesNowhereElse() throws Exception {
    Task task = referAndGetTask("T-choice");

    ok(put(task, "rejected", Role.PROVIDER, PHOENIX, new CodeableConcept(new Coding(
        CodeSystems.REJECTION_REASON, "patient-choice", "The person chose not to attend"))));

    assertEquals(1, tasks(task.getFocus().getReferenceElement().getIdPart()).size());
  }

  @Test
  void theReferrerCancelsWithAReason() throws Exception {
    Task task = referAndGetTask("T-cancel");

    assertEquals(List.of("Task.statusReason"), refused(put(task, "cancelled", Role.GP,
        Referrals.PRACTICE, null), 422));
    Task cancelled = ok(put(task, "cancelled", Role.GP, Referrals.PRACTICE,
        new CodeableConcept().setText("Referred in error")));

    assertEquals(Task.TaskStatus.CANCELLED, cancelled.getStatus());
    assertEquals("Referred in error", cancelled.getStatusReason().getText());
    assertEquals(List.of("Task.status"), refused(put(cancelled, "accepted", Role.PROVIDER,
        PHOENIX, null), 422), "nothing after a cancellation");
  }
}
