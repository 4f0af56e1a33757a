package org.recoverylink.server.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recoverylink.server.delivery.ProviderEndpoint.Received;

/** The test provider's own rules, over real HTTP, before the hub's delivery tests rely on it. */
class ProviderEndpointTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String EVENTS = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final HttpClient http = client();
  private ProviderEndpoint provider;

  @BeforeEach
  void start() {
    provider = new ProviderEndpoint().start();
  }

  @AfterEach
  void stop() {
    provider.close();
  }

  @Test
  void acceptsAMessageOnceAndRecordsItWithItsHeaders() throws Exception {
    String serviceRequestId = UUID.randomUUID().toString();
    HttpResponse<String> response = post(http, "req-1", "conv-1", message(serviceRequestId));

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("req-1", response.headers().firstValue("X-Request-ID").orElse(null));
    assertEquals("conv-1", response.headers().firstValue("X-Correlation-ID").orElse(null));
    FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());

    List<Received> delivered = provider.awaitDelivered(1, WAIT);
    assertEquals(1, delivered.size());
    Received received = delivered.get(0);
    assertEquals("req-1", received.requestId());
    assertEquals("conv-1", received.correlationId());
    MessageHeader header = (MessageHeader) received.message().getEntryFirstRep().getResource();
    assertEquals("servicerequest-request", header.getEventCoding().getCode());
    assertEquals("urn:uuid:" + serviceRequestId, header.getFocusFirstRep().getReference());
    assertEquals(1, provider.attempts());
  }

  @Test
  void aRepeatedRequestIdIsAConflictAndNotASecondDelivery() throws Exception {
    String body = message(UUID.randomUUID().toString());
    assertEquals(200, post(http, "req-dup", "conv-1", body).statusCode());

    HttpResponse<String> again = post(http, "req-dup", "conv-1", body);

    assertEquals(409, again.statusCode());
    assertEquals("req-dup", again.headers().firstValue("X-Request-ID").orElse(null));
    assertEquals("conv-1", again.headers().firstValue("X-Correlation-ID").orElse(null));
    assertIssue(again, OperationOutcome.IssueType.DUPLICATE, "REC_CONFLICT");
    assertEquals(1, provider.delivered().size());
    assertEquals(2, provider.attempts());
  }

  @Test
  void programmedFailuresComeFirstAndAreNotDeliveries() throws Exception {
    provider.answerNext(503, 2);
    String body = message(UUID.randomUUID().toString());

    HttpResponse<String> first = post(http, "req-retry", "conv-1", body);
    assertEquals(503, first.statusCode());
    assertIssue(first, OperationOutcome.IssueType.TRANSIENT, "REC_UNAVAILABLE");
    assertEquals("req-retry", first.headers().firstValue("X-Request-ID").orElse(null));
    // A bad request is refused as such and does not use up a programmed failure.
    assertEquals(400, post(http, "req-bad", "conv-1", collection()).statusCode());
    assertEquals(503, post(http, "req-retry", "conv-1", body).statusCode());
    assertEquals(0, provider.delivered().size());

    assertEquals(200, post(http, "req-retry", "conv-1", body).statusCode());
    assertEquals(409, post(http, "req-retry", "conv-1", body).statusCode());
    assertEquals(List.of("req-retry"), requestIds(provider.delivered()));
    assertEquals(5, provider.attempts());
  }

  @Test
  void stopRefusesConnectionsAndStartServesTheSameAddressAgain() throws Exception {
    String address = provider.address();
    assertEquals(200, post(http, "req-a", "conv-1", message("a")).statusCode());

    provider.stop();
    // New clients so that no pooled connection from before stands in for a new one.
    assertThrows(ConnectException.class, () -> post(client(), "req-b", "conv-1", message("b")));

    provider.start();
    assertEquals(address, provider.address());
    assertEquals(200, post(client(), "req-b", "conv-1", message("b")).statusCode());
    assertEquals(List.of("req-a", "req-b"), requestIds(provider.awaitDelivered(2, WAIT)));
  }

  @Test
  void refusesWhatIsNotAMessageWithABadRequestOutcome() throws Exception {
    HttpResponse<String> collection = post(http, "req-c", "conv-1", collection());
    assertEquals(400, collection.statusCode());
    assertIssue(collection, OperationOutcome.IssueType.INVALID, "REC_BAD_REQUEST");

    String patient = FHIR.newJsonParser().encodeResourceToString(new Patient());
    assertEquals(400, post(http, "req-p", "conv-1", patient).statusCode());
    assertEquals(400, post(http, "req-j", "conv-1", "{not json").statusCode());
    HttpResponse<String> noId = post(http, null, "conv-1", message("x"));
    assertEquals(400, noId.statusCode());
    // Nothing to echo: no id made up by the server either.
    assertTrue(noId.headers().firstValue("X-Request-ID").isEmpty());
    assertIssue(noId, null, "REC_BAD_REQUEST");

    assertEquals(0, provider.delivered().size());
    assertEquals(4, provider.attempts());
  }

  @Test
  void concurrentDuplicatesAreDeliveredExactlyOnce() throws Exception {
    String body = message(UUID.randomUUID().toString());
    int senders = 20;
    ExecutorService pool = Executors.newFixedThreadPool(senders);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < senders; i++) {
        statuses.add(pool.submit(() -> {
          go.await();
          return post(http, "req-race", "conv-1", body).statusCode();
        }));
      }
      go.countDown();
      List<Integer> codes = new ArrayList<>();
      for (Future<Integer> status : statuses) {
        codes.add(status.get());
      }
      Map<Integer, Long> counts =
          codes.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
      assertEquals(Map.of(200, 1L, 409, (long) senders - 1), counts);
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, provider.delivered().size());
    assertEquals(senders, provider.attempts());
  }

  @Test
  void aHeldAnswerIsDeliveredButUnansweredUntilReleased() throws Exception {
    provider.holdAnswersAfter(1);
    assertEquals(200, post(http, "req-1", "conv-1", message("a")).statusCode());
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> held = sender.submit(() -> post(http, "req-2", "conv-2", message("b"))
          .statusCode());
      provider.awaitHeld(1, WAIT);
      assertEquals(List.of("req-1", "req-2"), requestIds(provider.delivered()));
      assertFalse(held.isDone(), "answered while held");

      provider.release();
      assertEquals(200, held.get());
      assertEquals(409, post(http, "req-2", "conv-2", message("b")).statusCode());
    } finally {
      sender.shutdownNow();
    }
  }

  @Test
  void awaitDeliveredSaysWhatArrivedWhenItTimesOut() throws Exception {
    post(http, "req-only", "conv-1", message("x"));

    AssertionError error = assertThrows(AssertionError.class,
        () -> provider.awaitDelivered(2, Duration.ofMillis(200)));
    assertTrue(error.getMessage().contains("expected 2 deliveries"), error.getMessage());
    assertTrue(error.getMessage().contains("req-only"), error.getMessage());
  }

  /** A minimal BaRS-shaped referral message: MessageHeader first, focus the ServiceRequest. */
  private static String message(String serviceRequestId) {
    ServiceRequest referral = new ServiceRequest()
        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
        .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
        .setSubject(new Reference().setDisplay("Test Patient"));
    MessageHeader header = new MessageHeader()
        .setEvent(new Coding(EVENTS, "servicerequest-request", null))
        .addFocus(new Reference("urn:uuid:" + serviceRequestId));
    header.getSource().setEndpoint("https://hub.example/fhir");
    header.setId(UUID.randomUUID().toString());
    Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
    bundle.addEntry().setFullUrl("urn:uuid:" + header.getIdElement().getIdPart())
        .setResource(header);
    bundle.addEntry().setFullUrl("urn:uuid:" + serviceRequestId).setResource(referral);
    return FHIR.newJsonParser().encodeResourceToString(bundle);
  }

  /** A well-formed Bundle that is not a message. */
  private static String collection() {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.addEntry().setResource(new Patient());
    return FHIR.newJsonParser().encodeResourceToString(bundle);
  }

  private HttpResponse<String> post(HttpClient client, String requestId, String correlationId,
      String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(provider.address() + "/$process-message"))
        .timeout(WAIT)
        .header("Content-Type", "application/fhir+json")
        .header("X-Correlation-ID", correlationId)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (requestId != null) {
      request.header("X-Request-ID", requestId);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertIssue(HttpResponse<String> response, OperationOutcome.IssueType type,
      String code) {
    OperationOutcome outcome =
        FHIR.newJsonParser().parseResource(OperationOutcome.class, response.body());
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
    if (type != null) {
      assertEquals(type, issue.getCode(), response.body());
    }
    assertEquals(ProviderEndpoint.ERROR_CODES, issue.getDetails().getCodingFirstRep().getSystem());
    assertEquals(code, issue.getDetails().getCodingFirstRep().getCode(), response.body());
  }

  private static List<String> requestIds(List<Received> received) {
    return received.stream().map(Received::requestId).toList();
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }
}
