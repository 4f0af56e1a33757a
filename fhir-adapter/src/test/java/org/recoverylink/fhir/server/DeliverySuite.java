package org.recoverylink.fhir.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.fhir.referral.ProviderEndpoint;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.store.Databases;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * Delivery to a provider's own FHIR server (a real HAPI RestfulServer receiving
 * $process-message): once, with the referral's content; retried while the provider is down or
 * busy; 409 counts as delivered; a refusal or running out of time shows as failed, with the
 * reason, on the Task the referrer reads. Run on H2 and on PostgreSQL.
 */
abstract class DeliverySuite {

  /** The alcohol referral of the fixture goes to this service (routed, no performer named). */
  private static final String SERVICE = "phoenix-futures-alcohol";
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path data;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  private TestHub hub(ProviderEndpoint provider, Duration maxAge) throws Exception {
    Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
        Map.of(SERVICE, provider.address()));
    return TestHub.start(kind(), ServerOptions.defaults(data.resolve("hub")).withDirectory(directory)
        .withDelivery(maxAge, Duration.ofMillis(100)));
  }

  private static ServiceRequest refer(TestHub hub, String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    return TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body());
  }

  private static Task awaitTask(TestHub hub, ServiceRequest referral, String businessStatus)
      throws Exception {
    Bundle tasks = hub.await("Task?focus=ServiceRequest/" + referral.getIdPart(), Role.GP,
        Referrals.PRACTICE, Bundle.class, b -> b.getEntry().size() == 1
            && businessStatus.equals(((Task) b.getEntryFirstRep().getResource())
                .getBusinessStatus().getCodingFirstRep().getCode()), WAIT);
    return (Task) tasks.getEntryFirstRep().getResource();
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
      assertEquals(List.of(), SharedValidator.get().errors(message));
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
          .withDirectory(directory).withDelivery(false))) {
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
}
