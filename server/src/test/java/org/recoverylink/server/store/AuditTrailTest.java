package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.server.store.AuditTrail.Entry;

/**
 * The audit trail's group commit under many threads at once: every row is committed once, and
 * before its {@code record} returns, whether the requests' own threads commit for each other
 * or leave what they find queued to the writer at once (no helping).
 */
class AuditTrailTest {

  private static final int THREADS = 16;
  private static final int EACH = 300;
  /** Every this many rows, a thread reads its row back on a connection of its own. */
  private static final int READ_BACK = 25;

  static Stream<Arguments> databasesAndHelping() {
    return Stream.of(Databases.Kind.values()).flatMap(kind -> Stream.of(
        Arguments.of(kind, AuditTrail.HELPING), Arguments.of(kind, 0)));
  }

  @ParameterizedTest(name = "{0}, helping {1}")
  @MethodSource("databasesAndHelping")
  void everyRowOfManyThreadsIsCommittedOnceBeforeItsCallReturns(Databases.Kind kind,
      int helping) throws Exception {
    try (Databases.Scratch db = kind.open()) {
      List<Integer> notFound = new ArrayList<>();
      try (AuditTrail trail = new AuditTrail(db.store(), helping)) {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<Integer>>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          done.add(threads.submit(() -> {
            List<Integer> missing = new ArrayList<>();
            start.await();
            for (int i = 0; i < EACH; i++) {
              int row = thread * EACH + i;
              trail.record(new Entry(Instant.now(), Optional.empty(), 'E', "POST x/" + row,
                  Optional.empty(), Optional.empty(), 200));
              if (i % READ_BACK == 0 && !committed(db, row)) {
                missing.add(row);
              }
            }
            return missing;
          }));
        }
        start.countDown();
        for (Future<List<Integer>> thread : done) {
          notFound.addAll(thread.get());
        }
        threads.shutdown();
      }
      assertEquals(List.of(), notFound, "rows not committed when record returned");
      try (Connection connection = db.connect();
          ResultSet counts = connection.createStatement().executeQuery("SELECT COUNT(*),"
              + " COUNT(DISTINCT operation) FROM audit_event")) {
        assertTrue(counts.next());
        assertEquals(THREADS * EACH, counts.getInt(1), "rows");
        assertEquals(THREADS * EACH, counts.getInt(2), "distinct rows");
      }
    }
  }

  private static boolean committed(Databases.Scratch db, int row) throws SQLException {
    try (Connection connection = db.connect();
        PreparedStatement read = connection.prepareStatement(
            "SELECT 1 FROM audit_event WHERE operation = ?")) {
      read.setString(1, "POST x/" + row);
      try (ResultSet found = read.executeQuery()) {
        return found.next();
      }
    }
  }
}
