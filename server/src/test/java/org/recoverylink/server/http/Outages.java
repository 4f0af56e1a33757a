package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.recoverylink.fhir.referral.Referrals;

/**
 * Referrals sent one at a time to a server whose database is taken away and given back, for
 * the *IT tests of store outages: what each answer was, and how long it took (printed for the
 * record, not asserted: speed is measured, and written down in docs/http-api.md).
 */
final class Outages {

  /**
   * A hang guard only: an answer that has not come in this long fails the test. Far above the
   * documented bound; the old behaviour, a 30 s wait for a connection then a 500, fails on its
   * status.
   */
  private static final Duration HANG = Duration.ofSeconds(60);
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private final String base;
  private final String token;
  private final String run = Long.toString(System.nanoTime(), 36);
  private int sent;
  /** The referrals answered 201, by id. */
  private final Set<String> created = new LinkedHashSet<>();
  private final List<Long> unavailableMillis = new ArrayList<>();

  Outages(String base, String token) {
    this.base = base;
    this.token = token;
  }

  /**
   * Waits until {@code GET /health/ready} answers {@code status}, as an orchestrator polling it
   * would see; fails with the last answer if it does not within {@code within}.
   */
  void awaitReadiness(int status, Duration within) throws Exception {
    URI ready = URI.create(base.substring(0, base.length() - "/fhir".length()) + "/health/ready");
    long end = System.nanoTime() + within.toNanos();
    HttpResponse<String> last;
    do {
      last = HTTP.send(HttpRequest.newBuilder(ready).timeout(HANG).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (last.statusCode() == status) {
        return;
      }
      Thread.sleep(200);
    } while (System.nanoTime() < end);
    throw new AssertionError("/health/ready did not answer " + status + " within " + within
        + "; last " + last.statusCode() + " " + last.body());
  }

  /** One answer: its status, the referral's id when created, and how long it took. */
  record Answer(int status, Optional<String> id, HttpResponse<String> response, long millis) {
  }

  /** Sends one new referral (an identifier of its own) and keeps its id when it is created. */
  Answer refer() throws Exception {
    String body = TestHub.FHIR.newJsonParser().encodeResourceToString(
        Referrals.referral("outage-" + run + "-" + sent++));
    long start = System.nanoTime();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(base + "/ServiceRequest"))
        .timeout(HANG)
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    long millis = (System.nanoTime() - start) / 1_000_000;
    Optional<String> id = Optional.empty();
    if (response.statusCode() == 201) {
      String location = response.headers().firstValue("Location").orElseThrow();
      id = Optional.of(location.substring(location.lastIndexOf('/') + 1));
      created.add(id.get());
    }
    return new Answer(response.statusCode(), id, response, millis);
  }

  /**
   * Assesses an AUDIT-C response: it needs the database only for its screening count, which may
   * be lost, and its audit row, which may not.
   */
  Answer assess() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
            URI.create(base + "/QuestionnaireResponse/$assess"))
        .timeout(HANG)
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(EndpointTest.auditJson(true))).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), Optional.empty(), response,
        (System.nanoTime() - start) / 1_000_000);
  }

  /**
   * Sends referrals for {@code period}, one after another, while the database is away: each
   * must be refused as "could not be stored", or (when the database could still write it)
   * created; never anything else.
   *
   * @return how many were refused as unavailable
   */
  int referDuring(Duration period) throws Exception {
    int refused = 0;
    long end = System.nanoTime() + period.toNanos();
    while (System.nanoTime() < end) {
      Answer answer = refer();
      if (answer.status() != 201) {
        assertUnavailable(answer);
        refused++;
      }
    }
    return refused;
  }

  /**
   * Sends referrals until one is created, each meanwhile refused as unavailable: the server
   * recovers by itself.
   */
  void referUntilCreated(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Answer answer = refer();
      if (answer.status() == 201) {
        return;
      }
      assertUnavailable(answer);
      assertTrue(System.nanoTime() < deadline, "still refused " + timeout + " after the"
          + " database came back: " + answer.response().body());
      Thread.sleep(200);
    }
  }

  /** 503, Retry-After in whole seconds, an OperationOutcome saying it could not be stored. */
  void assertUnavailable(Answer answer) {
    HttpResponse<String> response = answer.response();
    assertEquals(503, answer.status(), response.body());
    String retryAfter = response.headers().firstValue("Retry-After").orElseThrow(
        () -> new AssertionError("no Retry-After on " + response.body()));
    assertTrue(Integer.parseInt(retryAfter) > 0, "Retry-After: " + retryAfter);
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, response.body());
    assertFalse(outcome.getIssue().isEmpty(), response.body());
    for (OperationOutcome.OperationOutcomeIssueComponent issue : outcome.getIssue()) {
      assertEquals(OperationOutcome.IssueSeverity.ERROR, issue.getSeverity(), response.body());
      // "no-store": the persistent store is unavailable (a kind of "transient"), never the
      // caller's fault
      assertEquals("no-store", issue.getCode().toCode(), response.body());
    }
    unavailableMillis.add(answer.millis());
  }

  /** Every referral answered 201 so far. */
  Set<String> created() {
    return Set.copyOf(created);
  }

  /** For the record: how quickly the refusals came. */
  String unavailableTimes() {
    List<Long> sorted = unavailableMillis.stream().sorted().toList();
    if (sorted.isEmpty()) {
      return "no 503s";
    }
    return sorted.size() + " answered 503: median " + sorted.get(sorted.size() / 2)
        + " ms, slowest " + sorted.get(sorted.size() - 1) + " ms";
  }
}
