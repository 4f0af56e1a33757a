package org.recoverylink.server.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Completed screenings ({@code screening}), counted by the IBA activity report: the instrument,
 * band and total, when and by which organisation. Whose screening it was is not kept.
 */
public final class Screenings {

  /**
   * One scored screening response.
   *
   * @param key          what makes it the same screening: a digest of the organisation and the
   *                     response's identifier or id, so assessing it again counts once
   * @param organisation the screening organisation's ODS code
   * @param instrument   instrument id, e.g. {@code audit-c}
   * @param band         risk-band code
   * @param total        the score
   * @param assessed     when it was assessed
   */
  public record Screened(String key, String organisation, String instrument, String band,
      int total, Instant assessed) {

    public Screened {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(organisation, "organisation");
      Objects.requireNonNull(instrument, "instrument");
      Objects.requireNonNull(band, "band");
      Objects.requireNonNull(assessed, "assessed");
    }
  }

  private final Store store;

  public Screenings(Store store) {
    this.store = store;
  }

  /**
   * Counts these screenings, each once: a key stored before is left as it was. Not synced to
   * disk: a count lost to a power cut costs a report one screening, and the answer to the
   * clinician does not wait for a disk flush.
   */
  public void record(List<Screened> screenings) {
    if (screenings.isEmpty()) {
      return;
    }
    try {
      insert(screenings);
    } catch (StoreException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
      insert(screenings); // the same response at the same moment: now the other one is there
    }
  }

  private void insert(List<Screened> screenings) {
    store.transaction(connection -> {
      // Insert-if-absent in SQL both H2 and PostgreSQL take: a repeat inserts no row.
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO screening (id,"
          + " organisation, instrument, band, total, assessed) SELECT ?, ?, ?, ?, ?, ?"
          + " WHERE NOT EXISTS (SELECT 1 FROM screening WHERE id = ?)")) {
        for (Screened screened : screenings) {
          insert.setString(1, screened.key());
          insert.setString(2, screened.organisation());
          insert.setString(3, screened.instrument());
          insert.setString(4, screened.band());
          insert.setInt(5, screened.total());
          Instants.set(insert, 6, screened.assessed());
          insert.setString(7, screened.key());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return null;
    });
  }
}
