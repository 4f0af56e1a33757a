package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WholeBody}'s memory budget in a real Jetty over HTTP, in front of {@link Admission}
 * serving one request at once: a body counts against the budget from its arrival until it is
 * answered, so bodies waiting their turn cannot pile up past it; once they are answered, their
 * share is free again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BodyBudgetTest {

  private static final int MIB = (int) WholeBody.MAX_BODY;
  /** The largest bodies there is room for at once. */
  private static final int ROOM = (int) (WholeBody.BUDGET / MIB);

  private final HttpClient client = HttpClient.newHttpClient();
  private Admission admission;
  private HoldingJetty jetty;

  @BeforeEach
  void start() throws Exception {
    admission = new Admission(1, Duration.ofSeconds(60), 1000, "busy");
    jetty = new HoldingJetty(32, Long::toString,
        new Linger(), // reads a refused body away, as in the server
        new WholeBody(0, Duration.ofSeconds(60), authorization -> true), admission);
  }

  @AfterEach
  void stop() throws Exception {
    jetty.close();
  }

  private CompletableFuture<HttpResponse<String>> post(String path) {
    return client.sendAsync(HttpRequest.newBuilder(jetty.base().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[MIB])).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void bodiesWaitingTheirTurnCountUntilAnswered() throws Exception {
    CompletableFuture<HttpResponse<String>> held = post("/fhir/hold");
    assertTrue(jetty.serving(60), "the first body is being served");
    List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
    for (int i = 1; i < ROOM; i++) {
      waiting.add(post("/fhir/wait"));
    }
    while (admission.getSuspendedRequestCount() < ROOM - 1) { // each received whole
      Thread.sleep(20);
    }

    HttpResponse<String> beyond = post("/fhir/beyond").get(60, TimeUnit.SECONDS);

    assertEquals(503, beyond.statusCode(), "no room: the budget is held by those waiting");
    assertTrue(beyond.body().contains("too many request bodies"), beyond.body());
    jetty.release();
    assertEquals(Integer.toString(MIB), held.get(60, TimeUnit.SECONDS).body());
    for (CompletableFuture<HttpResponse<String>> answer : waiting) {
      assertEquals(200, answer.get(60, TimeUnit.SECONDS).statusCode());
    }
    for (int i = 0; i < ROOM; i++) { // all of it free again, one body at a time
      assertEquals(200, post("/fhir/after").get(60, TimeUnit.SECONDS).statusCode());
    }
    List<CompletableFuture<HttpResponse<String>>> together = new ArrayList<>();
    for (int i = 1; i < ROOM; i++) { // and nearly the whole budget at once
      together.add(post("/fhir/together"));
    }
    for (CompletableFuture<HttpResponse<String>> answer : together) {
      assertEquals(200, answer.get(60, TimeUnit.SECONDS).statusCode());
    }
  }
}
