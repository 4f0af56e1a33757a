package org.recoverylink.server.observe;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.recoverylink.server.store.Heartbeat;
import org.recoverylink.server.store.OutboxStatus;
import org.recoverylink.server.store.Store;
import org.recoverylink.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server is ready to serve, checked by a thread of its own every second rather than
 * by each probe: a heartbeat written durably shows the database taking writes (a database that
 * answers but whose disk is full is not ready), and one cheap query (the outbox's depth and
 * oldest due delivery) shows it answering, its figures feeding the metrics too. A probe reads the last result, so it is
 * answered at once however the database behaves; a query still unanswered after
 * {@link #STALE} counts as the database being down.
 *
 * <p>Ready when the database answers, the schema is migrated (the store migrates it before the
 * server is built, so this holds from the start), the warm-up is done, and no delivery has been
 * due for longer than the threshold (the dispatchers are keeping up).
 */
public final class Readiness implements AutoCloseable {

  /** How often the database is asked. */
  static final Duration PERIOD = Duration.ofSeconds(1);
  /** How long one check's query may take. */
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);
  /** A check that has not finished this long after the last success: the database is down. */
  static final Duration STALE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

  /**
   * The checks and their states, by name: what {@code GET /health/ready} answers.
   *
   * @param ready  every check passes
   * @param checks each check's name and state, in a fixed order
   */
  public record Report(boolean ready, Map<String, String> checks) {

    public Report {
      checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
    }

    /** As JSON: fixed words only, so nothing needs escaping. */
    public String json() {
      StringBuilder json = new StringBuilder("{\"status\":\"")
          .append(ready ? "ready" : "not-ready").append("\",\"checks\":{");
      String comma = "";
      for (Map.Entry<String, String> check : checks.entrySet()) {
        json.append(comma).append('"').append(check.getKey()).append("\":\"")
            .append(check.getValue()).append('"');
        comma = ",";
      }
      return json.append("}}").toString();
    }
  }

  /** A finished check: when (System.nanoTime), and the outbox then, or none when it failed. */
  private record Checked(long at, Optional<OutboxStatus.Snapshot> outbox) {
  }

  private final OutboxStatus outbox;
  private final Heartbeat heartbeat;
  private final Duration maxDueAge;
  private final Clock clock;
  private final long started = System.nanoTime();
  private final ScheduledExecutorService thread;
  /** The last check that succeeded, and the last that finished. */
  private volatile Checked lastSuccess;
  private volatile Checked last;
  private volatile boolean warmedUp;

  /**
   * Starts checking.
   *
   * @param maxDueAge the longest a due delivery may wait before the server is not ready
   * @param clock     the server's clock, which the outbox's times are written by
   */
  public Readiness(OutboxStatus outbox, Heartbeat heartbeat, Duration maxDueAge, Clock clock) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.heartbeat = Objects.requireNonNull(heartbeat, "heartbeat");
    this.maxDueAge = Objects.requireNonNull(maxDueAge, "maxDueAge");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.thread = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread checker = new Thread(task, "recoverylink-health");
      checker.setDaemon(true);
      return checker;
    });
    thread.scheduleWithFixedDelay(this::check, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    Checked checked;
    try {
      heartbeat.beat(clock.instant());
      checked = new Checked(System.nanoTime(), Optional.of(outbox.read(clock.instant(),
          QUERY_TIMEOUT)));
      lastSuccess = checked;
    } catch (RuntimeException e) { // StoreException's message is a SQL state, never data
      checked = new Checked(System.nanoTime(), Optional.empty());
      if (last == null || last.outbox().isPresent()) {
        LOG.warn("readiness: the database does not answer: {}", e instanceof StoreException
            ? e.getMessage() : e.getClass().getSimpleName());
      }
    }
    if (checked.outbox().isPresent() && last != null && last.outbox().isEmpty()) {
      LOG.info("readiness: the database answers again");
    }
    last = checked;
  }

  /** The warm-up is done: the first real requests will be served at full speed. */
  public void warmedUp() {
    warmedUp = true;
  }

  /** The outbox as last read, while the database answers. */
  public Optional<OutboxStatus.Snapshot> outbox() {
    Checked success = lastSuccess;
    return success != null && fresh(success) ? success.outbox() : Optional.empty();
  }

  /** How long the delivery due longest has waited, while the database answers. */
  public Optional<Duration> oldestDueAge() {
    return outbox().map(snapshot -> snapshot.oldestDueAge(clock.instant()));
  }

  /** Every check's state now. */
  public Report report() {
    Checked finished = last;
    boolean database = finished != null && finished.outbox().isPresent() && fresh(finished);
    Optional<Duration> due = oldestDueAge();
    boolean outboxOk = due.isPresent() && due.get().compareTo(maxDueAge) <= 0;
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put("database", database ? "up" : finished == null && !expired() ? "starting"
        : "down");
    checks.put("migrations", "done");
    checks.put("warm-up", warmedUp ? "done" : "pending");
    checks.put("outbox", due.isEmpty() ? "unknown" : outboxOk ? "ok" : "late");
    return new Report(database && warmedUp && outboxOk, checks);
  }

  private boolean expired() {
    return System.nanoTime() - started > STALE.toNanos();
  }

  private static boolean fresh(Checked checked) {
    return System.nanoTime() - checked.at() <= STALE.toNanos();
  }

  @Override
  public void close() {
    Store.stopWhenDone(thread, Duration.ofSeconds(5)); // no beat after the row is removed
    heartbeat.stop();
  }
}
