package org.recoverylink.server.hearback;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.referral.BarsStatusMessage;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.HearBackStore;
import org.recoverylink.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells what the {@code hear_back} outbox holds (issue 24): a BaRS status message POSTed to the
 * referrer's {@code {base}/$process-message} with the row's id as {@code X-Request-ID} on every
 * attempt (a receiver that has it answers 409: told), or a text or email through
 * {@link Notifications} with the row's id as the reference. A 2xx or 409 is told; no answer, a
 * timeout, 408, 429 or 5xx is tried again after a wait that doubles from
 * {@link HearBackSettings#firstRetry} up to an hour, until {@link HearBackSettings#maxAge}; any
 * other answer is given up and kept as failed with why. Rows are claimed with a lease, so
 * several processes on one database share the outbox and a process that dies mid-send leaves its
 * rows to another.
 *
 * <p>Exactly once: a row is queued once per change (a unique key), and marked sent in the same
 * moment it is answered. A BaRS receiver turns away the same X-Request-ID a second time; Notify
 * does not, so a process dying between Notify's answer and the mark, or an answer that comes
 * after the wait for it gave up, would send that one text again: the price of never losing one.
 */
public final class HearBackSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(HearBackSender.class);
  private static final int BATCH = 20;
  private static final int CALLERS = 4;
  private static final Duration IDLE = Duration.ofMillis(250);
  private static final Duration MAX_WAIT = Duration.ofHours(1);

  private final HearBackStore store;
  private final Notifications notifications;
  private final FhirContext fhir;
  private final Supplier<String> sourceBase;
  private final HearBackSettings settings;
  private final Clock clock;
  private final HttpClient http;
  /** Runs each Notify call, which has no timeout of its own, so that one can be given up. */
  private final ExecutorService calls;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private boolean woken; // guarded by lock
  private volatile boolean running = true;

  /** @param sourceBase the hub's FHIR base, for the messages' source */
  public HearBackSender(HearBackStore store, Notifications notifications, FhirContext fhir,
      Supplier<String> sourceBase, HearBackSettings settings, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.sourceBase = Objects.requireNonNull(sourceBase, "sourceBase");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
        .version(HttpClient.Version.HTTP_1_1).build();
    // Bounded: a Notify call that hangs past its wait keeps its thread; the next wait for one.
    this.calls = Executors.newFixedThreadPool(CALLERS, task -> {
      Thread worker = new Thread(task, "recoverylink-hear-back-call");
      worker.setDaemon(true);
      return worker;
    });
    this.thread = new Thread(this::run, "recoverylink-hear-back");
    thread.setDaemon(true);
  }

  public HearBackSender start() {
    thread.start();
    return this;
  }

  /** Something was queued here: look now. */
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
    String failing = null;
    while (running) {
      boolean claimed = false;
      try {
        claimed = sendOnce();
        if (failing != null) {
          LOG.info("hearing back resumed");
          failing = null;
        }
      } catch (RuntimeException e) { // the database is away: the next tick tries again
        String failure = e instanceof StoreException ? e.getMessage()
            : e.getClass().getSimpleName();
        if (!failure.equals(failing)) {
          LOG.warn("hearing back failed: {}; trying again until it works", failure);
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
        work.await(IDLE.toMillis(), TimeUnit.MILLISECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /** Claims what is due and tells it, one after another; whether anything was claimed. */
  boolean sendOnce() {
    // The rows are told one after another, each attempt at most the timeout: the lease outlasts
    // them all, so no other process takes (and tells again) a row this one has yet to reach.
    List<HearBackStore.Due> due = store.claim(BATCH, clock.instant(),
        settings.timeout().multipliedBy(BATCH + 1L).plusSeconds(5));
    for (HearBackStore.Due telling : due) {
      if (!running) {
        break; // the rest come due again when their lease runs out
      }
      tell(telling);
    }
    return !due.isEmpty();
  }

  private void tell(HearBackStore.Due due) {
    Instant attempted = clock.instant();
    Outcome outcome;
    try {
      outcome = switch (due.channel()) {
        case HearBackStore.BARS -> bars(due);
        case HearBackStore.SMS -> notify(() -> notifications.text(due.address(), due.payload(),
            due.id()));
        case HearBackStore.EMAIL -> notify(() -> notifications.email(due.address(),
            due.payload(), due.id()));
        default -> new Outcome(false, false, 0, "unknown channel " + due.channel());
      };
    } catch (RuntimeException e) { // the message could not be made: no retry changes that
      outcome = new Outcome(false, false, 0, "could not be written: "
          + e.getClass().getSimpleName());
    }
    Instant now = clock.instant();
    AuditTrail.Entry audit = new AuditTrail.Entry(now, Optional.empty(), 'E',
        "hear back " + due.channel(), Optional.of("Task/" + due.task()),
        due.channel().equals(HearBackStore.BARS) ? Optional.ofNullable(due.patient())
            : Optional.empty(), outcome.status());
    if (outcome.told()) {
      store.sent(due, audit);
      return;
    }
    Instant deadline = due.queued().plus(settings.maxAge());
    if (!outcome.retry() || !attempted.isBefore(deadline)) {
      store.failed(due, outcome.error(), audit);
      LOG.warn("hearing back given up: Task/{} by {}: {}", due.task(), due.channel(),
          outcome.error());
      return;
    }
    Instant next = now.plus(backoff(due.attempts() + 1));
    store.retry(due, next.isAfter(deadline) ? deadline : next, outcome.error(), audit);
  }

  /** What one attempt came to. */
  private record Outcome(boolean told, boolean retry, int status, String error) {
  }

  private interface Call {
    void run() throws Notifications.Failed;
  }

  private Outcome notify(Call call) {
    Future<?> sending = calls.submit(() -> {
      call.run();
      return null;
    });
    try {
      sending.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return new Outcome(true, false, 201, null);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Notifications.Failed failed) {
        return new Outcome(false, failed.retry(), failed.status(), failed.getMessage());
      }
      return new Outcome(false, true, 0, "GOV.UK Notify: "
          + e.getCause().getClass().getSimpleName());
    } catch (TimeoutException e) {
      sending.cancel(true);
      return new Outcome(false, true, 0, "GOV.UK Notify did not answer within "
          + settings.timeout().toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, true, 0, "interrupted");
    }
  }

  private Outcome bars(HearBackStore.Due due) {
    ServiceRequest referral = fhir.newJsonParser().parseResource(ServiceRequest.class,
        due.referralJson());
    Task task = fhir.newJsonParser().parseResource(Task.class, due.payload());
    Bundle message = new BarsStatusMessage(sourceBase.get()).write(referral, task,
        due.address(), due.queued());
    String base = due.address().endsWith("/")
        ? due.address().substring(0, due.address().length() - 1) : due.address();
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/$process-message"))
        .timeout(settings.timeout())
        .header("Content-Type", "application/fhir+json")
        .header("Accept", "application/fhir+json")
        .header("X-Request-ID", due.id())
        .header("X-Correlation-ID", due.referral())
        .POST(HttpRequest.BodyPublishers.ofByteArray(JsonEncoder.encode(message))).build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status / 100 == 2 || status == 409) {
        return new Outcome(true, false, status, null);
      }
      boolean retry = status == 408 || status == 429 || status >= 500;
      return new Outcome(false, retry, status, "the referrer answered HTTP " + status);
    } catch (IOException e) {
      return new Outcome(false, true, 0, "cannot reach the referrer: "
          + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(false, true, 0, "interrupted");
    }
  }

  /** Doubling from the first retry up to an hour, then a random half taken off. */
  private Duration backoff(int attempt) {
    long first = settings.firstRetry().toMillis();
    long cap = MAX_WAIT.toMillis();
    long full = attempt >= 31 ? cap : Math.min(cap, first << Math.max(0, attempt - 1));
    return Duration.ofMillis(full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1));
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    wake();
    thread.join(settings.timeout().toMillis() * 2 + 1_000);
    calls.shutdownNow();
  }
}
