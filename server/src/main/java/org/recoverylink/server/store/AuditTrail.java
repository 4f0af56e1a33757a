package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.recoverylink.core.text.Quote;

/**
 * The audit trail: one {@code audit_event} row per request that reads or writes patient data.
 * {@link #record} returns only once its row is committed, so no answer leaves without its
 * audit. Rows are written in batches, one transaction per batch (group commit): under load,
 * many requests share a commit instead of queueing for one each. A batch is committed by the
 * writer thread, or by a request's own thread when no commit is under way. On PostgreSQL a
 * commit is durable; on the embedded H2 database it reaches the file within half a second, so a
 * killed process can lose the rows of its last half second (see {@link Store#durably}).
 */
public final class AuditTrail implements AutoCloseable {

  /** The most rows in one commit. */
  private static final int BATCH = 256;
  /** The characters of the "..." that marks a value cut to fit its column. */
  private static final int CUT = 3;
  /** How long a request waits for its row before it is answered with an error. */
  private static final long WAIT_SECONDS = 10;

  /**
   * One audited request.
   *
   * @param recorded  when it was answered
   * @param caller    the token's subject, role and organisation; empty when none was accepted
   * @param action    FHIR AuditEvent action: C create, R read, U update, D delete, E execute
   * @param operation method and path, e.g. {@code POST Procedure}
   * @param entity    the resource read or written, e.g. {@code Procedure/123}
   * @param patient   the NHS number concerned, where known
   * @param outcome   the HTTP status answered
   */
  public record Entry(Instant recorded, Optional<Who> caller, char action, String operation,
      Optional<String> entity, Optional<String> patient, int outcome) {

    public Entry {
      Objects.requireNonNull(recorded, "recorded");
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(operation, "operation");
      Objects.requireNonNull(entity, "entity");
      Objects.requireNonNull(patient, "patient");
      if ("CRUDE".indexOf(action) < 0) {
        throw new IllegalArgumentException("action is one of C R U D E");
      }
    }
  }

  /** Who made the request, from their token. */
  public record Who(String subject, String role, String organisation) {
  }

  private record Pending(Entry entry, CompletableFuture<Void> written) {
  }

  private static final Pending STOP = new Pending(null, null);
  private static final String INSERT = "INSERT INTO audit_event (recorded, caller, caller_role,"
      + " caller_org, action, operation, entity, patient, outcome)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Store store;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  /** Held while a batch is committed: by the writer, or a request that found none under way. */
  private final ReentrantLock committing = new ReentrantLock();
  private final Thread writer;

  public AuditTrail(Store store) {
    this.store = store;
    this.writer = new Thread(this::write, "recoverylink-audit");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Records an entry and waits until it is committed.
   *
   * @throws StoreUnavailableException when the database cannot be reached or written: within
   *     the store's bound on waiting for a connection, or at once when rows queued before it
   *     have just found the database away
   * @throws StoreException or an unchecked exception when the row could not be written
   */
  public void record(Entry entry) {
    Pending pending = new Pending(Objects.requireNonNull(entry, "entry"),
        new CompletableFuture<>());
    queue.add(pending);
    // No commit under way: this thread commits what is queued itself, rather than wait for the
    // writer to wake and then to be woken by it (two thread switches, each slow on a busy
    // machine). Under load the lock is mostly taken, and the writer's next batch takes the row.
    if (committing.tryLock()) {
      try {
        List<Pending> batch = new ArrayList<>(BATCH);
        queue.drainTo(batch, BATCH);
        if (commitAll(batch)) {
          queue.add(STOP); // close() came meanwhile: the writer still has to see it
        }
      } finally {
        committing.unlock();
      }
    }
    try {
      pending.written().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime
          : new IllegalStateException("the audit row was not written", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("the audit row was not written in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the audit row", e);
    }
  }

  private void write() {
    while (true) {
      List<Pending> batch = new ArrayList<>(BATCH);
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        return;
      }
      boolean stop;
      committing.lock();
      try {
        queue.drainTo(batch, BATCH - 1);
        stop = commitAll(batch);
      } finally {
        committing.unlock();
      }
      if (stop) {
        return;
      }
    }
  }

  /**
   * Commits a batch (the caller holds {@link #committing}) and tells each request how it went.
   *
   * @return whether the batch held {@link #STOP}
   */
  private boolean commitAll(List<Pending> batch) {
    boolean stop = batch.remove(STOP);
    if (batch.isEmpty()) {
      return stop;
    }
    try {
      insert(batch);
      batch.forEach(pending -> pending.written().complete(null));
    } catch (StoreUnavailableException e) {
      // Rows queued meanwhile would wait for a connection only to fail the same way: their
      // requests are answered now, within the store's bound, not after a second wait.
      queue.drainTo(batch);
      stop |= batch.remove(STOP);
      batch.forEach(pending -> pending.written().completeExceptionally(e));
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.written().completeExceptionally(e));
    }
    return stop;
  }

  /**
   * One transaction for the batch. Not durably: on H2 a checkpoint per batch cost four fifths
   * of $assess's throughput and grew the file by gigabytes; H2 writes commits to its file
   * within half a second.
   */
  private void insert(List<Pending> batch) {
    store.transaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        for (Pending pending : batch) {
          bind(insert, pending.entry());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }

  /**
   * Writes an entry on a connection whose transaction writes what the entry is about: the row
   * commits or rolls back with it (a referral and its audit row are one commit).
   */
  public static void insert(Connection connection, Entry entry) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
      bind(insert, entry);
      insert.executeUpdate();
    }
  }

  /**
   * Binds an entry, each text cut to its column (V1: caller 200, role 20, organisation 100,
   * operation 200, entity 200, patient 10 characters) with the cut marked: a value too long is
   * kept in part rather than costing the row, so no request goes unaudited for its length.
   */
  private static void bind(PreparedStatement insert, Entry entry) throws SQLException {
    Instants.set(insert, 1, entry.recorded());
    setOrNull(insert, 2, entry.caller().map(Who::subject), 200);
    setOrNull(insert, 3, entry.caller().map(Who::role), 20);
    setOrNull(insert, 4, entry.caller().map(Who::organisation), 100);
    insert.setString(5, String.valueOf(entry.action()));
    insert.setString(6, fit(entry.operation(), 200));
    setOrNull(insert, 7, entry.entity(), 200);
    setOrNull(insert, 8, entry.patient(), 10);
    insert.setInt(9, entry.outcome());
  }

  private static void setOrNull(PreparedStatement statement, int index, Optional<String> value,
      int column) throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, fit(value.get(), column));
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  /** The value, or its first characters and "..." when it is longer than the column. */
  static String fit(String value, int column) {
    return value.length() <= column ? value : Quote.prefix(value, column - CUT);
  }

  /** Writes what is queued, then stops the writer. */
  @Override
  public void close() {
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
