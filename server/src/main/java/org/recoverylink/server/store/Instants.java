package org.recoverylink.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns as UTC offsets. Not through
 * {@link java.sql.Timestamp}: that passes through the JVM's local time, and in the hour the
 * clocks go back (Europe/London, October) H2 would give back an instant an hour early.
 */
final class Instants {

  private Instants() {
  }

  static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setObject(index, instant.atOffset(ZoneOffset.UTC));
  }

  static Instant get(ResultSet row, int index) throws SQLException {
    return row.getObject(index, OffsetDateTime.class).toInstant();
  }

  /** A column that may be NULL. */
  static Optional<Instant> optional(ResultSet row, int index) throws SQLException {
    return Optional.ofNullable(row.getObject(index, OffsetDateTime.class))
        .map(OffsetDateTime::toInstant);
  }
}
