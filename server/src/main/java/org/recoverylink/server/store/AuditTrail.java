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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.recoverylink.core.text.Quote;

/**
 * The audit trail: one {@code audit_event} row per request that reads or writes patient data.
 * {@link #record} returns only once its row is committed, so no answer leaves without its
 * audit. Rows are written in batches, one transaction per batch (group commit): under load,
 * many requests share a commit instead of queueing for one each. A request's own thread commits
 * what is queued when no commit is under way; one that finds a commit under way leaves its row
 * to that commit's thread, which looks at the queue again when it is done. The writer thread
 * only takes what a request's thread leaves (see {@link #commitQueued}). On PostgreSQL a commit
 * is durable; on the embedded H2 database it reaches the file within half a second, so a killed
 * process can lose the rows of its last half second (see {@link Store#durably}).
 */
public final class AuditTrail implements AutoCloseable {

  /** The most rows in one commit. */
  private static final int BATCH = 256;
  /** Batches a request's thread commits for others once its own row is in. */
  static final int HELPING = 4;
  /** The writer looks at the queue this often even when no thread has woken it. */
  private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
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

  private static final String INSERT = "INSERT INTO audit_event (recorded, caller, caller_role,"
      + " caller_org, action, operation, entity, patient, outcome)"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private final Store store;
  private final int helping;
  /** Rows not yet taken into a commit. Adding wakes no thread, unlike a blocking queue. */
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  /** Held while a batch is committed: by a request's thread, or the writer. */
  private final ReentrantLock committing = new ReentrantLock();
  private volatile boolean stopping;
  private final Thread writer;

  public AuditTrail(Store store) {
    this(store, HELPING);
  }

  AuditTrail(Store store, int helping) {
    this.store = store;
    this.helping = helping;
    this.writer = new Thread(this::writeWhenWoken, "recoverylink-audit");
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
    commitQueued(pending.written());
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

  /**
   * Commits what is queued, a batch at a time, while no other thread is committing: until
   * {@code own} row is in, then at most {@link #HELPING} batches more; rows still queued then
   * are the writer's, woken for them (once the trail is closing, this thread goes on). A thread
   * that finds a commit under way leaves: that commit's thread looks at the queue again once it
   * has let go of the lock, so it sees every row queued before, and no row waits for a thread
   * to wake. Under load a request's thread commits for the others, and an answer costs no
   * thread switch beyond its own wait for its row; waking the writer for every row was a
   * fiftieth of {@code $assess}'s processor time.
   */
  private void commitQueued(Future<?> own) {
    int helped = 0;
    while (!queue.isEmpty()) {
      if (own.isDone() && helped++ >= helping && !stopping) {
        LockSupport.unpark(writer);
        return;
      }
      if (!committing.tryLock()) {
        return; // the thread committing looks again when it is done
      }
      try {
        commitAll(take(BATCH));
      } finally {
        committing.unlock();
      }
    }
  }

  /** Takes what a request's thread left, when woken for it, and looks every so often anyway. */
  private void writeWhenWoken() {
    while (!stopping || !queue.isEmpty()) {
      LockSupport.parkNanos(this, LOOK_NANOS);
      while (!queue.isEmpty()) {
        committing.lock();
        try {
          commitAll(take(BATCH));
        } finally {
          committing.unlock();
        }
      }
    }
  }

  /** At most {@code most} rows from the head of the queue. */
  private List<Pending> take(int most) {
    List<Pending> taken = new ArrayList<>();
    for (Pending next; taken.size() < most && (next = queue.poll()) != null; ) {
      taken.add(next);
    }
    return taken;
  }

  /** Commits a batch (the caller holds {@link #committing}) and tells each request how it went. */
  private void commitAll(List<Pending> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      insert(batch);
      batch.forEach(pending -> pending.written().complete(null));
    } catch (StoreUnavailableException e) {
      // Rows queued meanwhile would wait for a connection only to fail the same way: their
      // requests are answered now, within the store's bound, not after a second wait.
      batch.addAll(take(Integer.MAX_VALUE));
      batch.forEach(pending -> pending.written().completeExceptionally(e));
    } catch (RuntimeException e) {
      batch.forEach(pending -> pending.written().completeExceptionally(e));
    }
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
    stopping = true;
    LockSupport.unpark(writer);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
