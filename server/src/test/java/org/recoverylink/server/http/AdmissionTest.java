package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Admission} in a real Jetty over HTTP, serving one request at once: whoever comes
 * while it is busy waits, is served when it is free, or is told after the wait to come back,
 * in the form the path's callers read; the health probes pass while it is busy.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdmissionTest {

  private static final Duration WAIT = Duration.ofSeconds(1);
  private static final String BUSY = "<!DOCTYPE html><title>Sorry, the service is busy</title>";

  private final HttpClient client = HttpClient.newHttpClient();
  private final MeterRegistry meters = new SimpleMeterRegistry();
  /** Holds the request being served until the test lets it go. */
  private HoldingJetty jetty;

  @BeforeEach
  void start() throws Exception {
    jetty = new HoldingJetty(16, size -> "served",
        new Admission(1, WAIT, 100, BUSY).countIn(meters));
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return client.sendAsync(HttpRequest.newBuilder(jetty.base().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request that takes the one place and keeps it until the test releases it. */
  private CompletableFuture<HttpResponse<String>> hold() throws InterruptedException {
    CompletableFuture<HttpResponse<String>> held = get("/fhir/hold");
    assertTrue(jetty.serving(20), "the first request is being served");
    return held;
  }

  @Test
  void aFhirCallThatWaitedTooLongIsToldToComeBackWithAnOperationOutcome() throws Exception {
    CompletableFuture<HttpResponse<String>> held = hold();
    long sent = System.nanoTime();

    HttpResponse<String> refused = get("/fhir/Patient").get(20, TimeUnit.SECONDS);

    assertTrue(System.nanoTime() - sent >= WAIT.toNanos(), "it waited its turn first");
    assertEquals(503, refused.statusCode());
    assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(refused.headers().firstValue("Content-Type").orElseThrow()
        .startsWith("application/fhir+json"));
    OperationOutcome outcome = FhirContext.forR4Cached().newJsonParser()
        .parseResource(OperationOutcome.class, refused.body());
    assertEquals(OperationOutcome.IssueType.TRANSIENT, outcome.getIssueFirstRep().getCode());
    assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("nothing was done"));
    assertEquals(1, meters.get("recoverylink.requests.turned.away").functionCounter().count());
    jetty.release();
    assertEquals("served", held.get(20, TimeUnit.SECONDS).body(), "the held one is served");
  }

  @Test
  void aPersonWhoWaitedTooLongIsShownTheBusyPage() throws Exception {
    hold();

    HttpResponse<String> refused = get("/refer/start").get(20, TimeUnit.SECONDS);

    assertEquals(503, refused.statusCode());
    assertEquals(BUSY, refused.body());
    assertEquals("5", refused.headers().firstValue("Retry-After").orElseThrow());
    assertEquals("text/html; charset=utf-8",
        refused.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
    assertEquals(PublicPages.POLICY,
        refused.headers().firstValue("Content-Security-Policy").orElseThrow());
    assertEquals("no-store", refused.headers().firstValue("Cache-Control").orElseThrow());
  }

  @Test
  void aRequestWaitingWhenThePlaceFreesIsServed() throws Exception {
    CompletableFuture<HttpResponse<String>> held = hold();
    CompletableFuture<HttpResponse<String>> waiting = get("/fhir/Patient");
    while (meters.get("recoverylink.requests.waiting").gauge().value() < 1) {
      Thread.sleep(10); // until it waits its turn
    }
    assertFalse(waiting.isDone(), "not served while the place is taken");

    jetty.release();

    assertEquals(200, waiting.get(20, TimeUnit.SECONDS).statusCode());
    assertEquals(200, held.get(20, TimeUnit.SECONDS).statusCode());
    assertEquals(0, meters.get("recoverylink.requests.waiting").gauge().value());
    assertEquals(0, meters.get("recoverylink.requests.turned.away").functionCounter().count());
  }

  @Test
  void theHealthProbesAndMetricsAreNeverHeldBack() throws Exception {
    hold();

    for (String path : new String[] {"/health/live", "/health/ready", "/metrics"}) {
      HttpResponse<String> answer = get(path).get(WAIT.toMillis() * 20, TimeUnit.MILLISECONDS);
      assertEquals(200, answer.statusCode(), path);
      assertEquals("served", answer.body(), path);
    }
  }
}
