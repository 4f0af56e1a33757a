package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The outbox survives a crash (the hub issue's acceptance test): the real server jar takes 1,000
 * referrals for a provider with its own FHIR endpoint, is killed with SIGKILL while deliveries
 * are in flight, and is started again on the same data. Every referral answered 201 reaches the
 * provider exactly once, and every Task ends {@code delivered}.
 *
 * <p>Takes a little over a minute: what the killed process had claimed comes due again only when
 * its lease ({@code --delivery-lease}, by default twice the 30 s {@code --delivery-timeout})
 * runs out, as it would in production.
 */
class HubCrashIT {

  private static final int REFERRALS = 1000;
  /** Deliveries the provider answers before it keeps its answers back, for the kill. */
  private static final int ANSWERED = 100;
  private static final Duration WAIT = Duration.ofSeconds(120);

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(HubCrashIT.class);

  @TempDir
  Path dir;

  @Test
  void everyReferralAnswered201IsDeliveredOnceThoughTheServerIsKilledMidDelivery()
      throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start()) {
      Path data = dir.resolve("data");
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE, "--data",
          data.toString(), "--directory", directory.toString(), "--first-retry-ms", "100");
      HubProcesses.Hub first = hubs.start("first", Map.of(), options);
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      provider.holdAnswersAfter(ANSWERED);

      Set<String> created = ReferralLoad.refer(List.of(first.base()), token, REFERRALS);

      // The provider has taken messages it has not answered yet: the hub dies mid-send, and
      // behind those the rest wait in the outbox.
      provider.awaitHeld(1, WAIT);
      first.kill();
      List<ProviderEndpoint.Received> beforeKill = provider.received();
      assertTrue(provider.delivered().size() < created.size(), "nothing left to deliver");
      provider.release(); // what it held, it has: a resend gets 409

      HubProcesses.Hub second = hubs.start("second", Map.of(), options);
      ReferralLoad.awaitDelivered(provider, created, WAIT);
      ReferralLoad.awaitTasksDelivered(second.base(), token, created, WAIT);

      List<ProviderEndpoint.Received> delivered = provider.delivered();
      assertEquals(created, ReferralLoad.correlationIds(delivered),
          "the referrals delivered are not those answered 201");
      assertEquals(created.size(), delivered.size(), "a referral was delivered twice");
      // Sent again: what the first process had sent but not recorded, and nothing else.
      Set<String> sentAgain = ReferralLoad.sentAgain(provider.received());
      assertFalse(sentAgain.isEmpty(), "the deliveries in flight at the kill were not resent");
      Set<String> sentBefore = beforeKill.stream().map(ProviderEndpoint.Received::requestId)
          .collect(Collectors.toSet());
      assertTrue(sentBefore.containsAll(sentAgain), "sent twice, though not in flight at the"
          + " kill: " + sentAgain.stream().filter(id -> !sentBefore.contains(id)).toList());
    }
  }
}
