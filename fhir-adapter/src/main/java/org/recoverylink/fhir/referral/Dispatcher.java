package org.recoverylink.fhir.referral;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.fhir.JsonEncoder;
import org.recoverylink.fhir.store.ReferralStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers referrals from the outbox to the providers' own FHIR endpoints, as BaRS messages
 * POSTed to {@code {address}/$process-message} with {@code X-Request-ID} (the outbox row: the
 * same on every attempt) and {@code X-Correlation-ID} (the referral). A 2xx, or a 409 (the
 * receiver had it already), is delivered. A 408, 429, 5xx, timeout or failed connection is
 * retried after a wait that doubles from the first retry (with jitter, so a provider coming back
 * is not hit by every waiting referral at once), until the maximum age: then, as for any other
 * answer, the Task shows {@code failed} and why.
 *
 * <p>Claims are row locks that skip rows held elsewhere, plus a lease: several server processes
 * on one database share the outbox, and one that dies mid-send only delays its rows.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * How deliveries are paced.
   *
   * @param firstRetry the wait before the first retry; doubling from there
   * @param maxRetry   the longest wait between attempts
   * @param maxAge     how long after intake a delivery is given up
   * @param timeout    how long one attempt may take
   * @param batch      the most deliveries claimed and sent at once
   * @param idle       how often an idle dispatcher looks for work made elsewhere (another
   *                   process, a retry coming due); work made here wakes it at once
   */
  public record Settings(Duration firstRetry, Duration maxRetry, Duration maxAge,
      Duration timeout, int batch, Duration idle) {

    public Settings {
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(idle, "idle");
    }

    /** Defaults for a first retry and a maximum age. */
    public static Settings of(Duration firstRetry, Duration maxAge) {
      return new Settings(firstRetry, Duration.ofMinutes(5), maxAge, Duration.ofSeconds(30), 64,
          Duration.ofMillis(250));
    }
  }

  private final ReferralStore store;
  private final FhirContext fhir;
  private final Supplier<String> sourceBase;
  private final Map<String, HealthcareService> services;
  private final Map<String, Organization> providers;
  private final Settings settings;
  private final Clock clock;
  private final HttpClient http;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private boolean woken;
  private volatile boolean running = true;

  /**
   * @param sourceBase the hub's FHIR base, for the messages' source (known once it listens)
   * @param directory  the directory as FHIR (DirectoryBundle): the receiving HealthcareService
   *                   and its Organization go into each message
   */
  public Dispatcher(ReferralStore store, FhirContext fhir, Supplier<String> sourceBase,
      Bundle directory, Settings settings, Clock clock) {
    this.store = store;
    this.fhir = fhir;
    this.sourceBase = sourceBase;
    this.services = resources(directory, HealthcareService.class);
    this.providers = resources(directory, Organization.class);
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .version(HttpClient.Version.HTTP_1_1).build();
    this.thread = new Thread(this::run, "recoverylink-dispatcher");
    thread.setDaemon(true);
  }

  public Dispatcher start() {
    thread.start();
    return this;
  }

  /** New work was committed here: look now rather than at the next idle tick. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      work.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (running) {
      int claimed = 0;
      try {
        claimed = dispatchOnce();
      } catch (RuntimeException e) { // the database is away: try again on the next tick
        LOG.warn("delivery round failed: {}", e.getClass().getSimpleName());
      }
      if (claimed < settings.batch()) {
        await();
      }
    }
  }

  private void await() {
    lock.lock();
    try {
      if (!woken && running) {
        work.await(settings.idle().toMillis(), TimeUnit.MILLISECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Claims what is due, sends it all at once, records each outcome; returns how many. */
  int dispatchOnce() {
    List<ReferralStore.Due> due = store.claim(settings.batch(), clock.instant(),
        settings.timeout().multipliedBy(2));
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    for (ReferralStore.Due delivery : due) {
      sent.add(send(delivery));
    }
    sent.forEach(CompletableFuture::join);
    return due.size();
  }

  private CompletableFuture<Void> send(ReferralStore.Due due) {
    byte[] body;
    try {
      body = JsonEncoder.encode(message(due));
    } catch (RuntimeException e) { // nothing a retry would change
      store.failed(due, "the referral could not be written as a message: " + e.getMessage(), 0,
          clock.instant());
      return CompletableFuture.completedFuture(null);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(stripSlash(due.address())
            + "/$process-message"))
        .timeout(settings.timeout())
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("X-Request-ID", due.id())
        .header("X-Correlation-ID", due.referral())
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          try {
            record(due, response, failure);
          } catch (RuntimeException e) { // the row stays claimed until its lease runs out
            LOG.warn("delivery outcome not recorded: {}", e.getClass().getSimpleName());
          }
          return null;
        });
  }

  /** The message for a delivery: the stored referral, sent to the Task's service. */
  private Bundle message(ReferralStore.Due due) {
    ServiceRequest referral = fhir.newJsonParser().parseResource(ServiceRequest.class,
        due.json());
    HealthcareService service = Objects.requireNonNull(services.get(due.service()),
        () -> "HealthcareService/" + due.service() + " is no longer in the directory");
    String provider = service.getProvidedBy().getReferenceElement().getIdPart();
    Organization organization = Objects.requireNonNull(providers.get(provider),
        () -> "Organization/" + provider + " is not in the directory");
    // After a re-route the stored referral still names the first service.
    referral.getPerformer().clear();
    referral.addPerformer(new Reference("HealthcareService/" + due.service())
        .setDisplay(service.getName()));
    // Made when it was queued, so every attempt sends the same message.
    return new BarsMessage(fhir, sourceBase.get()).write(referral, new BarsMessage.Destination(service, organization,
        due.address()), due.queued());
  }

  private void record(ReferralStore.Due due, HttpResponse<String> response, Throwable failure) {
    Instant now = clock.instant();
    int status = failure == null ? response.statusCode() : 0;
    if (status / 100 == 2 || status == 409) {
      store.delivered(due, status, now);
      return;
    }
    // BaRS: worth another try when the receiver was away, too busy or too slow
    boolean worthRetrying = status == 0 || status == 408 || status == 429 || status >= 500;
    String error = failure != null ? failureText(failure)
        : "HTTP " + status + diagnostics(response.body());
    if (!worthRetrying) {
      store.failed(due, "the provider refused it: " + error, status, now);
      return;
    }
    Duration wait = backoff(due.attempts() + 1);
    if (now.plus(wait).isAfter(due.queued().plus(settings.maxAge()))) {
      store.failed(due, "not delivered within " + settings.maxAge() + "; last: " + error,
          status, now);
    } else {
      store.retry(due, now.plus(wait), error, status, now);
    }
  }

  /** Doubling from the first retry up to the longest wait, then a random half taken off. */
  Duration backoff(int attempt) {
    long first = settings.firstRetry().toMillis();
    long cap = settings.maxRetry().toMillis();
    long full = attempt >= 31 ? cap : Math.min(cap, first << Math.max(0, attempt - 1));
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
  }

  private static String failureText(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    return cause instanceof IOException ? "cannot connect: " + cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName();
  }

  /** The receiver's own words, from its OperationOutcome, if it sent one. */
  private String diagnostics(String body) {
    try {
      OperationOutcome outcome = fhir.newJsonParser().parseResource(OperationOutcome.class,
          body);
      String words = outcome.getIssue().stream()
          .map(i -> i.hasDiagnostics() ? i.getDiagnostics() : i.getDetails().getText())
          .filter(Objects::nonNull).collect(Collectors.joining("; "));
      return words.isEmpty() ? "" : ": " + truncate(words);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String truncate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "...";
  }

  private static String stripSlash(String address) {
    return address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
  }

  private static <T extends Resource> Map<String, T> resources(Bundle bundle, Class<T> type) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast)
        .collect(Collectors.toUnmodifiableMap(r -> r.getIdElement().getIdPart(), r -> r));
  }

  /** Stops looking for work; deliveries in flight finish or come due again after their lease. */
  @Override
  public void close() throws InterruptedException {
    running = false;
    wake();
    thread.join(settings.timeout().toMillis() + 1_000);
  }
}
