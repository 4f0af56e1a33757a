package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.referral.RoutingFacts;

/**
 * Migration V10 moves the message ids of referrals taken in before it to the table they are
 * now claimed in: after an upgrade, a BaRS message received before it is still a duplicate.
 */
class ReceivedMessageMigrationTest {

  @Test
  void aMessageTakenInBeforeTheUpgradeIsStillADuplicateAfterIt(@TempDir Path data)
      throws Exception {
    String url = "jdbc:h2:file:" + data.toAbsolutePath().resolve("recoverylink");
    Flyway.configure().dataSource(url, "recoverylink", "").target("6").load().migrate();
    try (Connection connection = DriverManager.getConnection(url, "recoverylink", "");
        Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO referral (id, requester, identifier_system,"
          + " identifier_value, message_id, patient, created, resource, source, destination,"
          + " after_screening) VALUES ('r-1', 'A81001', 'https://gp.example/Id', 'R-1',"
          + " 'req-before', '9434765919', TIMESTAMP WITH TIME ZONE '2026-11-20 10:00:00+00',"
          + " '{}', 'gp', 'phoenix-futures-alcohol', TRUE)");
    }

    try (Store store = Store.embedded(data)) {
      Instant now = Instant.parse("2026-12-01T09:00:00Z");
      ReferralStore.Referral again = new ReferralStore.Referral("r-2", "A81001", "9434765919",
          now, "{}");
      ReferralStore.Keys keys = new ReferralStore.Keys(Optional.of("https://gp.example/Id"),
          Optional.of("R-1"), Optional.of("req-before"));
      ReferralStore.Task task = new ReferralStore.Task("t-2", "r-2", "phoenix-futures-alcohol",
          "phoenix-futures", "A81001", "requested", "worklist", Optional.empty(),
          Optional.empty(), 1, now, now);
      ReferralStore referrals = new ReferralStore(store);

      assertThrows(DuplicateMessageException.class, () -> referrals.create(again, keys,
          new ReferralStore.Facts("gp", "phoenix-futures-alcohol", false, Set.of(), Set.of()),
          new RoutingFacts(40, LocalDate.of(2026, 12, 1), Optional.empty(), List.of(), Set.of(),
              Set.of(), Optional.empty()), task, Optional.empty(), new AuditTrail.Entry(now,
              Optional.empty(), 'C', "POST $process-message", Optional.empty(), Optional.empty(),
              409)));
      assertEquals("r-1", store.transaction(connection -> {
        try (Statement statement = connection.createStatement();
            var row = statement.executeQuery("SELECT referral FROM received_message"
                + " WHERE id = 'req-before'")) {
          row.next();
          return row.getString(1);
        }
      }));
    }
  }
}
