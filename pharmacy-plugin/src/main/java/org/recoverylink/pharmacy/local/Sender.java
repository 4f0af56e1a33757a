package org.recoverylink.pharmacy.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.recoverylink.pharmacy.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the journal's outbox to the FHIR server, oldest first. Each request carries its event's
 * key as the resource identifier and is a conditional create ({@code If-None-Exist}), so a request
 * sent again after a crash between sending and noting it sent is kept once by the server: that,
 * with the durable outbox, is exactly once. A person's requests go in order: when one cannot be
 * sent, the ones behind it for the same person wait.
 *
 * <p>Plain FHIR REST over the JDK's HTTP client: a POST per event, JSON as the journal holds it.
 * No FHIR client library, so a PMR system embedding the plug-in inherits no HTTP stack of ours
 * to clash with its own.
 */
final class Sender {

  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  private static final int BATCH = 100;

  private static final String FHIR_JSON = "application/fhir+json";
  /** The most of a refusal's answer kept in the journal. */
  private static final int KEPT = 500;

  private final Journal journal;
  private final HttpClient http;
  private final URI server;
  private final Optional<Supplier<String>> token;
  private final Clock clock;

  Sender(Journal journal, URI server, Optional<Supplier<String>> token, Clock clock) {
    this.journal = journal;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String base = server.toString();
    this.server = URI.create(base.endsWith("/") ? base : base + "/");
    this.token = token;
    this.clock = clock;
  }

  /** One round: sends what it can, stops at the first sign the server is away. */
  synchronized SyncStatus round() {
    Optional<String> bearer = token.map(Supplier::get); // one token for the round
    Set<String> held = new HashSet<>(journal.refusedStreams());
    long after = 0;
    for (List<Journal.Pending> batch = journal.pending(after, BATCH); !batch.isEmpty();
        batch = journal.pending(after, BATCH)) {
      for (Journal.Pending pending : batch) {
        after = pending.seq();
        Outgoing out = pending.outgoing();
        if (held.contains(out.stream())) {
          continue; // an earlier event of this person is waiting: keep the order
        }
        HttpResponse<String> answer;
        try {
          answer = http.send(request(out, bearer), HttpResponse.BodyHandlers.ofString(
              StandardCharsets.UTF_8));
        } catch (IOException e) { // refused, reset, timed out: the server is away
          journal.failed(pending.seq(), "the server cannot be reached");
          return journal.status();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          journal.failed(pending.seq(), "interrupted while sending");
          return journal.status();
        }
        int status = answer.statusCode();
        if (status / 100 == 2) {
          journal.sent(pending.seq(), clock.instant());
        } else if (status == 401 || status == 403 || status == 408 || status == 429
            || status >= 500 || status / 100 == 3) {
          // Away, busy, moved, or our token is not (or no longer) good: the event is fine, so
          // it stays pending and the round stops until the next one.
          journal.failed(pending.seq(), "the server answered " + status);
          return journal.status();
        } else {
          // Refused as it is: sending it again would not help. Hold the person's later events.
          LOG.warn("pharmacy event refused by the server: HTTP {}", status);
          journal.refused(pending.seq(), "HTTP " + status + ": " + kept(answer.body()));
          held.add(out.stream());
        }
      }
    }
    return journal.status();
  }

  /**
   * The POST for one event: an operation on the server ({@code $name}) or on a type
   * ({@code Type/$name}) with its Parameters, else a conditional create of the resource.
   */
  private HttpRequest request(Outgoing out, Optional<String> bearer) {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(out.target()))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", FHIR_JSON + ";charset=UTF-8")
        .header("Accept", FHIR_JSON)
        .POST(HttpRequest.BodyPublishers.ofString(out.body(), StandardCharsets.UTF_8));
    if (!out.target().contains("$")) {
      request.header("If-None-Exist", out.condition().orElseThrow());
    }
    bearer.ifPresent(value -> request.header("Authorization", "Bearer " + value));
    return request.build();
  }

  /** What the server said, as much of it as the journal keeps. */
  private static String kept(String body) {
    String text = body == null ? "" : body.strip();
    return text.length() > KEPT ? text.substring(0, KEPT) : text;
  }
}
