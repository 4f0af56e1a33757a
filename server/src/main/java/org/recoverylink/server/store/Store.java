package org.recoverylink.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * The endpoint's database: a pooled JDBC connection to an embedded H2 file in the data directory,
 * or to a server database such as PostgreSQL, with the schema migrated by Flyway on opening.
 * Work runs in {@link #transaction}: all of it is committed, or none. The embedded file is
 * compacted by {@link Housekeeping}, not by H2 itself; rows written in time order get keys from
 * {@link Ids}.
 */
public final class Store implements AutoCloseable {

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

  private Store(HikariConfig config, boolean embedded) {
    this.checkpoint = config.getJdbcUrl().startsWith("jdbc:h2:");
    config.setPoolName("recoverylink-store");
    config.setAutoCommit(false);
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
    // H2's own compaction off: Housekeeping compacts at moments that hold no request up.
    config.setJdbcUrl("jdbc:h2:file:" + data.toAbsolutePath().resolve("recoverylink")
        + ";DB_CLOSE_ON_EXIT=FALSE;AUTO_COMPACT_FILL_RATE=0");
    config.setUsername("recoverylink");
    config.setPassword("");
    return new Store(config, true);
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

  private static void measure(HikariConfig config, MetricsTrackerFactory metrics) {
    if (metrics != null) {
      config.setMetricsTrackerFactory(metrics);
    }
  }

  /**
   * Runs the work in one transaction: committed when it returns, rolled back when it throws.
   *
   * @throws StoreException when the database fails
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
    try (Connection connection = pool.getConnection()) {
      T result;
      try {
        result = work.run(connection);
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
      if (checkpoint) {
        checkpoint(connection, durableCommits.incrementAndGet());
      }
      return result;
    } catch (SQLException e) {
      throw new StoreException(e);
    }
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
