package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.Databases;

/**
 * The lease on a delivery is {@code --delivery-lease}: a server process killed while its
 * deliveries wait for the provider's answer leaves them leased for that long, no longer, and
 * another process on the same PostgreSQL database resends them once it runs out, not before;
 * each reaches the provider once (the resend is answered 409).
 */
class LeaseIT {

  private static final int REFERRALS = 3;
  /** Shorter than the default of a minute, which the process would otherwise take. */
  private static final Duration LEASE = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(LeaseIT.class);

  @TempDir
  Path dir;

  @Test
  void aDeadProcesssDeliveriesAreResentByAnotherWhenTheConfiguredLeaseRunsOut()
      throws Exception {
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open();
        ProviderEndpoint provider = new ProviderEndpoint().start()) {
      Path data = dir.resolve("data");
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      // An attempt waits 10 s for its answer: the first process dies well within that.
      List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE, "--db", db.url(),
          "--data", data.toString(),
          "--directory", directory.toString(), "--first-retry-ms", "100",
          "--delivery-timeout", "10", "--delivery-lease", Long.toString(LEASE.toSeconds()));
      Map<String, String> credentials = Map.of("RECOVERYLINK_DB_USER", db.user(),
          "RECOVERYLINK_DB_PASSWORD", db.password());
      provider.holdAnswersAfter(0); // it takes each message and keeps the answer back

      Set<String> created;
      try (HubProcesses.Hub first = hubs.start("first", credentials, options)) {
        created = ReferralLoad.refer(List.of(first.base()), token, REFERRALS);
        provider.awaitHeld(REFERRALS, WAIT);
        first.kill();
      }
      Map<String, Instant> leasedUntil = leases(db);
      Map<String, Instant> firstSent = provider.received().stream().collect(Collectors.toMap(
          ProviderEndpoint.Received::requestId, ProviderEndpoint.Received::at));
      assertEquals(firstSent.keySet(), leasedUntil.keySet(), "the dead process's deliveries");
      for (String id : firstSent.keySet()) {
        // Claimed before it was sent, so leased until no later than the lease after sending.
        assertFalse(leasedUntil.get(id).isAfter(firstSent.get(id).plus(LEASE)),
            "leased until " + leasedUntil.get(id) + ", more than " + LEASE + " after it was"
                + " sent at " + firstSent.get(id));
      }
      provider.release(); // what it held, it has: a resend gets 409

      try (HubProcesses.Hub second = hubs.start("second", credentials, options)) {
        ReferralLoad.awaitTasksDelivered(second.base(), token, created, WAIT);
      }
      assertEquals(created, ReferralLoad.correlationIds(provider.delivered()));
      assertEquals(REFERRALS, provider.delivered().size(), "a referral was delivered twice");
      Map<String, List<Instant>> arrivals = provider.received().stream().collect(
          Collectors.groupingBy(ProviderEndpoint.Received::requestId,
              Collectors.mapping(ProviderEndpoint.Received::at, Collectors.toList())));
      assertEquals(leasedUntil.keySet(), arrivals.keySet());
      for (String id : arrivals.keySet()) {
        List<Instant> at = arrivals.get(id);
        assertEquals(2, at.size(), "sent once by each process: " + at);
        assertFalse(at.get(1).isBefore(leasedUntil.get(id)), "resent at " + at.get(1)
            + ", before its lease ran out at " + leasedUntil.get(id));
      }
    }
  }

  /** Deliveries still pending, and until when each is leased (its next attempt). */
  private static Map<String, Instant> leases(Databases.Scratch db) throws Exception {
    Map<String, Instant> leases = new HashMap<>();
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id, next_attempt FROM outbox"
            + " WHERE state = 'pending' AND attempts = 0")) {
      while (rows.next()) {
        leases.put(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
    return leases;
  }
}
