package org.recoverylink.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers referrals from the outbox to the providers' own FHIR endpoints, as BaRS messages
 * POSTed to {@code {address}/$process-message} with {@code X-Request-ID} (the outbox row: the
 * same on every attempt), {@code X-Correlation-ID} (the referral) and the BaRS routing headers
 * ({@link BarsHeaders}); to an Endpoint with credentials, only with them ({@link ProviderAccess}:
 * an access token, or a client certificate). A 2xx, or a 409 (the
 * receiver had it already), is delivered. A 408, 429, 5xx, timeout or failed connection is
 * retried after a wait that doubles from the first retry (with jitter, so a provider coming back
 * is not hit by every waiting referral at once), as is a delivery whose credentials cannot be
 * had now and one whose access token is answered 401; a wait that would pass the maximum age is cut
 * short to a last attempt at it. When that fails too, or at any other answer, the Task shows
 * {@code failed} and why.
 *
 * <p>Each delivery is sent on its own and recorded as soon as it is answered, while the
 * dispatcher goes on claiming: a provider that takes the connection and never answers holds only
 * its own slots ({@link Settings#perProvider}) until the per-attempt timeout, and every other
 * provider's referrals go on being delivered.
 *
 * <p>Claims are row locks that skip rows held elsewhere, plus a lease: several server processes
 * on one database share the outbox, and one that dies mid-send only delays its rows until the
 * lease runs out.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * How deliveries are paced.
   *
   * @param firstRetry  the wait before the first retry; doubling from there
   * @param maxRetry    the longest wait between attempts
   * @param maxAge      how long after it is queued a delivery is given up, after a last attempt
   * @param timeout     how long one attempt may take
   * @param lease       how long a claimed delivery is kept from other processes: when the
   *                    process sending it dies, another resends it after this. Longer than
   *                    {@code timeout}, or a process still waiting for an answer would have its
   *                    deliveries sent again by another
   * @param batch       the most deliveries in flight at once from this process, all providers
   *                    together
   * @param perProvider the most deliveries in flight at once to one provider's endpoint
   * @param idle        how often an idle dispatcher looks for work made elsewhere (another
   *                    process, a retry coming due); work made here wakes it at once
   */
  public record Settings(Duration firstRetry, Duration maxRetry, Duration maxAge,
      Duration timeout, Duration lease, int batch, int perProvider, Duration idle) {

    public Settings {
      Objects.requireNonNull(firstRetry, "firstRetry");
      Objects.requireNonNull(maxRetry, "maxRetry");
      Objects.requireNonNull(maxAge, "maxAge");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(lease, "lease");
      Objects.requireNonNull(idle, "idle");
      if (lease.compareTo(timeout) <= 0) {
        throw new IllegalArgumentException("the lease (" + lease + ") must be longer than the"
            + " per-attempt timeout (" + timeout + ")");
      }
      if (batch < 1 || perProvider < 1) {
        throw new IllegalArgumentException("batch and perProvider must be 1 or more");
      }
    }

    /** These timings, with waits of at most five minutes between attempts. */
    public static Settings of(Duration firstRetry, Duration maxAge, Duration timeout,
        Duration lease, int batch, int perProvider) {
      return new Settings(firstRetry, Duration.ofMinutes(5), maxAge, timeout, lease, batch,
          perProvider, Duration.ofMillis(250));
    }
  }

  private final ReferralStore store;
  private final FhirContext fhir;
  private final Supplier<String> sourceBase;
  private final Map<String, HealthcareService> services;
  private final Map<String, Organization> providers;
  private final Settings settings;
  private final Clock clock;
  /** Runs the HTTP client and records outcomes: never the dispatcher's own thread. */
  private final ExecutorService executor;
  /** The client and credentials for each provider's Endpoint. */
  private final ProviderAccess access;
  private final BarsHeaders barsHeaders;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled on new work and on each delivery finishing (a slot is free). */
  private final Condition work = lock.newCondition();
  private boolean woken; // guarded by lock
  /** Deliveries in flight, by address; guarded by lock. */
  private final Map<String, Integer> sending = new HashMap<>();
  private int inFlight; // guarded by lock
  private volatile boolean running = true;
  /** Counts outcomes: {@code recoverylink.deliveries{outcome}}; counts nowhere until told. */
  private volatile MeterRegistry meters = new CompositeMeterRegistry();

  /**
   * @param sourceBase the hub's FHIR base, for the messages' source (known once it listens)
   * @param directory  the directory as FHIR (DirectoryBundle): the receiving HealthcareService
   *                   and its Organization go into each message
   * @param credentials how deliveries authenticate to each Endpoint (none: as they always did)
   * @param barsHeaders the BaRS headers each delivery carries
   */
  public Dispatcher(ReferralStore store, FhirContext fhir, Supplier<String> sourceBase,
      Bundle directory, Settings settings, Clock clock, DeliveryCredentials credentials,
      BarsHeaders barsHeaders) {
    this.store = store;
    this.fhir = fhir;
    this.sourceBase = sourceBase;
    this.services = resources(directory, HealthcareService.class);
    this.providers = resources(directory, Organization.class);
    this.settings = settings;
    this.clock = clock;
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newCachedThreadPool(task -> {
      Thread worker = new Thread(task, "recoverylink-delivery-" + threads.incrementAndGet());
      worker.setDaemon(true);
      return worker;
    });
    this.access = new ProviderAccess(credentials, () -> HttpClient.newBuilder()
        .connectTimeout(settings.timeout()).executor(executor)
        .version(HttpClient.Version.HTTP_1_1), settings.timeout(), clock);
    this.barsHeaders = barsHeaders;
    this.thread = new Thread(this::run, "recoverylink-dispatcher");
    thread.setDaemon(true);
  }

  /**
   * Counts each attempt's recorded outcome in {@code registry} as
   * {@code recoverylink.deliveries{outcome=delivered|retrying|failed}}.
   */
  public Dispatcher countIn(MeterRegistry registry) {
    this.meters = Objects.requireNonNull(registry, "registry");
    return this;
  }

  public Dispatcher start() {
    thread.start();
    return this;
  }

  /** New work was committed here, or a slot came free: look now, not at the next idle tick. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    String failing = null; // what the last round failed with; logged once, not every tick
    while (running) {
      boolean claimed = false;
      try {
        claimed = dispatchOnce();
        if (failing != null) {
          LOG.info("delivery rounds resumed");
          failing = null;
        }
      } catch (RuntimeException e) { // the database is away: try again on the next tick
        String failure = describe(e);
        if (!failure.equals(failing)) {
          LOG.warn("delivery round failed: {}; trying again every {} ms until it works",
              failure, settings.idle().toMillis());
        }
        failing = failure;
      }
      if (!claimed) {
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

  /**
   * Claims what is due and has a free slot, and starts sending it without waiting for answers.
   *
   * @return whether anything was claimed: then there may be more
   */
  boolean dispatchOnce() {
    int room;
    Map<String, Integer> busy;
    lock.lock();
    try {
      room = settings.batch() - inFlight;
      busy = Map.copyOf(sending);
    } finally {
      lock.unlock();
    }
    if (room <= 0) {
      return false; // a delivery finishing wakes this
    }
    List<ReferralStore.Due> due = store.claim(room, clock.instant(), settings.lease(),
        settings.perProvider(), busy);
    for (ReferralStore.Due delivery : due) {
      started(delivery);
      send(delivery);
    }
    return !due.isEmpty();
  }

  private void started(ReferralStore.Due due) {
    lock.lock();
    try {
      sending.merge(due.address(), 1, Integer::sum);
      inFlight++;
    } finally {
      lock.unlock();
    }
  }

  /** Frees the delivery's slot, and wakes the dispatcher to fill it. */
  private void finished(ReferralStore.Due due) {
    lock.lock();
    try {
      sending.computeIfPresent(due.address(), (address, n) -> n == 1 ? null : n - 1);
      inFlight--;
      woken = true;
      work.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends one delivery; its outcome is recorded, and its slot freed, when it is answered. An
   * Endpoint with credentials gets the delivery only with them ({@link ProviderAccess}): when
   * they cannot be had, nothing is sent and the attempt counts as failed, to be retried.
   */
  private void send(ReferralStore.Due due) {
    Instant attempted = clock.instant();
    URI target;
    byte[] body;
    Map<String, String> bars;
    try {
      target = URI.create(stripSlash(due.address()) + "/$process-message");
      ServiceRequest referral = fhir.newJsonParser().parseResource(ServiceRequest.class,
          due.json());
      bars = barsHeaders.of(referral, due.address());
      body = JsonEncoder.encode(message(due, referral));
    } catch (RuntimeException e) { // nothing a retry would change
      executor.execute(() -> settle(due, () -> {
        store.failed(due, "the referral could not be written as a message: " + e.getMessage(),
            0, clock.instant());
        count("failed");
      }));
      return;
    }
    AtomicReference<CompletableFuture<HttpResponse<String>>> sending = new AtomicReference<>();
    AtomicReference<String> authorization = new AtomicReference<>();
    // Reading keys and signing an assertion happen on a delivery thread, never this one.
    CompletableFuture<HttpResponse<String>> exchange = CompletableFuture
        .supplyAsync(() -> access.access(due.address()), executor)
        .thenCompose(reach -> reach)
        .thenCompose(reach -> {
          HttpRequest.Builder request = HttpRequest.newBuilder(target)
              .timeout(settings.timeout())
              .header("Content-Type", "application/fhir+json")
              .header("Accept", "application/fhir+json")
              .header("X-Request-ID", due.id())
              .header("X-Correlation-ID", due.referral());
          bars.forEach(request::header);
          reach.authorization().ifPresent(value -> {
            authorization.set(value);
            request.header("Authorization", value);
          });
          sending.set(reach.client().sendAsync(request.POST(
              HttpRequest.BodyPublishers.ofByteArray(body)).build(),
              HttpResponse.BodyHandlers.ofString()));
          return sending.get();
        });
    // The request's timeout ends when the answer's head arrives; this bounds its body too, and
    // getting a token first: one attempt takes at most the timeout, within its lease.
    exchange.copy().orTimeout(settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync((response, failure) -> {
          // a connection still waiting for an answer is let go
          Optional.ofNullable(sending.get()).ifPresent(request -> request.cancel(true));
          exchange.cancel(true);
          settle(due, () -> record(due, attempted, response, failure, authorization.get()));
        }, executor);
  }

  /** Records an outcome and frees the slot, whatever happens. */
  private void settle(ReferralStore.Due due, Runnable outcome) {
    try {
      outcome.run();
    } catch (RuntimeException e) { // the row stays claimed until its lease runs out
      LOG.warn("delivery outcome not recorded: {}", describe(e));
    } finally {
      finished(due);
    }
  }

  /** The message for a delivery: the stored referral, sent to the Task's service. */
  private Bundle message(ReferralStore.Due due, ServiceRequest referral) {
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
    return new BarsMessage(fhir, sourceBase.get()).write(referral,
        new BarsMessage.Destination(service, organization, due.address()), due.queued());
  }

  /** @param authorization the Authorization sent, or null */
  private void record(ReferralStore.Due due, Instant attempted, HttpResponse<String> response,
      Throwable failure, String authorization) {
    Instant now = clock.instant();
    int status = failure == null ? response.statusCode() : 0;
    if (status / 100 == 2 || status == 409) {
      store.delivered(due, status, now);
      count("delivered");
      return;
    }
    // A token refused (revoked, or the provider's keys changed): the next attempt gets a new one.
    boolean tokenRefused = status == 401 && authorization != null;
    if (tokenRefused) {
      access.refused(due.address(), authorization);
    }
    // BaRS: worth another try when the receiver was away, too busy or too slow
    boolean worthRetrying = status == 0 || status == 408 || status == 429 || status >= 500
        || tokenRefused;
    String error = failure != null ? failureText(failure)
        : "HTTP " + status + diagnostics(response.body());
    if (!worthRetrying) {
      store.failed(due, "the provider refused it: " + error, status, now);
      count("failed");
      return;
    }
    Instant deadline = due.queued().plus(settings.maxAge());
    if (!attempted.isBefore(deadline)) { // that was the last attempt, at the maximum age
      int attempts = due.attempts() + 1;
      store.failed(due, "not delivered within " + words(settings.maxAge()) + ": "
          + attempts + (attempts == 1 ? " attempt" : " attempts") + " over "
          + words(Duration.between(due.queued(), now)) + "; last: " + error, status, now);
      count("failed");
      return;
    }
    Instant next = now.plus(backoff(due.attempts() + 1));
    store.retry(due, next.isAfter(deadline) ? deadline : next, error, status, now);
    count("retrying");
  }

  /** One more outcome recorded in the store (not counted when recording it failed). */
  private void count(String outcome) {
    meters.counter("recoverylink.deliveries", "outcome", outcome).increment();
  }

  /** Doubling from the first retry up to the longest wait, then a random half taken off. */
  Duration backoff(int attempt) {
    long first = settings.firstRetry().toMillis();
    long cap = settings.maxRetry().toMillis();
    long full = attempt >= 31 ? cap : Math.min(cap, first << Math.max(0, attempt - 1));
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
  }

  private String failureText(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause() : failure;
    if (cause instanceof CredentialsUnavailable) {
      return "not sent: cannot authenticate to the provider: " + cause.getMessage();
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return "no answer within " + words(settings.timeout());
    }
    return cause instanceof IOException ? "cannot connect: " + cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName();
  }

  /** A duration as people say it: 40 s, 40.3 s, 3 min 5 s, 24 h 0 min. */
  static String words(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return duration.toMillis() % 1000 == 0 ? seconds + " s"
          : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
  }

  /** A failure's kind, and a database's state code, which never quotes the data. */
  private static String describe(RuntimeException e) {
    return e instanceof StoreException ? e.getMessage() : e.getClass().getSimpleName();
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

  /**
   * Stops looking for work and gives the deliveries in flight one attempt's time to be
   * answered and recorded; any still unanswered come due again after their lease.
   */
  @Override
  public void close() throws InterruptedException {
    running = false;
    wake();
    thread.join(settings.timeout().toMillis() + 1_000);
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    lock.lock();
    try {
      for (long left = settings.timeout().toNanos(); inFlight > 0 && left > 0;
          left = deadline - System.nanoTime()) {
        work.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
    executor.shutdown(); // no interrupts: an outcome being written to the store finishes
  }
}
