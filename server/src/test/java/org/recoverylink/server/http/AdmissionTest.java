package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
  /** Holds the request being served until the test lets it go. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch serving = new CountDownLatch(1);
  private final MeterRegistry meters = new SimpleMeterRegistry();
  private Server jetty;
  private URI base;

  @BeforeEach
  void start() throws Exception {
    jetty = new Server(new QueuedThreadPool(16));
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    Admission admission = new Admission(1, WAIT, 100, BUSY).countIn(meters);
    admission.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        if (request.getHttpURI().getPath().endsWith("/hold")) {
          serving.countDown();
          release.await();
        }
        response.write(true, ByteBuffer.wrap("served".getBytes(StandardCharsets.UTF_8)),
            callback);
        return true;
      }
    });
    jetty.setHandler(admission);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    jetty.stop();
  }

  private CompletableFuture<HttpResponse<String>> get(String path) {
    return client.sendAsync(HttpRequest.newBuilder(base.resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request that takes the one place and keeps it until {@link #release}. */
  private CompletableFuture<HttpResponse<String>> hold() throws InterruptedException {
    CompletableFuture<HttpResponse<String>> held = get("/fhir/hold");
    assertTrue(serving.await(20, TimeUnit.SECONDS), "the first request is being served");
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
    release.countDown();
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

    release.countDown();

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
