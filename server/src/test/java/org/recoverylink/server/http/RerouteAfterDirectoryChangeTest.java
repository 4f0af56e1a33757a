package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;

/**
 * A re-route routes from the facts kept with the referral, over the directory of the day: a
 * directory changed between the referral and the rejection (the server restarted on the same
 * data with another {@code --directory}) re-routes to the next eligible service of the new one,
 * as does a referral stored before the facts were kept (its facts are derived once, and kept).
 */
class RerouteAfterDirectoryChangeTest {

  /** Where the fixture's referral is routed first, and its organisation. */
  private static final String FIRST = "phoenix-futures-alcohol";
  private static final String PHOENIX = "phoenix-futures";

  @Test
  void aRejectionAfterTheFirstServiceLeftTheDirectoryGoesToTheNextOfTheNewOne(
      @TempDir Path data) throws Exception {
    Path directory = write(data.resolve("directory.json"), s -> true);
    ServerOptions options = ServerOptions.builder(data).directory(directory).build();
    Task task;
    try (TestHub hub = TestHub.start(options)) {
      task = refer(hub, "D-left");
      assertEquals("Organization/" + PHOENIX, task.getOwner().getReference());
    }
    write(directory, s -> !s.id().equals(FIRST)); // the service is gone from the new one

    try (TestHub hub = TestHub.start(options)) {
      Task rejected = rejectForCapacity(hub, task);

      assertTrue(rejected.getNoteFirstRep().getText().contains("rejected by " + FIRST),
          rejected.getNoteFirstRep().getText());
      Task onward = onward(hub, task);
      assertEquals("Organization/open-road", onward.getOwner().getReference());
      assertEquals(Task.TaskStatus.REQUESTED, onward.getStatus());
      assertTrue(rejected.getNoteFirstRep().getText().contains("re-routed to Open Road"),
          rejected.getNoteFirstRep().getText());
    }
  }

  @Test
  void aReferralStoredBeforeItsFactsWereKeptHasThemDerivedOnceAndKept(@TempDir Path data)
      throws Exception {
    try (TestHub hub = TestHub.start(ServerOptions.defaults(data))) {
      Task task = refer(hub, "D-legacy");
      String referral = task.getFocus().getReferenceElement().getIdPart();
      try (Connection db = hub.connect(); PreparedStatement delete = db.prepareStatement(
          "DELETE FROM referral_routing WHERE referral = ?")) { // as before migration V11
        delete.setString(1, referral);
        assertEquals(1, delete.executeUpdate());
      }

      rejectForCapacity(hub, task);

      assertEquals("Organization/open-road", onward(hub, task).getOwner().getReference());
      assertEquals(1, hub.count("SELECT COUNT(*) FROM referral_routing WHERE referral = ?"
          + " AND outward_code = 'SS14' AND substances = 'alcohol'", referral));
    }
  }

  @Test
  void theRoutingFactsAreKeptWithTheReferralAndNameNoOne(@TempDir Path data) throws Exception {
    try (TestHub hub = TestHub.start(ServerOptions.defaults(data))) {
      String referral = refer(hub, "D-facts").getFocus().getReferenceElement().getIdPart();

      // Born 1980-04-12: the age, never the birth date; the outward code, never the postcode.
      assertEquals(1, hub.count("SELECT COUNT(*) FROM referral_routing WHERE referral = ?"
          + " AND age >= 46 AND outward_code = 'SS14' AND substances = 'alcohol'"
          + " AND circumstances = '' AND source IS NULL", referral));
    }
  }

  private static Task refer(TestHub hub, String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return tasks(hub, id).get(0);
  }

  private static Task rejectForCapacity(TestHub hub, Task task) throws Exception {
    Task change = task.copy().setStatus(Task.TaskStatus.REJECTED);
    change.setStatusReason(new CodeableConcept(new Coding(CodeSystems.REJECTION_REASON,
        "no-capacity", "No capacity")));
    HttpResponse<String> response = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER,
        PHOENIX, change);
    assertEquals(200, response.statusCode(), response.body());
    return TestHub.FHIR.newJsonParser().parseResource(Task.class, response.body());
  }

  private static Task onward(TestHub hub, Task first) throws Exception {
    List<Task> all = tasks(hub, first.getFocus().getReferenceElement().getIdPart());
    assertEquals(2, all.size());
    return all.stream().filter(t -> !t.getIdPart().equals(first.getIdPart())).findFirst()
        .orElseThrow();
  }

  private static List<Task> tasks(TestHub hub, String referral) throws Exception {
    return hub.read("Task?focus=ServiceRequest/" + referral, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  /** The Essex directory with only the services kept, as {@code --directory} reads it. */
  private static Path write(Path file, Predicate<Service> kept) throws Exception {
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder(essex.version().id(),
        essex.version().version() + (file.toFile().exists() ? "-changed" : ""),
        essex.geography());
    essex.services().stream().filter(kept).forEach(builder::service);
    Files.writeString(file, new DirectoryBundle(TestHub.FHIR).writeJson(builder.build()),
        StandardCharsets.UTF_8);
    return file;
  }
}
