package org.recoverylink.pharmacy.local;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.net.URI;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.pharmacy.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the journal's outbox to the FHIR server, oldest first. Each request carries its event's
 * key as the resource identifier and is a conditional create ({@code If-None-Exist}), so a request
 * sent again after a crash between sending and noting it sent is kept once by the server: that,
 * with the durable outbox, is exactly once. A person's requests go in order: when one cannot be
 * sent, the ones behind it for the same person wait.
 */
final class Sender {

  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  private static final int BATCH = 100;

  /** What became of one request. */
  enum Outcome { SENT, AWAY, REFUSED }

  private final Journal journal;
  private final FhirContext fhir;
  private final URI server;
  private final Optional<Supplier<String>> token;
  private final Clock clock;

  Sender(Journal journal, URI server, Optional<Supplier<String>> token, Clock clock) {
    this.journal = journal;
    // A context of its own, configured once: the client settings below must not change those
    // of the shared cached context, which the PMR system's own HAPI clients may use.
    this.fhir = FhirContext.forR4();
    IRestfulClientFactory factory = fhir.getRestfulClientFactory();
    factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
    factory.setConnectTimeout(5_000);
    factory.setSocketTimeout(30_000);
    this.server = server;
    this.token = token;
    this.clock = clock;
  }

  /** One round: sends what it can, stops at the first sign the server is away. */
  synchronized SyncStatus round() {
    IGenericClient client = client();
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
        try {
          send(client, out);
          journal.sent(pending.seq(), clock.instant());
        } catch (FhirClientConnectionException e) {
          journal.failed(pending.seq(), "the server cannot be reached");
          return journal.status();
        } catch (BaseServerResponseException e) {
          int status = e.getStatusCode();
          // Away, busy, or our token is not (or no longer) good: the event is fine, so it
          // stays pending and the round stops until the next one.
          if (status == 401 || status == 403 || status == 408 || status == 429
              || status >= 500) {
            journal.failed(pending.seq(), "the server answered " + status);
            return journal.status();
          }
          // Refused as it is: sending it again would not help. Hold the person's later events.
          LOG.warn("pharmacy event refused by the server: HTTP {}", status);
          journal.refused(pending.seq(), "HTTP " + status + ": " + diagnostics(e));
          held.add(out.stream());
        }
      }
    }
    return journal.status();
  }

  private void send(IGenericClient client, Outgoing out) {
    if (out.target().startsWith("$")) {
      client.operation().onServer().named(out.target())
          .withParameters(fhir.newJsonParser().parseResource(Parameters.class, out.body()))
          .execute();
    } else if (out.target().contains("/$")) { // an operation on a type, e.g. MedicationRequest
      int at = out.target().indexOf("/$");
      client.operation().onType(out.target().substring(0, at))
          .named(out.target().substring(at + 1))
          .withParameters(fhir.newJsonParser().parseResource(Parameters.class, out.body()))
          .execute();
    } else {
      client.create().resource(out.body())
          .conditionalByUrl(out.target() + "?" + out.condition().orElseThrow())
          .execute();
    }
  }

  private IGenericClient client() {
    IGenericClient client = fhir.newRestfulGenericClient(server.toString());
    token.map(Supplier::get).ifPresent(bearer -> client.registerInterceptor(
        new BearerTokenAuthInterceptor(bearer)));
    return client;
  }

  private static String diagnostics(BaseServerResponseException e) {
    String message = e.getMessage();
    return message == null ? "" : message.length() > 500 ? message.substring(0, 500) : message;
  }
}
