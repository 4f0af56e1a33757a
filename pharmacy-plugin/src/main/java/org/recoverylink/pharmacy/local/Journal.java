package org.recoverylink.pharmacy.local;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.pharmacy.SyncStatus;

/**
 * The plug-in's local journal: an embedded H2 file in the data directory, one connection, every
 * write committed and synced to the disk before the call returns (a pharmacy records a few
 * events a minute, so each may wait for the disk). H2 locks the file: a second plug-in on the
 * same directory is refused.
 */
final class Journal implements AutoCloseable {

  /** An OST event the rules need, with its key and patient. */
  record Entry(String key, String patient, String prescription, OstEvent event) {
  }

  /** An outbox row to send. */
  record Pending(long seq, Outgoing outgoing, int attempts) {
  }

  private final Connection connection;

  private Journal(Connection connection) {
    this.connection = connection;
  }

  static Journal open(Path data) {
    // retry: H2 opens the file again when an interrupt closes it under a reading thread (Java
    // closes a file channel under a thread interrupted during I/O). On plain file: H2 closed
    // the whole journal, and every call after failed until the plug-in was opened again.
    String url = "jdbc:h2:retry:" + data.toAbsolutePath().resolve("pharmacy-journal");
    Flyway.configure().dataSource(url, "pharmacy", "").locations("classpath:db/pharmacy-plugin")
        .load().migrate();
    try {
      Connection connection = DriverManager.getConnection(url, "pharmacy", "");
      connection.setAutoCommit(false);
      return new Journal(connection);
    } catch (SQLException e) {
      throw new JournalException(e);
    }
  }

  /** Work inside one transaction, committed and synced, or rolled back. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private synchronized <T> T write(Work<T> work) {
    try {
      try {
        T result = work.run(connection);
        connection.commit();
        try (Statement sync = connection.createStatement()) {
          sync.execute("CHECKPOINT SYNC"); // H2 keeps no log: write and sync the commit now
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new JournalException(e);
    }
  }

  private synchronized <T> T read(Work<T> work) {
    try {
      T result = work.run(connection);
      connection.commit();
      return result;
    } catch (SQLException e) {
      throw new JournalException(e);
    }
  }

  /** Keeps a prescription (once: a repeat of its id is ignored) and queues what tells of it. */
  void prescription(String id, String patient, String resource, Outgoing outgoing) {
    write(c -> {
      if (exists(c, "SELECT 1 FROM prescription WHERE id = ?", id)) {
        return null;
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO prescription (id, patient, resource) VALUES (?, ?, ?)")) {
        insert.setString(1, id);
        insert.setString(2, patient);
        insert.setString(3, resource);
        insert.executeUpdate();
      }
      queue(c, outgoing);
      return null;
    });
  }

  Optional<String> prescription(String id) {
    return read(c -> {
      try (PreparedStatement select = c.prepareStatement(
          "SELECT resource FROM prescription WHERE id = ?")) {
        select.setString(1, id);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
        }
      }
    });
  }

  /** The patient's OST history, oldest first. */
  List<OstEvent> history(String patient) {
    return read(c -> {
      List<OstEvent> events = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT prescription, kind,"
          + " event_date, days, supervised, quantity, notification FROM ost_event"
          + " WHERE patient = ? ORDER BY event_date")) {
        select.setString(1, patient);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            LocalDate date = row.getObject(3, LocalDate.class);
            events.add(switch (row.getString(2)) {
              case "dispensed" -> new OstEvent.Dispensed(row.getString(1), date,
                  Arrays.stream(row.getString(4).split(",")).map(LocalDate::parse).toList(),
                  row.getBoolean(5), row.getBigDecimal(6));
              case "reviewed" -> new OstEvent.PrescriberReviewed(date);
              case "notified" -> new OstEvent.NotificationRaised(row.getString(7), date);
              default -> throw new IllegalStateException("unknown OST event kind");
            });
          }
        }
      }
      return events;
    });
  }

  /**
   * Records events and queues what tells of them, all in one transaction. An entry or outgoing
   * request whose key is known already is skipped: recording the same thing twice keeps one.
   */
  void record(List<Entry> entries, List<Outgoing> outgoing) {
    write(c -> {
      for (Entry entry : entries) {
        if (!exists(c, "SELECT 1 FROM ost_event WHERE event_key = ?", entry.key())) {
          insert(c, entry);
        }
      }
      for (Outgoing out : outgoing) {
        queue(c, out);
      }
      return null;
    });
  }

  /** The oldest pending requests recorded after {@code afterSeq}, in order. */
  List<Pending> pending(long afterSeq, int limit) {
    return read(c -> {
      List<Pending> pending = new ArrayList<>();
      try (PreparedStatement select = c.prepareStatement("SELECT seq, event_key, stream,"
          + " target, condition, body, attempts FROM outbox WHERE state = 'pending'"
          + " AND seq > ? ORDER BY seq FETCH FIRST ? ROWS ONLY")) {
        select.setLong(1, afterSeq);
        select.setInt(2, limit);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            pending.add(new Pending(row.getLong(1), new Outgoing(row.getString(2),
                row.getString(3), row.getString(4), Optional.ofNullable(row.getString(5)),
                row.getString(6)), row.getInt(7)));
          }
        }
      }
      return pending;
    });
  }

  /** Streams with a refused request: their later requests wait for someone to look. */
  List<String> refusedStreams() {
    return read(c -> {
      List<String> streams = new ArrayList<>();
      try (Statement select = c.createStatement();
          ResultSet row = select.executeQuery(
              "SELECT DISTINCT stream FROM outbox WHERE state = 'refused'")) {
        while (row.next()) {
          streams.add(row.getString(1));
        }
      }
      return streams;
    });
  }

  void sent(long seq, Instant at) {
    update(seq, "UPDATE outbox SET state = 'sent', attempts = attempts + 1, last_error = NULL,"
        + " sent_at = ? WHERE seq = ?", OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  void failed(long seq, String error) {
    update(seq, "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE seq = ?",
        truncate(error));
  }

  void refused(long seq, String error) {
    update(seq, "UPDATE outbox SET state = 'refused', attempts = attempts + 1, last_error = ?"
        + " WHERE seq = ?", truncate(error));
  }

  SyncStatus status() {
    return read(c -> {
      try (Statement select = c.createStatement();
          ResultSet row = select.executeQuery("SELECT"
              + " (SELECT COUNT(*) FROM outbox WHERE state = 'pending'),"
              + " (SELECT COUNT(*) FROM outbox WHERE state = 'refused'),"
              + " (SELECT MAX(sent_at) FROM outbox WHERE state = 'sent'),"
              + " (SELECT last_error FROM outbox WHERE last_error IS NOT NULL"
              + "  ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY)")) {
        row.next();
        OffsetDateTime last = row.getObject(3, OffsetDateTime.class);
        return new SyncStatus(row.getLong(1), row.getLong(2),
            Optional.ofNullable(last).map(OffsetDateTime::toInstant),
            Optional.ofNullable(row.getString(4)));
      }
    });
  }

  private void update(long seq, String sql, Object value) {
    write(c -> {
      try (PreparedStatement update = c.prepareStatement(sql)) {
        update.setObject(1, value);
        update.setLong(2, seq);
        update.executeUpdate();
      }
      return null;
    });
  }

  private static void insert(Connection c, Entry entry) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO ost_event (event_key,"
        + " patient, prescription, kind, event_date, days, supervised, quantity, notification)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, entry.key());
      insert.setString(2, entry.patient());
      insert.setString(3, entry.prescription());
      insert.setObject(5, entry.event().date());
      insert.setNull(6, Types.VARCHAR);
      insert.setNull(7, Types.BOOLEAN);
      insert.setNull(8, Types.DECIMAL);
      insert.setNull(9, Types.VARCHAR);
      if (entry.event() instanceof OstEvent.Dispensed d) {
        insert.setString(4, "dispensed");
        insert.setString(6, d.days().stream().map(LocalDate::toString)
            .collect(Collectors.joining(",")));
        insert.setBoolean(7, d.supervised());
        insert.setBigDecimal(8, d.quantity());
      } else if (entry.event() instanceof OstEvent.NotificationRaised n) {
        insert.setString(4, "notified");
        insert.setString(9, n.key());
      } else {
        insert.setString(4, "reviewed");
      }
      insert.executeUpdate();
    }
  }

  private static void queue(Connection c, Outgoing out) throws SQLException {
    if (exists(c, "SELECT 1 FROM outbox WHERE event_key = ?", out.key())) {
      return;
    }
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO outbox (event_key, stream,"
        + " target, condition, body, state, attempts) VALUES (?, ?, ?, ?, ?, 'pending', 0)")) {
      insert.setString(1, out.key());
      insert.setString(2, out.stream());
      insert.setString(3, out.target());
      insert.setString(4, out.condition().orElse(null));
      insert.setString(5, out.body());
      insert.executeUpdate();
    }
  }

  private static boolean exists(Connection c, String sql, String key) throws SQLException {
    try (PreparedStatement select = c.prepareStatement(sql)) {
      select.setString(1, key);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static String truncate(String text) {
    return text.length() <= 1000 ? text : text.substring(0, 1000);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new JournalException(e);
    }
  }

  /** The journal could not be read or written: nothing of the call was recorded. */
  static final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JournalException(SQLException cause) {
      super("the pharmacy journal failed: " + cause.getMessage(), cause);
    }
  }
}
