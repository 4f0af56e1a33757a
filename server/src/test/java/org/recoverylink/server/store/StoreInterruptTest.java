package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A thread interrupted while it reads or writes the embedded store. Jetty's thread pool
 * interrupts the request threads still running when its stop times out, and a library may
 * interrupt a thread it is handed; Java closes a file channel under a thread interrupted during
 * I/O. That must not close the store under every other thread, nor lose commits already made
 * (answers already given), nor fail the interrupted work itself.
 */
class StoreInterruptTest {

  @Test
  void anInterruptedWriteIsKeptWithEveryOtherCommit(@TempDir Path data) throws Exception {
    try (Store store = Store.embedded(data)) {
      // Committed but not yet in the file: the embedded store writes its file twice a second.
      store.transaction(connection -> audit(connection, "GET before"));
      // A durable write interrupted before its commit and the checkpoint that writes the file.
      Object done = interrupted(() -> store.durably(connection -> {
        audit(connection, "GET interrupted");
        Thread.currentThread().interrupt();
        return "written";
      }));
      assertEquals("written", done);
      store.transaction(connection -> audit(connection, "GET after"));
    }
    try (Store store = Store.embedded(data)) {
      assertEquals(List.of("GET before", "GET interrupted", "GET after"),
          store.transaction(StoreInterruptTest::operations));
    }
  }

  @Test
  void anInterruptedReadIsAnsweredAndLosesNoCommit(@TempDir Path data) throws Exception {
    try (Store store = Store.embedded(data)) {
      for (int i = 0; i < 2_000; i++) {
        String operation = "GET " + i;
        store.transaction(connection -> audit(connection, operation));
      }
    }
    try (Store store = Store.embedded(data)) { // opened again: nothing read into memory yet
      store.transaction(connection -> audit(connection, "GET before"));
      Object read = interrupted(() -> store.transaction(connection -> {
        Thread.currentThread().interrupt();
        return operations(connection).size(); // pages read from the file on this thread
      }));
      assertEquals(2_001, read);
      store.transaction(connection -> audit(connection, "GET after"));
    }
    try (Store store = Store.embedded(data)) {
      List<String> kept = store.transaction(StoreInterruptTest::operations);
      assertEquals(2_002, kept.size());
      assertEquals(List.of("GET before", "GET after"), kept.subList(2_000, 2_002));
    }
  }

  /** What the work returned, or the exception it threw, on a thread of its own. */
  private static Object interrupted(Supplier<Object> work) throws InterruptedException {
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        outcome.set(work.get());
      } catch (RuntimeException e) {
        outcome.set(e);
      }
    });
    thread.start();
    thread.join();
    return outcome.get();
  }

  private static Void audit(Connection connection, String operation) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_event"
        + " (recorded, action, operation, outcome) VALUES (CURRENT_TIMESTAMP, 'R', ?, 200)")) {
      insert.setString(1, operation);
      insert.executeUpdate();
    }
    return null;
  }

  private static List<String> operations(Connection connection) throws SQLException {
    List<String> operations = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT operation FROM audit_event ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        operations.add(rows.getString(1));
      }
    }
    return operations;
  }
}
