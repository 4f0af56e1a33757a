package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 file at moments the store chooses. H2 never overwrites data in place:
 * every synced commit appends a chunk, and H2's own background compaction rewrites and moves
 * chunks as it goes, syncing several times under the store's lock. Measured with the hub load
 * generator (benchmarks/README.md), that held durable commits up often enough to put the hub's
 * 99th percentile at 200 referrals a second above 50 ms, and in six idle minutes after a burst
 * it did not shrink the file at all. So the store opens H2 with its own compaction off
 * ({@code AUTO_COMPACT_FILL_RATE=0}) and this compacts instead: in short bites while nothing
 * has been written since its last look (until looks stop gaining), and, while busy, small
 * rewrites whenever live data falls below half of the chunks and the chunks are many. Under a
 * sustained burst far above any county's referral rate the file still grows; once the burst has
 * passed, the idle looks give most of it back (benchmarks/README.md).
 *
 * <p>This reaches into H2's engine (the MVStore behind a connection): H2's version is pinned in
 * the build, and a change there shows at once in {@code HousekeepingTest}.
 */
final class Housekeeping implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
  /** How often it looks. */
  private static final long TICK_MS = 250;
  /** Idle: the most one look rewrites or moves; a request arriving waits for it (8 MB: 90 ms). */
  private static final int IDLE_BITE_BYTES = 8 << 20;
  /** Idle: the share of live data a rewrite aims at. */
  private static final int IDLE_TARGET_PERCENT = 80;
  /** Idle: move chunks up to shrink the file once this share of it or less is in use. */
  private static final int MOVE_BELOW_PERCENT = 90;
  /**
   * Busy: below this share of live data in the chunks, rewrite anyway: every synced commit
   * writes a chunk, and H2 keeps a record in memory of each chunk that still holds live data.
   */
  private static final int BUSY_TARGET_PERCENT = 50;
  /** Busy: the most one look rewrites: a short pause (about 25 ms), 8 MB a second at most. */
  private static final int BUSY_BITE_BYTES = 2 << 20;
  /**
   * Busy: rewrite only once the file has more chunks than this, whose records in memory (about
   * 730 bytes each, measured) are what a long burst costs if it is left alone: 7 MB here.
   * Rewriting while busy before that gains little. Under a sustained full load of {@code
   * $assess} calls (H2 itself saving about nine chunks a second) it cost a sixth of the
   * processor time and left the file barely smaller; that load passes this after about 18
   * minutes. Synced commits (referrals taken in) write a chunk each, and H2 keeps them 45 s.
   */
  static final int BUSY_CHUNKS = 10_000;
  /**
   * Idle: after this many looks in a row gained nothing (a minute: H2 reuses the space of a
   * chunk it emptied only after 45 s), stop until the next write rather than keep moving the
   * same chunks about.
   */
  private static final int SETTLED_AFTER_LOOKS = 240;

  /** Where the file is reached again after H2 closed it (see {@link Store}: reopening). */
  private final DataSource pool;
  /** Busy: rewrite only beyond this many chunks ({@link #BUSY_CHUNKS} but in a test). */
  private final int busyChunks;
  /** The open database's file; replaced when H2 closed it and the store reopened it. */
  private MVStore file;
  private final ScheduledExecutorService timer;
  /**
   * The store's version when the last look ended: unchanged since means nothing was written.
   * Each look writes what it compacted before noting it, or the next would see its own write
   * as activity and never find the store idle.
   */
  private long versionAfterLastLook = -1;
  /** The file's size and live share at the last idle look, to see whether looks still gain. */
  private long sizeAtLastLook = Long.MAX_VALUE;
  private int liveAtLastLook = -1;
  /** Idle looks in a row after which neither had improved. */
  private int fruitlessLooks;
  /** The kind of failure the last look ended in, logged once, not at every tick; or null. */
  private String failing;

  private Housekeeping(DataSource pool, MVStore file, int busyChunks) {
    this.pool = pool;
    this.busyChunks = busyChunks;
    this.file = file;
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "recoverylink-store-housekeeping");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** What one look did. */
  enum Done { NOTHING, COMPACTED_IDLE, REWROTE_BUSY }

  /** Starts compacting the H2 database behind {@code pool}, a look every {@value #TICK_MS} ms. */
  static Housekeeping start(DataSource pool) throws SQLException {
    Housekeeping housekeeping = of(pool);
    housekeeping.timer.scheduleWithFixedDelay(() -> housekeeping.tick(), TICK_MS, TICK_MS,
        TimeUnit.MILLISECONDS);
    return housekeeping;
  }

  /** Housekeeping of the H2 database behind {@code pool} that looks only when asked. */
  static Housekeeping of(DataSource pool) throws SQLException {
    return of(pool, BUSY_CHUNKS);
  }

  /** As {@link #of(DataSource)}, rewriting while busy only beyond {@code busyChunks} chunks. */
  static Housekeeping of(DataSource pool, int busyChunks) throws SQLException {
    return new Housekeeping(pool, file(pool), busyChunks);
  }

  private static MVStore file(DataSource pool) throws SQLException {
    try (Connection connection = pool.getConnection()) {
      SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class)
          .getSession();
      return session.getDatabase().getStore().getMvStore();
    }
  }

  /**
   * After H2 closed its database (a write to the file failed) and the store opened it again,
   * looks at the new file, from scratch; false while it is not open again.
   */
  private boolean reopened() {
    try {
      MVStore reopened = file(pool);
      if (reopened.isClosed()) {
        return false;
      }
      file = reopened;
      versionAfterLastLook = -1;
      sizeAtLastLook = Long.MAX_VALUE;
      liveAtLastLook = -1;
      fruitlessLooks = 0;
      return true;
    } catch (SQLException e) { // unreachable still: the next tick tries again
      return false;
    }
  }

  /** The file's chunks, near enough: its layout has a record for each, and one a table or index. */
  private int chunks() {
    return file.getFileStore().getLayoutMap().size();
  }

  /** The share of the bytes in the file's chunks that are live data, in percent. */
  int liveShare() {
    return file.getFileStore().getChunksFillRate();
  }

  /** One look: compact if nothing was written since the last, rewrite a little if sparse. */
  Done tick() {
    Done done = Done.NOTHING;
    try {
      if (file.isClosed() && !reopened()) {
        return done;
      }
      boolean idle = file.getCurrentVersion() == versionAfterLastLook;
      if (idle && fruitlessLooks < SETTLED_AFTER_LOOKS) {
        long size = file.getFileStore().size();
        int live = liveShare();
        fruitlessLooks = size < sizeAtLastLook || live > liveAtLastLook ? 0 : fruitlessLooks + 1;
        sizeAtLastLook = size;
        liveAtLastLook = live;
        // Rewrite the live pages of sparse chunks, then move chunks into the holes that left
        // and cut the file's tail off.
        file.compact(IDLE_TARGET_PERCENT, IDLE_BITE_BYTES);
        if (file.getFileStore() instanceof RandomAccessStore chunks) {
          chunks.compactMoveChunks(MOVE_BELOW_PERCENT, IDLE_BITE_BYTES, file);
        }
        done = Done.COMPACTED_IDLE;
      } else if (!idle) {
        fruitlessLooks = 0;
        sizeAtLastLook = Long.MAX_VALUE;
        liveAtLastLook = -1;
        if (chunks() > busyChunks && liveShare() < BUSY_TARGET_PERCENT) {
          // Rewrite only: moving chunks syncs the file several times under H2's store lock.
          file.compact(BUSY_TARGET_PERCENT, BUSY_BITE_BYTES);
          done = Done.REWROTE_BUSY;
        }
      }
      if (done != Done.NOTHING) {
        file.commit();
      }
      versionAfterLastLook = file.getCurrentVersion();
      if (failing != null) {
        LOG.info("store housekeeping resumed");
        failing = null;
      }
    } catch (RuntimeException e) { // e.g. the store closing under it: try again next tick
      if (!e.getClass().getName().equals(failing)) {
        LOG.warn("store housekeeping failed: {}; trying again every {} ms", e.toString(),
            TICK_MS);
      }
      failing = e.getClass().getName();
    }
    return done;
  }

  @Override
  public void close() {
    Store.stopWhenDone(timer, Duration.ofSeconds(5));
  }
}
