package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.LocalPostgres;

/**
 * The server rides out its PostgreSQL being stopped and started again (issue 21, point 5): the
 * real server jar on a PostgreSQL of the test's own (never the shared one), stopped for ten
 * seconds while referrals keep coming. Meanwhile each is refused with 503, Retry-After and
 * issue code {@code no-store}, never a 500, and so is an {@code $assess}, whose audit row
 * cannot be written; once PostgreSQL is back on the same port and data,
 * the server takes referrals again by itself, and every referral answered 201 reaches the
 * provider's own FHIR server exactly once, those whose delivery was answered while the
 * database was away included.
 */
class PostgresOutageIT {

  private static final int BEFORE = 10;
  /** Deliveries answered at once; the rest are held, to be answered while PostgreSQL is away. */
  private static final int ANSWERED = BEFORE - 2;
  private static final int AFTER = 10;
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(120);

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(PostgresOutageIT.class);

  @TempDir
  Path dir;

  @Test
  void whilePostgresIsStoppedReferralsAre503AndOnceBackEvery201IsDeliveredOnce()
      throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("postgres").resolve("data"),
            0);
        ProviderEndpoint provider = new ProviderEndpoint().start()) {
      Path data = dir.resolve("data");
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      // A delivery whose outcome could not be recorded is sent again when its lease runs out.
      List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE,
          "--db", postgres.url(), "--data", data.toString(),
          "--directory", directory.toString(), "--first-retry-ms", "100",
          "--delivery-timeout", "5", "--delivery-lease", "10");
      HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_DB_USER",
          LocalPostgres.USER, "RECOVERYLINK_DB_PASSWORD", LocalPostgres.PASSWORD), options);
      provider.holdAnswersAfter(ANSWERED);
      Set<String> created = new HashSet<>(ReferralLoad.refer(List.of(hub.base()), token,
          BEFORE));
      provider.awaitHeld(BEFORE - ANSWERED, WAIT);

      postgres.stop();
      provider.release(); // answered now: the hub cannot record that they were delivered
      Outages outages = new Outages(hub.base(), token);
      int refused = outages.referDuring(OUTAGE);
      // Assessed, but its audit row cannot be written: the answer is not sent without it.
      outages.assertUnavailable(outages.assess());
      outages.awaitReadiness(503, Duration.ofSeconds(15)); // checked every second
      postgres.start();
      System.out.println("PostgreSQL stopped for " + OUTAGE + ": "
          + outages.unavailableTimes());

      assertTrue(refused > 0, "nothing was refused while PostgreSQL was stopped");
      assertEquals(Set.of(), outages.created(), "created while PostgreSQL was stopped");
      outages.referUntilCreated(WAIT);
      outages.awaitReadiness(200, WAIT);
      created.addAll(outages.created());
      created.addAll(ReferralLoad.refer(List.of(hub.base()), token, AFTER));
      Outages.Answer assessed = outages.assess();
      assertEquals(200, assessed.status(), assessed.response().body());

      ReferralLoad.awaitDelivered(provider, created, WAIT);
      ReferralLoad.awaitTasksDelivered(hub.base(), token, created, WAIT);
      List<ProviderEndpoint.Received> delivered = provider.delivered();
      assertEquals(created, ReferralLoad.correlationIds(delivered),
          "the referrals delivered are not those answered 201");
      assertEquals(created.size(), delivered.size(), "a referral was delivered twice");

      String log = hub.log();
      assertTrue(log.contains("store unavailable while serving a request: database unavailable,"
          + " SQL state"), log);
      for (String personal : List.of(Referrals.NHS_NUMBER, "Testpatient", "1980-04-12",
          "SS14")) {
        assertFalse(log.contains(personal), "the log holds " + personal + ":\n" + log);
      }
    }
  }
}
