package org.recoverylink.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * Recorded brief and extended interventions ({@code brief_intervention}), each readable only by
 * the organisation that recorded it.
 */
public final class Interventions {

  /**
   * One recorded intervention.
   *
   * @param id           its id, as in {@code Procedure/{id}}
   * @param organisation the recording organisation
   * @param patient      the NHS number
   * @param code         the SNOMED CT concept
   * @param status       completed or not-done
   * @param performed    when it was delivered or offered
   * @param recorded     when it was stored
   * @param json         the Procedure as answered
   */
  public record Recorded(String id, String organisation, String patient, String code,
      String status, Instant performed, Instant recorded, String json) {
  }

  private final Store store;

  public Interventions(Store store) {
    this.store = store;
  }

  /** Stores it; once this returns, it is committed. */
  public void save(Recorded intervention) {
    store.durably(connection -> { // answered 201: it must outlive a crash
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO"
          + " brief_intervention (id, organisation, patient, code, status, performed, recorded,"
          + " resource) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, intervention.id());
        insert.setString(2, intervention.organisation());
        insert.setString(3, intervention.patient());
        insert.setString(4, intervention.code());
        insert.setString(5, intervention.status());
        Instants.set(insert, 6, intervention.performed());
        Instants.set(insert, 7, intervention.recorded());
        insert.setString(8, intervention.json());
        insert.executeUpdate();
      }
      return null;
    });
  }

  /** The intervention with this id, if {@code organisation} recorded it. */
  public Optional<Recorded> find(String id, String organisation) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, organisation,"
          + " patient, code, status, performed, recorded, resource FROM brief_intervention"
          + " WHERE id = ? AND organisation = ?")) {
        select.setString(1, id);
        select.setString(2, organisation);
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return Optional.of(new Recorded(row.getString(1), row.getString(2), row.getString(3),
              row.getString(4), row.getString(5), Instants.get(row, 6),
              Instants.get(row, 7), row.getString(8)));
        }
      }
    });
  }
}
