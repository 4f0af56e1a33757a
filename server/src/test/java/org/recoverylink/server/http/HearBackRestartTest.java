package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.hub.PublicReferral;

/**
 * A telling outlives the server: with GOV.UK Notify failing, the text waits in the outbox; the
 * server stops and a new one starts on the same data; Notify is back, and the text is sent, once.
 */
class HearBackRestartTest {

  private static final String SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path data;

  private ServerSettings settings(NotifyStandIn notify) {
    return ServerSettings.builder(ServerOptions.defaults(data).toBuilder().pageRate(100_000)
        .build()).hearBack(HearBackSettings.parse("notify.base-url=" + notify.base()
            + "\nnotify.sms-template=" + SMS_TEMPLATE, Optional.of(NotifyStandIn.API_KEY),
            "test").withPace(Duration.ofHours(1), Duration.ofMillis(100), Duration.ofDays(1),
            Duration.ofSeconds(10))).build();
  }

  @Test
  void aTextQueuedBeforeARestartIsSentOnceAfterIt() throws Exception {
    try (NotifyStandIn notify = new NotifyStandIn()) {
      notify.failNext(Integer.MAX_VALUE);
      String task;
      try (TestHub hub = TestHub.start(settings(notify))) {
        PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())), new Personas(
            "Self, texts", "self", "", true, "Ed", "Restart", LocalDate.of(1982, 4, 4),
            "CM1 1AA", "", List.of("alcohol"), List.of(), false, List.of("text")),
            Optional.empty(), true);
        task = onlyTask(hub);
        String owner = owner(hub, task);
        Task current = hub.read("Task/" + task, Role.PROVIDER, owner, Task.class);
        current.setStatus(Task.TaskStatus.ACCEPTED);
        assertEquals(200, hub.send("PUT", "Task/" + task, Role.PROVIDER, owner, current)
            .statusCode());
        Instant end = Instant.now().plus(WAIT);
        while (notify.requests() < 2) { // tried, and tried again: Notify is failing
          assertTrue(Instant.now().isBefore(end), "Notify was not tried");
          Thread.sleep(50);
        }
      }
      assertEquals(List.of(), notify.taken());
      notify.failNext(0);
      try (TestHub hub = TestHub.start(settings(notify))) {
        notify.await(1, WAIT);
        Instant end = Instant.now().plus(WAIT);
        while (hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND state = 'sent'",
            task) < 1) {
          assertTrue(Instant.now().isBefore(end), "not marked sent");
          Thread.sleep(50);
        }
        assertEquals(1, notify.taken().size(), "sent once: " + notify.taken());
        assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", task));
      }
    }
  }

  private static String onlyTask(TestHub hub) throws Exception {
    try (Connection db = hub.connect(); PreparedStatement select = db.prepareStatement(
        "SELECT t.id FROM task t JOIN referral r ON r.id = t.referral WHERE r.requester = ?")) {
      select.setString(1, PublicReferral.ORGANISATION);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next());
        return row.getString(1);
      }
    }
  }

  private static String owner(TestHub hub, String task) throws Exception {
    try (Connection db = hub.connect(); PreparedStatement select = db.prepareStatement(
        "SELECT owner FROM task WHERE id = ?")) {
      select.setString(1, task);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }
}
