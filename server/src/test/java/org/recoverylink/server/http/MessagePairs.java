package org.recoverylink.server.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.fhir.referral.Referrals;

/**
 * BaRS referral messages as a sending system posts them to {@code $process-message}, and the
 * same message sent twice at the same moment, as a sender's retry may race its first attempt.
 */
final class MessagePairs {

  /** Where the messages are addressed. */
  static final String SERVICE = "phoenix-futures-alcohol";
  private static final Bundle DIRECTORY = new DirectoryBundle(TestHub.FHIR)
      .write(EssexDirectory.directory());
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).build();

  private MessagePairs() {
  }

  /** A sending system's message carrying {@link Referrals#referral}: the BaRS shape ours send. */
  static Bundle message(String identifier) {
    ServiceRequest referral = Referrals.referral(identifier);
    referral.setId("sender-" + identifier);
    referral.addPerformer(new Reference("HealthcareService/" + SERVICE));
    HealthcareService service = (HealthcareService) find(HealthcareService.class, SERVICE);
    Organization provider = (Organization) find(Organization.class,
        service.getProvidedBy().getReferenceElement().getIdPart());
    return new BarsMessage(TestHub.FHIR, "https://gp-system.example/fhir").write(referral,
        new BarsMessage.Destination(service, provider, "https://hub.example/fhir"),
        Instant.parse("2026-11-20T10:00:00Z"));
  }

  private static Object find(Class<?> type, String id) {
    return DIRECTORY.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> type.isInstance(r) && r.getIdPart().equals(id)).findFirst().orElseThrow();
  }

  /** POSTs a message to {@code {base}/$process-message}, with this X-Request-ID if not null. */
  static HttpResponse<String> post(String base, String token, String message,
      String requestId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/$process-message"))
        .POST(HttpRequest.BodyPublishers.ofString(message))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .header("X-Correlation-ID", "case-1");
    if (requestId != null) {
      request.header("X-Request-ID", requestId);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends each of {@code pairs} messages (identifier {@code {prefix}-{n}}) twice at the same
   * moment, with the same X-Request-ID, once to each base (the same base twice for one
   * process): two threads wait at a barrier and then post.
   *
   * @return each identifier with the two HTTP statuses it was answered, in ascending order
   */
  static Map<String, List<Integer>> fire(String one, String two, String token, String prefix,
      int pairs) throws Exception {
    Map<String, List<Integer>> answers = new TreeMap<>();
    ExecutorService senders = Executors.newFixedThreadPool(2);
    try {
      for (int i = 0; i < pairs; i++) {
        String identifier = prefix + "-" + i;
        String body = TestHub.FHIR.newJsonParser().encodeResourceToString(message(identifier));
        CyclicBarrier together = new CyclicBarrier(2);
        List<Future<Integer>> sent = new ArrayList<>();
        for (String base : List.of(one, two)) {
          sent.add(senders.submit(() -> {
            together.await();
            return post(base, token, body, "req-" + identifier).statusCode();
          }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> status : sent) {
          statuses.add(status.get());
        }
        statuses.sort(null);
        answers.put(identifier, statuses);
      }
    } finally {
      senders.shutdownNow();
    }
    return answers;
  }
}
