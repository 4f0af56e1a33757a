package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.delivery.ProviderEndpoint;

/**
 * Many referrals sent over HTTP to running servers by a few clients at once, and what became of
 * them read back, for the *IT tests of delivery.
 */
final class ReferralLoad {

  /** Where {@link Referrals#referral} is routed: give it the provider's endpoint. */
  static final String SERVICE = "phoenix-futures-alcohol";
  private static final int CLIENTS = 4;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private ReferralLoad() {
  }

  /**
   * Sends {@code count} referrals with distinct identifiers, the nth to {@code bases[n % size]},
   * as practice {@link Referrals#PRACTICE}.
   *
   * @return the ids of the referrals created; every answer must have been 201
   */
  static Set<String> refer(List<String> bases, String token, int count) throws Exception {
    // One referral written once: building and encoding a thousand would take longer than
    // sending them.
    String template = TestHub.FHIR.newJsonParser().encodeResourceToString(
        Referrals.referral("@identifier@"));
    String run = Long.toString(System.nanoTime(), 36);
    List<Callable<String>> sends = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String base = bases.get(i % bases.size());
      String body = template.replace("@identifier@", "load-" + run + "-" + i);
      sends.add(() -> {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                URI.create(base + "/ServiceRequest"))
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        return location.substring(location.lastIndexOf('/') + 1);
      });
    }
    Set<String> created = new HashSet<>(all(sends));
    assertEquals(count, created.size(), "a referral id was given twice");
    return created;
  }

  /** Waits until each referral has reached the provider; fails saying how many have not. */
  static void awaitDelivered(ProviderEndpoint provider, Set<String> referrals, Duration timeout)
      throws Exception {
    await("every referral delivered", () -> {
      Set<String> missing = new HashSet<>(referrals);
      missing.removeAll(correlationIds(provider.delivered()));
      return missing;
    }, Set::isEmpty, timeout);
  }

  /** Reads each referral's Task until all show {@code delivered}; fails saying which do not. */
  static void awaitTasksDelivered(String base, String token, Set<String> referrals,
      Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> waiting = new HashSet<>(referrals);
    while (true) {
      Map<String, String> status = new TreeMap<>(); // referral -> its Tasks' businessStatus
      List<Callable<Map.Entry<String, String>>> reads = new ArrayList<>();
      for (String referral : waiting) {
        reads.add(() -> Map.entry(referral, businessStatus(base, token, referral)));
      }
      all(reads).forEach(e -> status.put(e.getKey(), e.getValue()));
      waiting.removeIf(r -> status.get(r).equals("delivered"));
      if (waiting.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(waiting.size() + " Tasks not delivered within " + timeout
            + ", e.g. " + status.entrySet().stream().filter(e -> waiting.contains(e.getKey()))
                .limit(10).toList());
      }
      Thread.sleep(200);
    }
  }

  /** The businessStatus of each Task of the referral, joined (one Task: one status). */
  private static String businessStatus(String base, String token, String referral)
      throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
            URI.create(base + "/Task?focus=ServiceRequest/" + referral))
        .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    Bundle tasks = TestHub.FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
    return tasks.getEntry().stream().map(e -> ((Task) e.getResource()).getBusinessStatus()
        .getCodingFirstRep().getCode()).collect(Collectors.joining(","));
  }

  /** Waits until {@code read} gives what {@code done} accepts; fails with the last value. */
  static <T> T await(String what, Callable<T> read, Predicate<T> done, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      T value = read.call();
      if (done.test(value)) {
        return value;
      }
      if (System.nanoTime() > deadline) {
        String last = String.valueOf(value);
        throw new AssertionError(what + ": not so within " + timeout + "; last "
            + (last.length() > 1000 ? last.substring(0, 1000) + "..." : last));
      }
      Thread.sleep(200);
    }
  }

  static Set<String> correlationIds(List<ProviderEndpoint.Received> received) {
    return received.stream().map(ProviderEndpoint.Received::correlationId)
        .collect(Collectors.toSet());
  }

  /** Request ids that reached the provider more than once. */
  static Set<String> sentAgain(List<ProviderEndpoint.Received> received) {
    Set<String> seen = new HashSet<>();
    return received.stream().map(ProviderEndpoint.Received::requestId)
        .filter(id -> !seen.add(id)).collect(Collectors.toSet());
  }

  /** Runs the calls on a few threads; the first failure fails the lot. */
  private static <T> List<T> all(List<Callable<T>> calls) throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<T> results = new ArrayList<>();
      for (Future<T> result : clients.invokeAll(calls)) {
        try {
          results.add(result.get());
        } catch (ExecutionException e) { // an assertion in a call, say: as it was thrown
          if (e.getCause() instanceof Error error) {
            throw error;
          }
          throw e.getCause() instanceof Exception cause ? cause : e;
        }
      }
      return results;
    } finally {
      clients.shutdownNow();
    }
  }
}
