package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Completed screenings ({@code screening}), counted by the IBA activity report: the instrument,
 * band and total, when and by which organisation. Whose screening it was is not kept. They are
 * written with the audit row of the answer that counts them ({@link AuditTrail#record(
 * AuditTrail.Entry, List)}).
 */
public final class Screenings {

  /**
   * One scored screening response.
   *
   * @param key          what makes it the same screening: from a digest of the organisation and
   *                     the response's identifier or id, so assessing it again counts once
   * @param organisation the screening organisation's ODS code
   * @param instrument   instrument id, e.g. {@code audit-c}
   * @param band         risk-band code
   * @param total        the score
   * @param assessed     when it was assessed
   */
  public record Screened(UUID key, String organisation, String instrument, String band,
      int total, Instant assessed) {

    public Screened {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(organisation, "organisation");
      Objects.requireNonNull(instrument, "instrument");
      Objects.requireNonNull(band, "band");
      Objects.requireNonNull(assessed, "assessed");
    }
  }

  private Screenings() {
  }

  /**
   * Counts these screenings in the connection's transaction, each once: a key stored before,
   * or met earlier in the list, is left as it was. Two servers on one database counting the
   * same key at the same moment: one of them fails with a unique violation, and writing again
   * then finds the other's row.
   */
  static void insert(Connection connection, List<Screened> screenings) throws SQLException {
    if (screenings.isEmpty()) {
      return;
    }
    Map<UUID, Screened> once = new LinkedHashMap<>();
    screenings.forEach(screened -> once.putIfAbsent(screened.key(), screened));
    // Insert-if-absent in SQL both H2 and PostgreSQL take: a repeat inserts no row.
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO screening (id,"
        + " organisation, instrument, band, total, assessed) SELECT ?, ?, ?, ?, ?, ?"
        + " WHERE NOT EXISTS (SELECT 1 FROM screening WHERE id = ?)")) {
      for (Screened screened : once.values()) {
        insert.setObject(1, screened.key());
        insert.setString(2, screened.organisation());
        insert.setString(3, screened.instrument());
        insert.setString(4, screened.band());
        insert.setInt(5, screened.total());
        Instants.set(insert, 6, screened.assessed());
        insert.setObject(7, screened.key());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
