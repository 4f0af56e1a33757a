package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.Databases;

/**
 * Delivery to a provider's own FHIR server (a real HAPI RestfulServer receiving
 * $process-message): once, with the referral's content; retried while the provider is down or
 * busy; 409 counts as delivered; a refusal, or running out of time (only after a last attempt at
 * the maximum age), shows as failed, with the reason, on the Task the referrer reads; a provider
 * that never answers holds up no other provider's referrals. Run on H2 and on PostgreSQL.
 */
abstract class DeliverySuite {

  /** The alcohol referral of the fixture goes to this service (routed, no performer named). */
  private static final String SERVICE = "phoenix-futures-alcohol";
  /** A service of another provider, which the fixture's person may be referred to too. */
  private static final String OTHER_SERVICE = "erf-basildon";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path data;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  private TestHub hub(ProviderEndpoint provider, Duration maxAge) throws Exception {
    return hub(provider, maxAge, Duration.ofMillis(100));
  }

  private TestHub hub(ProviderEndpoint provider, Duration maxAge, Duration firstRetry)
      throws Exception {
    Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
        Map.of(SERVICE, provider.address()));
    return TestHub.start(kind(), ServerOptions.defaults(data.resolve("hub")).toBuilder()
        .directory(directory).deliveryMaxAge(maxAge).firstRetry(firstRetry).build());
  }

  private static ServiceRequest refer(TestHub hub, String identifier) throws Exception {
    return refer(hub, Referrals.referral(identifier));
  }

  private static ServiceRequest refer(TestHub hub, ServiceRequest referral) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, referral);
    assertEquals(201, created.statusCode(), created.body());
    return TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body());
  }

  private static Task awaitTask(TestHub hub, ServiceRequest referral, String businessStatus)
      throws Exception {
    return awaitTask(hub, referral, businessStatus, WAIT);
  }

  private static Task awaitTask(TestHub hub, ServiceRequest referral, String businessStatus,
      Duration wait) throws Exception {
    Bundle tasks = hub.await("Task?focus=ServiceRequest/" + referral.getIdPart(), Role.GP,
        Referrals.PRACTICE, Bundle.class, b -> b.getEntry().size() == 1
            && businessStatus.equals(((Task) b.getEntryFirstRep().getResource())
                .getBusinessStatus().getCodingFirstRep().getCode()), wait);
    return (Task) tasks.getEntryFirstRep().getResource();
  }

  /** Where the delivery of the referral's one Task stands now. */
  private static String businessStatus(TestHub hub, ServiceRequest referral) throws Exception {
    Bundle tasks = hub.read("Task?focus=ServiceRequest/" + referral.getIdPart(), Role.GP,
        Referrals.PRACTICE, Bundle.class);
    assertEquals(1, tasks.getEntry().size());
    return ((Task) tasks.getEntryFirstRep().getResource()).getBusinessStatus()
        .getCodingFirstRep().getCode();
  }

  @Test
  void aReferralArrivesOnceWithItsContent() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, Duration.ofHours(1))) {
      ServiceRequest referral = refer(hub, "R-once");

      List<ProviderEndpoint.Received> delivered = provider.awaitDelivered(1, WAIT);
      Task task = awaitTask(hub, referral, "delivered");

      ProviderEndpoint.Received received = delivered.get(0);
      assertEquals(referral.getIdPart(), received.correlationId());
      Bundle message = received.message();
      assertEquals(List.of(), ServerValidator.get().errors(message));
      MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
      assertEquals(BarsMessage.EVENT, header.getEventCoding().getCode());
      assertEquals(provider.address(), header.getDestinationFirstRep().getEndpoint());
      ServiceRequest sent = message.getEntry().stream().map(e -> e.getResource())
          .filter(ServiceRequest.class::isInstance).map(ServiceRequest.class::cast)
          .findFirst().orElseThrow();
      assertEquals("R-once", sent.getIdentifierFirstRep().getValue());
      assertEquals(Referrals.NHS_NUMBER, message.getEntry().stream()
          .map(e -> e.getResource()).filter(Patient.class::isInstance)
          .map(p -> ((Patient) p).getIdentifierFirstRep()).filter(i -> Systems.NHS_NUMBER
              .equals(i.getSystem())).findFirst().orElseThrow().getValue());
      assertEquals(Task.TaskStatus.REQUESTED, task.getStatus(), "delivered, not yet accepted");
      Thread.sleep(300); // a few idle rounds of the dispatcher: nothing is sent twice
      assertEquals(1, provider.attempts());
      assertEquals(1, hub.count("SELECT COUNT(*) FROM audit_event WHERE operation = ?"
          + " AND entity = ? AND patient = ? AND outcome = 200", "deliver $process-message",
          "ServiceRequest/" + referral.getIdPart(), Referrals.NHS_NUMBER),
          "the disclosure to the provider is audited");
    }
  }

  @Test
  void aProviderThatIsDownGetsTheReferralOnceWhenItIsBack() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, Duration.ofHours(1))) {
      provider.stop();
      ServiceRequest referral = refer(hub, "R-down");
      awaitTask(hub, referral, "retrying");

      provider.start();
      provider.awaitDelivered(1, WAIT);
      awaitTask(hub, referral, "delivered");
      assertEquals(1, provider.delivered().size());
    }
  }

  @Test
  void busyAnswersAreRetriedAndA409CountsAsDelivered() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, Duration.ofHours(1))) {
      provider.answerNext(503, 1);
      provider.answerNext(429, 1);
      provider.answerNext(409, 1); // as a receiver that had it already answers

      ServiceRequest referral = refer(hub, "R-busy");

      awaitTask(hub, referral, "delivered");
      assertEquals(3, provider.attempts());
      assertEquals(List.of(), provider.delivered(), "the 409 was taken as delivered, not resent");
    }
  }

  @Test
  void aRefusalIsFailedWithTheReasonForTheReferrer() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, Duration.ofHours(1))) {
      provider.answerNext(400, 1);

      ServiceRequest referral = refer(hub, "R-refused");

      Task task = awaitTask(hub, referral, "failed");
      assertTrue(task.getNoteFirstRep().getText().contains("HTTP 400"),
          task.getNoteFirstRep().getText());
      Thread.sleep(300);
      assertEquals(1, provider.attempts(), "a refusal is not retried");
    }
  }

  @Test
  void aProcessWithDeliveryOffLeavesItQueuedForOthers() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start()) {
      Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
          Map.of(SERVICE, provider.address()));
      try (TestHub hub = TestHub.start(kind(), ServerOptions.defaults(data.resolve("hub"))
          .toBuilder().directory(directory).delivery(false).build())) {
        ServiceRequest referral = refer(hub, "R-intake-only");

        Thread.sleep(600); // more than two idle rounds of a dispatcher, had there been one
        assertEquals(0, provider.attempts());
        awaitTask(hub, referral, "queued");
      }
    }
  }

  @Test
  void aDeliveryThatOutlivesItsMaximumAgeFails() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, Duration.ofSeconds(1))) {
      provider.stop();

      ServiceRequest referral = refer(hub, "R-late");

      Task task = awaitTask(hub, referral, "failed");
      assertTrue(task.getNoteFirstRep().getText().contains("not delivered within"),
          task.getNoteFirstRep().getText());
    }
  }

  @Test
  void aProviderAnsweringOnly503IsFailedOnlyAfterTheMaximumAgeAndALastAttemptThen()
      throws Exception {
    Duration maxAge = Duration.ofSeconds(3);
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, maxAge)) {
      provider.answerNext(503, 1_000);

      ServiceRequest referral = refer(hub, "R-unavailable");

      Task task = awaitTask(hub, referral, "failed");
      // The hub's own times (to the millisecond): when it took the referral in and queued its
      // delivery, and when the Task last changed, to failed.
      Instant deadline = referral.getMeta().getLastUpdated().toInstant().plus(maxAge);
      Instant failed = task.getMeta().getLastUpdated().toInstant();
      assertFalse(failed.isBefore(deadline), "failed at " + failed + ", before the maximum"
          + " age ran out at " + deadline);
      List<ProviderEndpoint.Received> attempts = provider.received();
      Instant last = attempts.get(attempts.size() - 1).at();
      assertFalse(last.isBefore(deadline), "the last attempt, at " + last + ", was before the"
          + " maximum age ran out at " + deadline);
      String note = task.getNoteFirstRep().getText();
      assertTrue(note.contains(attempts.size() + " attempts"), note);
      assertTrue(note.contains("HTTP 503"), note);
    }
  }

  @Test
  void aProviderBackBeforeTheMaximumAgeGetsTheReferralAtTheLastAttempt() throws Exception {
    Duration maxAge = Duration.ofSeconds(3);
    // A first retry this long would come after the maximum age: the last attempt is at it.
    try (ProviderEndpoint provider = new ProviderEndpoint().start();
        TestHub hub = hub(provider, maxAge, Duration.ofSeconds(30))) {
      provider.answerNext(503, 1); // then it is back

      ServiceRequest referral = refer(hub, "R-back-in-time");

      awaitTask(hub, referral, "delivered");
      assertEquals(2, provider.attempts());
      assertEquals(1, provider.delivered().size());
      Instant deadline = referral.getMeta().getLastUpdated().toInstant().plus(maxAge);
      assertFalse(provider.delivered().get(0).at().isBefore(deadline),
          "delivered before the maximum age, by an attempt that was not the last");
    }
  }

  @Test
  void aProviderThatNeverAnswersHoldsUpNoOtherProvidersReferrals() throws Exception {
    // The hung provider takes each message and never answers.
    try (ProviderEndpoint hung = new ProviderEndpoint().start();
        ProviderEndpoint other = new ProviderEndpoint().start()) {
      Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
          Map.of(SERVICE, hung.address(), OTHER_SERVICE, other.address()));
      try (TestHub hub = TestHub.start(kind(), ServerOptions.defaults(data.resolve("hub"))
          .toBuilder().directory(directory).deliveryMaxAge(Duration.ofHours(1))
          .firstRetry(Duration.ofMillis(100))
          // Two at once to a provider; an attempt waits 10 s for its answer.
          .deliveryTimeout(Duration.ofSeconds(10)).deliveryLease(Duration.ofSeconds(20))
          .deliveryBatch(64).deliveryPerProvider(2).build())) {
        hung.holdAnswersAfter(0);
        List<ServiceRequest> toHung = List.of(refer(hub, "R-hung-1"), refer(hub, "R-hung-2"),
            refer(hub, "R-hung-3"));
        hung.awaitHeld(2, WAIT);

        ServiceRequest toOther = Referrals.referral("R-other");
        toOther.addPerformer(new Reference("HealthcareService/" + OTHER_SERVICE));
        toOther = refer(hub, toOther);

        awaitTask(hub, toOther, "delivered");
        // Meanwhile the hung provider's first attempts are all still waiting for an answer:
        // none has been recorded, and it holds no more than its own two slots.
        for (ServiceRequest referral : toHung) {
          assertEquals("queued", businessStatus(hub, referral));
        }
        assertEquals(2, hung.attempts(), "the hung provider was sent more than its slots");

        // After the per-attempt timeout the two are retried (answered 409: the provider had
        // them), and the third is sent in a freed slot.
        awaitTask(hub, toHung.get(0), "delivered", WAIT.multipliedBy(2));
        awaitTask(hub, toHung.get(1), "delivered", WAIT.multipliedBy(2));
        hung.release();
        for (ServiceRequest referral : toHung) {
          awaitTask(hub, referral, "delivered", WAIT.multipliedBy(2));
        }
        assertEquals(toHung.stream().map(ServiceRequest::getIdPart).sorted().toList(),
            hung.delivered().stream().map(ProviderEndpoint.Received::correlationId).sorted()
                .toList(), "each referral delivered once");
        Set<String> accepted = hung.delivered().stream()
            .map(ProviderEndpoint.Received::requestId).collect(Collectors.toSet());
        assertTrue(hung.received().stream().allMatch(r -> accepted.contains(r.requestId())),
            "a message that was neither delivered nor a resend of one");
        assertEquals(1, other.attempts());
        assertEquals(1, other.delivered().size());
      }
    }
  }
}
