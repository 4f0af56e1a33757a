package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store on a PostgreSQL that stops under it and comes back: meanwhile work fails with
 * {@link StoreUnavailableException} (a {@link StoreException}, so every existing handler still
 * sees it) and {@link Store#reachable()} says no; once PostgreSQL is back the same store works
 * again by itself, and what was committed before is there.
 */
class StoreOutageTest {

  @Test
  void workFailsAsUnavailableWhilePostgresIsStoppedAndTheStoreRecoversByItself(
      @TempDir Path dir) {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("data"), 0);
        Store store = Store.connect(postgres.url(), LocalPostgres.USER, LocalPostgres.PASSWORD)) {
      store.transaction(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE TABLE kept (n INT)");
          statement.execute("INSERT INTO kept VALUES (1)");
        }
        return null;
      });
      assertTrue(store.reachable());

      postgres.stop();
      StoreException failure = assertThrows(StoreException.class, () -> count(store));
      assertTrue(failure instanceof StoreUnavailableException, failure.toString());
      assertTrue(failure.getMessage().startsWith("database unavailable, SQL state "),
          failure.getMessage());
      assertFalse(store.reachable());
      assertThrows(StoreUnavailableException.class, () -> count(store));

      postgres.start();
      assertEquals(1, awaitCount(store));
      assertTrue(store.reachable());
    }
  }

  @Test
  void aRefusedStatementIsAFailureNotUnavailability(@TempDir Path dir) {
    try (Store store = Store.embedded(dir)) {
      StoreException failure = assertThrows(StoreException.class, () -> store.transaction(
          connection -> connection.createStatement().executeQuery("SELECT * FROM nowhere")));
      assertFalse(failure instanceof StoreUnavailableException, failure.toString());
      assertTrue(store.reachable());
    }
  }

  private static int count(Store store) {
    return store.transaction(connection -> {
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT count(*) FROM kept")) {
        rows.next();
        return rows.getInt(1);
      }
    });
  }

  /** The first work after the database is back may still be within the recheck pause. */
  private static int awaitCount(Store store) {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try {
        return count(store);
      } catch (StoreUnavailableException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }
}
