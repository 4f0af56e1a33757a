package org.recoverylink.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The endpoint's database: a pooled JDBC connection to an embedded H2 file in the data directory,
 * or to a server database such as PostgreSQL, with the schema migrated by Flyway on opening.
 * Work runs in {@link #transaction}: all of it is committed, or none. The embedded file is
 * compacted by {@link Housekeeping}, not by H2 itself; rows written in time order get keys from
 * {@link Ids}.
 *
 * <p>While the database cannot be reached or written, work fails fast with
 * {@link StoreUnavailableException}: a connection is waited for at most
 * {@link #CONNECTION_TIMEOUT}, and a pooled one that sat idle is checked within
 * {@link #VALIDATION_TIMEOUT} before it is handed out. When the database itself said so (a
 * refused or broken connection, PostgreSQL shutting down, H2 failing to write its file and
 * closing its database), every pooled connection is let go, and work fails at once for
 * {@link #RECHECK_AFTER}; then the next work connects afresh, which reopens the embedded file,
 * so the store recovers by itself once the database or the disk is back.
 */
public final class Store implements AutoCloseable {

  /**
   * The longest work waits for a connection before it fails with
   * {@link StoreUnavailableException} (docs/http-api.md "When the database is unavailable").
   */
  public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
  /** The longest a pooled connection's check may take, when it is handed out after a rest. */
  public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
  /**
   * After the database was found unavailable, work fails at once for this long; then the next
   * work tries the database again. So a request does not wait for a connection twice (its work,
   * then its audit row), and a stopped database costs most requests no wait at all.
   */
  public static final Duration RECHECK_AFTER = Duration.ofSeconds(1);
  /**
   * H2's own trace file off. With it on, a database failing over and over (a full disk) wrote a
   * stack trace for each failure into the data directory, the very disk that was full: H2
   * checks the file's size limit only every 4,096 lines, and a reopened database counts afresh.
   * H2's failures reach the store as exceptions, which the server logs by SQL state and error
   * code; the trace file would also quote statements with their values, which hold patient data.
   */
  static final String H2_TRACE = ";TRACE_LEVEL_FILE=0";

  /** Work on one connection inside one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private final HikariDataSource pool;
  /** H2: a commit is in the file only once the store writes it (see {@link #durably}). */
  private final boolean checkpoint;
  /** H2: durable commits numbered as they complete; one checkpoint covers all counted before it. */
  private final AtomicLong durableCommits = new AtomicLong();
  private final Object checkpointLock = new Object();
  private long checkpointed; // guarded by checkpointLock: the last commit number on disk
  /** The embedded H2 file's compaction; null for a server database. */
  private final Housekeeping housekeeping;
  /** Set when the database was found unavailable; cleared when work succeeds again. */
  private volatile Unavailable unavailable;

  /** The failure that found the database unavailable, and until when work does not try it. */
  private record Unavailable(SQLException failure, long untilNanos) {
  }

  private Store(HikariConfig config, boolean embedded) {
    this.checkpoint = config.getJdbcUrl().startsWith("jdbc:h2:");
    config.setPoolName("recoverylink-store");
    config.setAutoCommit(false);
    config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
    config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
    this.pool = new HikariDataSource(config);
    try {
      Flyway.configure().dataSource(pool).load().migrate();
      this.housekeeping = embedded ? Housekeeping.start(pool) : null;
    } catch (SQLException e) {
      pool.close();
      throw new StoreException(e);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * The embedded H2 database {@code recoverylink} in {@code data}, created on first use. H2
   * locks the file: a second process on the same directory is refused at start.
   */
  public static Store embedded(Path data) {
    return embedded(data, null);
  }

  /**
   * As {@link #embedded(Path)}, the pool measured by {@code metrics} (null: not measured), which
   * a pool takes only before it starts.
   */
  public static Store embedded(Path data, MetricsTrackerFactory metrics) {
    HikariConfig config = new HikariConfig();
    measure(config, metrics);
    config.setJdbcUrl(embeddedUrl(data));
    config.setUsername("recoverylink");
    config.setPassword("");
    return new Store(config, true);
  }

  /**
   * The JDBC URL of the embedded database in {@code data}. H2's own compaction is off:
   * {@link Housekeeping} compacts at moments that hold no request up. The file is opened
   * through H2's {@code retry:} file system: Java closes a file channel under a thread
   * interrupted during I/O, and on plain {@code file:} H2 then closed the whole store, losing
   * the commits not yet in the file and refusing every request after. Jetty interrupts the
   * request threads still running when its stop times out; with {@code retry:} H2 opens the
   * file again and finishes the interrupted read or write.
   *
   * <p>A page cache of 4 MB, not the sixteenth of the heap H2 takes by default: the screening
   * counts' key index outgrows either, and each write of held counts reads most of its pages. In
   * a small cache those pages die young; in the larger one they lived long enough to be copied
   * from survivor space to survivor space by every young collection (under load, 2.1 MB
   * surviving each instead of 3.2-3.5 MB, and a shorter p99; benchmarks/README.md, "A smaller
   * page cache").
   */
  static String embeddedUrl(Path data) {
    return "jdbc:h2:retry:" + data.toAbsolutePath().resolve("recoverylink")
        + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=0;CACHE_SIZE=4096" + H2_TRACE;
  }

  /** A server database, e.g. {@code jdbc:postgresql://localhost/recoverylink}. */
  public static Store connect(String jdbcUrl, String user, String password) {
    return connect(jdbcUrl, user, password, null);
  }

  /** As {@link #connect(String, String, String)}, the pool measured by {@code metrics}. */
  public static Store connect(String jdbcUrl, String user, String password,
      MetricsTrackerFactory metrics) {
    HikariConfig config = new HikariConfig();
    measure(config, metrics);
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    return new Store(config, false);
  }

  /**
   * Stops a thread that reads or writes the store once its current work is done, waiting at
   * most {@code wait}, without an interrupt: its work is let finish rather than fail part-way
   * (a server database's driver may also drop its connection on one).
   */
  public static void stopWhenDone(ExecutorService thread, Duration wait) {
    thread.shutdown();
    try {
      thread.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void measure(HikariConfig config, MetricsTrackerFactory metrics) {
    if (metrics != null) {
      config.setMetricsTrackerFactory(metrics);
    }
  }

  /**
   * Runs the work in one transaction: committed when it returns, rolled back when it throws.
   *
   * @throws StoreUnavailableException when the database cannot be reached or written
   * @throws StoreException when the database fails otherwise
   */
  public <T> T transaction(Work<T> work) {
    return run(work, false);
  }

  /**
   * Runs the work as {@link #transaction} does, and returns only once the commit is on the disk,
   * for writes whose answer promises them kept (a referral's 201). PostgreSQL's commit does that
   * already. H2 keeps no log: it writes commits to its file every half second, so a process
   * killed in between loses the last ones; here the commit is written and synced at once
   * (CHECKPOINT SYNC), so it survives the process being killed and the machine losing power.
   * Concurrent callers share one checkpoint (group commit): the thread that takes the lock
   * writes every commit finished so far, and those waiting behind it find theirs written. The
   * audit trail's group commits do not come here: with a checkpoint for each, $assess served a
   * fifth of the requests per second. Measured with the hub load generator
   * (benchmarks/README.md), the hub's p99 at 200 referrals a second is 15-33 ms with the sync.
   */
  public <T> T durably(Work<T> work) {
    return run(work, checkpoint);
  }

  private <T> T run(Work<T> work, boolean checkpoint) {
    failIfRecentlyUnavailable();
    try (Connection connection = pool.getConnection()) {
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) { // a broken connection: the failure is the first
          e.addSuppressed(rollback);
        }
        throw e;
      }
      if (checkpoint) {
        checkpoint(connection, durableCommits.incrementAndGet());
      }
      if (unavailable != null) {
        unavailable = null; // back: the next work need not wait out a recheck
      }
      return result;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /**
   * Whether the database answers just now: a connection is taken from the pool (connecting
   * afresh if need be) and checked, within {@link #CONNECTION_TIMEOUT} and
   * {@link #VALIDATION_TIMEOUT}. It says nothing of room on the disk: a full disk shows when
   * work writes.
   */
  public boolean reachable() {
    try {
      failIfRecentlyUnavailable();
    } catch (StoreUnavailableException e) {
      return false;
    }
    try (Connection connection = pool.getConnection()) {
      boolean valid = connection.isValid((int) VALIDATION_TIMEOUT.toSeconds());
      if (valid && unavailable != null) {
        unavailable = null;
      }
      return valid;
    } catch (SQLException e) {
      failure(e);
      return false;
    }
  }

  private void failIfRecentlyUnavailable() {
    Unavailable known = unavailable;
    if (known != null && known.untilNanos() - System.nanoTime() > 0) {
      throw new StoreUnavailableException(known.failure());
    }
  }

  /**
   * The exception for a failure; when the database said it cannot be reached or written, the
   * pool lets go of every connection (those in use as they come back), since they point at a
   * database that is gone or, for H2, closed after a failed write.
   */
  private StoreException failure(SQLException e) {
    if (!StoreUnavailableException.isUnavailable(e)) {
      return new StoreException(e);
    }
    if (StoreUnavailableException.fromTheDatabase(e)) {
      unavailable = new Unavailable(e, System.nanoTime() + RECHECK_AFTER.toNanos());
      pool.getHikariPoolMXBean().softEvictConnections();
    }
    return new StoreUnavailableException(e);
  }

  private void checkpoint(Connection connection, long commit) throws SQLException {
    synchronized (checkpointLock) {
      if (checkpointed >= commit) {
        return; // a checkpoint begun after this commit finished has written it
      }
      long covered = durableCommits.get(); // each of these finished its commit before counting
      try (Statement statement = connection.createStatement()) {
        statement.execute("CHECKPOINT SYNC");
      }
      checkpointed = covered;
    }
  }

  @Override
  public void close() {
    if (housekeeping != null) {
      housekeeping.close();
    }
    pool.close();
  }
}
