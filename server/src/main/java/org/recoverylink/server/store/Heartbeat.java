package org.recoverylink.server.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * This process's heartbeat row: written and made durable at each readiness check, so that a
 * database that still answers queries but cannot keep a write (a full disk) shows as not ready,
 * as reading alone would not. Rows of processes that died without removing theirs are removed
 * once they are a day old.
 */
public final class Heartbeat {

  /** Rows of other processes older than this are from processes long gone. */
  private static final Duration FORGOTTEN = Duration.ofDays(1);

  private final Store store;
  private final String process = UUID.randomUUID().toString();

  public Heartbeat(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * Writes the beat, durably.
   *
   * @throws StoreException when the database cannot be written
   */
  public void beat(Instant now) {
    store.durably(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE heartbeat SET beat = ? WHERE process = ?")) {
        Instants.set(update, 1, now);
        update.setString(2, process);
        if (update.executeUpdate() == 0) {
          try (PreparedStatement insert = connection.prepareStatement(
              "INSERT INTO heartbeat (process, beat) VALUES (?, ?)");
              PreparedStatement forget = connection.prepareStatement(
                  "DELETE FROM heartbeat WHERE beat < ?")) {
            insert.setString(1, process);
            Instants.set(insert, 2, now);
            insert.executeUpdate();
            Instants.set(forget, 1, now.minus(FORGOTTEN));
            forget.executeUpdate();
          }
        }
      }
      return null;
    });
  }

  /** Removes this process's row, when it stops; a failure is left for the day-old sweep. */
  public void stop() {
    try {
      store.transaction(connection -> {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM heartbeat WHERE process = ?")) {
          delete.setString(1, process);
          return delete.executeUpdate();
        }
      });
    } catch (StoreException e) {
      // the database is away: the row goes with the day-old ones
    }
  }
}
