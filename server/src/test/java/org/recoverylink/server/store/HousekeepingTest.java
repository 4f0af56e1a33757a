package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded H2 file's housekeeping: with H2's own compaction off (as the store opens it), a
 * file full of superseded versions gets its live data gathered up again while nothing is
 * written, rests once that gains nothing more, and loses or changes nothing.
 */
class HousekeepingTest {

  private static final int ROWS = 200;
  private static final String ROW = "x".repeat(8_000); // a referral's JSON is about 8 KB

  @Test
  void anIdleStoreGathersItsLiveDataAndABusyOneIsLeftAlone(@TempDir Path data)
      throws Exception {
    JdbcDataSource source = source(data);
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INT PRIMARY KEY, version INT, body VARCHAR(10000))");
      for (int i = 0; i < ROWS; i++) {
        statement.execute("INSERT INTO t VALUES (" + i + ", 0, '" + ROW + "')");
      }
      // Every round of updates supersedes what the last wrote, as Task and outbox updates do,
      // and each checkpoint writes the round to the file as a chunk of its own.
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE t SET version = ?, body = ? WHERE id = ?")) {
        for (int round = 1; round <= 10; round++) {
          for (int i = 0; i < ROWS; i += 3) {
            update.setInt(1, round);
            update.setString(2, ROW + round);
            update.setInt(3, i);
            update.executeUpdate();
          }
          statement.execute("CHECKPOINT SYNC");
        }
      }

      retainNothing(connection);
      Housekeeping housekeeping = Housekeeping.of(source);
      int before = housekeeping.liveShare();
      assertTrue(before < 80, "superseded versions fill the file: " + before + "% live");
      housekeeping.tick(); // the first look only notes where the store stands
      for (int look = 0; look < 8; look++) {
        assertEquals(Housekeeping.Done.COMPACTED_IDLE, housekeeping.tick(), "look " + look);
        // H2 writes anything left unwritten within half a second: had the look left its work
        // to H2, the next would take that write for activity.
        Thread.sleep(600);
      }
      int after = housekeeping.liveShare();
      assertTrue(after > before, "live share " + before + "% before, " + after + "% after");

      // Once looks stop gaining it rests, rather than move the same chunks about for ever.
      int looks = 0;
      while (housekeeping.tick() == Housekeeping.Done.COMPACTED_IDLE) {
        assertTrue(++looks < 1_000, "still compacting after " + looks + " more looks");
      }
      assertEquals(Housekeeping.Done.NOTHING, housekeeping.tick());

      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(version),"
          + " SUM(LENGTH(body)) FROM t")) {
        rows.next();
        assertEquals(ROWS, rows.getInt(1));
        int updated = (ROWS + 2) / 3;
        assertEquals(updated * 10, rows.getInt(2), "every row at its last version");
        assertEquals((long) ROWS * ROW.length() + updated * 2L, rows.getLong(3));
      }

      // A write since the last look: busy, so no compacting; the look after is idle again.
      statement.execute("UPDATE t SET version = 11 WHERE id = 0");
      statement.execute("CHECKPOINT");
      assertNotEquals(Housekeeping.Done.COMPACTED_IDLE, housekeeping.tick());
      assertEquals(Housekeeping.Done.COMPACTED_IDLE, housekeeping.tick());
    }
  }

  @Test
  void aBusyStoreIsRewrittenOnlyOnceItHasManyChunks(@TempDir Path data) throws Exception {
    JdbcDataSource source = source(data);
    try (Connection connection = source.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE t (id INT PRIMARY KEY, body VARCHAR(10000))");
      // Each synced commit a chunk of its own, as a referral's is: a few rows kept for good
      // (the referral) beside many that the next commit supersedes (its Task, its outbox row).
      for (int round = 1; round <= 20; round++) {
        statement.execute("INSERT INTO t SELECT 1000 * " + round + " + X, '" + ROW + "' FROM"
            + " SYSTEM_RANGE(1, 5)");
        statement.execute("MERGE INTO t KEY (id) SELECT X, '" + ROW + "' FROM"
            + " SYSTEM_RANGE(1, 15)");
        statement.execute("CHECKPOINT SYNC");
      }
      retainNothing(connection);
      Housekeeping few = Housekeeping.of(source);
      Housekeeping many = Housekeeping.of(source, 10);
      assertTrue(few.liveShare() < 50, few.liveShare() + "% live");

      // The first look of each finds the store written since (it has not looked before).
      assertEquals(Housekeeping.Done.NOTHING, few.tick(), "busy, and 20-odd chunks are few");
      assertEquals(Housekeeping.Done.REWROTE_BUSY, many.tick(), "busy, and more than 10");

      try (ResultSet rows = statement.executeQuery("SELECT COUNT(*), SUM(LENGTH(body)) FROM t")) {
        rows.next();
        assertEquals(15 + 20 * 5, rows.getInt(1), "nothing lost");
        assertEquals((15 + 20 * 5L) * ROW.length(), rows.getLong(2), "nothing changed");
      }
    }
  }

  /** An H2 file in {@code data}, with H2's own compaction off, as the store opens it. */
  private static JdbcDataSource source(Path data) {
    JdbcDataSource source = new JdbcDataSource();
    source.setURL("jdbc:h2:file:" + data.resolve("h") + ";AUTO_COMPACT_FILL_RATE=0");
    return source;
  }

  /**
   * H2 leaves chunks younger than its retention time (45 s) alone; the tests' are seconds old,
   * so it lets them be taken at once rather than wait.
   */
  private static void retainNothing(Connection connection) throws SQLException {
    ((SessionLocal) connection.unwrap(JdbcConnection.class).getSession()).getDatabase()
        .getStore().getMvStore().setRetentionTime(0);
  }
}
