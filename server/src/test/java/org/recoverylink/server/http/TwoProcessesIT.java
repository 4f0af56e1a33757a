package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.MessageHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.Databases;

/**
 * Two server processes on one PostgreSQL database share the outbox (the hub issue's acceptance
 * test): 1,000 referrals taken in by both reach the provider once each, both deliver, and every
 * Task ends {@code delivered}; the same message posted to both at the same moment is taken in
 * once, the other answered 409. Fails, never skips, without the database .ci/postgres sets up.
 */
class TwoProcessesIT {

  private static final int REFERRALS = 1000;
  /** Messages each sent to both processes at the same moment. */
  private static final int PAIRS = 30;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(TwoProcessesIT.class);

  @TempDir
  Path dir;

  @Test
  void twoServersOnOneDatabaseDeliverEachReferralOnce() throws Exception {
    // A schema of its own, migrated here: the servers find it ready, so they may start at once.
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open();
        ProviderEndpoint provider = new ProviderEndpoint().start()) {
      // --data holds only the development signing key with --db. Made before either starts,
      // so that both trust the one key the tokens are signed with.
      Path data = dir.resolve("data");
      // Each process has a public address of its own, named as its messages' source, so the
      // provider can tell who sent what; the token names no audience, so both take it.
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), null);
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      List<String> options = List.of("--db", db.url(), "--data", data.toString(),
          "--directory", directory.toString(), "--first-retry-ms", "100");
      String oneBase = "https://one.recoverylink.test/fhir";
      String twoBase = "https://two.recoverylink.test/fhir";
      Map<String, String> credentials = Map.of("RECOVERYLINK_DB_USER", db.user(),
          "RECOVERYLINK_DB_PASSWORD", db.password());
      // Closed (killed) before the schema is dropped, which would wait for their transactions.
      try (HubProcesses.Hub one = hubs.launch("one", credentials, with(options, oneBase));
          HubProcesses.Hub two = hubs.launch("two", credentials, with(options, twoBase))) {
        one.awaitReady();
        two.awaitReady();

        Set<String> created = ReferralLoad.refer(List.of(one.base(), two.base()), token,
            REFERRALS);

        ReferralLoad.awaitDelivered(provider, created, WAIT);
        ReferralLoad.await("every Task delivered", () -> count(db,
            "SELECT business_status, COUNT(*) FROM task GROUP BY business_status"),
            Map.of("delivered", REFERRALS)::equals, WAIT);

        List<ProviderEndpoint.Received> delivered = provider.delivered();
        assertEquals(created, ReferralLoad.correlationIds(delivered),
            "the referrals delivered are not those answered 201");
        assertEquals(created.size(), delivered.size(), "a referral was delivered twice");
        // Nothing failed here, so nothing is sent twice: neither process sends what the other
        // has claimed.
        Set<String> sentAgain = ReferralLoad.sentAgain(provider.received());
        assertTrue(sentAgain.isEmpty(), sentAgain.size() + " deliveries sent again");
        assertEquals(Map.of("delivered 1", REFERRALS), count(db,
            "SELECT state || ' ' || attempts, COUNT(*) FROM outbox GROUP BY state, attempts"));
        // Each process names its own public base as the messages' source: both delivered some.
        Map<String, Long> bySource = delivered.stream().collect(Collectors.groupingBy(
            r -> ((MessageHeader) r.message().getEntryFirstRep().getResource()).getSource()
                .getEndpoint(), TreeMap::new, Collectors.counting()));
        assertEquals(Set.of(oneBase, twoBase), bySource.keySet(), bySource.toString());
      }
    }
  }

  private static List<String> with(List<String> options, String publicBase) {
    List<String> all = new java.util.ArrayList<>(options);
    all.addAll(List.of("--public-base-url", publicBase));
    return all;
  }

  @Test
  void theSameMessageAtBothServersAtOnceIsTakenInOnce() throws Exception {
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open()) {
      Path data = dir.resolve("data");
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE, "--db", db.url(),
          "--data", data.toString());
      Map<String, String> credentials = Map.of("RECOVERYLINK_DB_USER", db.user(),
          "RECOVERYLINK_DB_PASSWORD", db.password());
      try (HubProcesses.Hub one = hubs.launch("one", credentials, options);
          HubProcesses.Hub two = hubs.launch("two", credentials, options)) {
        one.awaitReady();
        two.awaitReady();

        Map<String, List<Integer>> answers = MessagePairs.fire(one.base(), two.base(), token,
            "pair", PAIRS);

        Map<String, List<Integer>> wrong = new TreeMap<>(answers);
        wrong.values().removeIf(List.of(201, 409)::equals);
        assertEquals(Map.of(), wrong, "pairs not answered 201 and 409");
        Map<String, Integer> stored = count(db, "SELECT identifier_value, COUNT(*)"
            + " FROM referral GROUP BY identifier_value");
        assertEquals(PAIRS, stored.size());
        assertEquals(Set.of(1), Set.copyOf(stored.values()), "one referral per message");
      }
    }
  }

  /** A query of (key, count) rows, as a map. */
  private static Map<String, Integer> count(Databases.Scratch db, String sql) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    try (Connection connection = db.connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getInt(2));
      }
    }
    return counts;
  }
}
