package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.directory.Capacity;

/**
 * Each service's current capacity ({@code service_capacity}, V16): one row a service, replaced
 * on each change, with who set it and when. A service with no row is accepting.
 */
public final class CapacityStore {

  /**
   * A service's capacity as set.
   *
   * @param service      the service id
   * @param capacity     accepting, a waiting list or paused
   * @param setBy        who set it: the token's subject
   * @param organisation their organisation
   * @param setAt        when
   * @param version      how many times it was set, this time included
   */
  public record Setting(String service, Capacity capacity, String setBy, String organisation,
      Instant setAt, int version) {

    public Setting {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(capacity, "capacity");
      Objects.requireNonNull(setBy, "setBy");
      Objects.requireNonNull(organisation, "organisation");
      Objects.requireNonNull(setAt, "setAt");
    }
  }

  private static final String COLUMNS =
      "service, status, weeks, set_by, set_by_org, set_at, version";

  private final Store store;

  public CapacityStore(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** The capacity set for a service, if one was. */
  public Optional<Setting> find(String service) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM service_capacity WHERE service = ?")) {
        select.setString(1, service);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(read(row)) : Optional.empty();
        }
      }
    });
  }

  /** Every capacity set, by service id. */
  public List<Setting> all() {
    return store.transaction(connection -> {
      List<Setting> all = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM service_capacity ORDER BY service");
          ResultSet row = select.executeQuery()) {
        while (row.next()) {
          all.add(read(row));
        }
      }
      return all;
    });
  }

  /**
   * Sets a service's capacity and writes the audit row of the change in the same transaction,
   * durably: once this returns, both are on the disk. Two sets at once leave one row, the one
   * committed last, its version counting both: the update waits on the row's lock, and of two
   * first inserts, the one the unique key refuses is done again as an update.
   *
   * @return the row as now stored
   */
  public Setting set(String service, Capacity capacity, String setBy, String organisation,
      Instant at, AuditTrail.Entry audit) {
    Store.Work<Setting> work = connection -> {
      int version = update(connection, service, capacity, setBy, organisation, at);
      if (version == 0) {
        insert(connection, service, capacity, setBy, organisation, at);
        version = 1;
      }
      AuditTrail.insert(connection, audit);
      return new Setting(service, capacity, setBy, organisation, at, version);
    };
    try {
      return store.durably(work);
    } catch (StoreException e) {
      if (e.isUniqueViolation()) { // another first set of this service committed meanwhile
        return store.durably(work);
      }
      throw e;
    }
  }

  /** @return the new version, or 0 when the service has no row yet */
  private static int update(Connection connection, String service, Capacity capacity,
      String setBy, String organisation, Instant at) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE service_capacity SET"
        + " status = ?, weeks = ?, set_by = ?, set_by_org = ?, set_at = ?,"
        + " version = version + 1 WHERE service = ?")) {
      bind(update, 1, capacity, setBy, organisation, at);
      update.setString(6, service);
      if (update.executeUpdate() == 0) {
        return 0;
      }
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version FROM service_capacity WHERE service = ?")) {
      select.setString(1, service);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static void insert(Connection connection, String service, Capacity capacity,
      String setBy, String organisation, Instant at) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO service_capacity"
        + " (status, weeks, set_by, set_by_org, set_at, service, version)"
        + " VALUES (?, ?, ?, ?, ?, ?, 1)")) {
      bind(insert, 1, capacity, setBy, organisation, at);
      insert.setString(6, service);
      insert.executeUpdate();
    }
  }

  private static void bind(PreparedStatement statement, int first, Capacity capacity,
      String setBy, String organisation, Instant at) throws SQLException {
    statement.setString(first, capacity.code());
    if (capacity.waitingWeeks().isPresent()) {
      statement.setInt(first + 1, capacity.waitingWeeks().get());
    } else {
      statement.setNull(first + 1, Types.INTEGER);
    }
    statement.setString(first + 2, setBy);
    statement.setString(first + 3, organisation);
    Instants.set(statement, first + 4, at);
  }

  private static Setting read(ResultSet row) throws SQLException {
    int weeks = row.getInt(3);
    Integer orNull = row.wasNull() ? null : weeks;
    String status = row.getString(2);
    Capacity capacity = Capacity.of(status, orNull).orElseThrow(() -> new IllegalStateException(
        "service_capacity holds " + status + " " + orNull + ", which the table's checks refuse"));
    return new Setting(row.getString(1), capacity, row.getString(4), row.getString(5),
        Instants.get(row, 6), row.getInt(7));
  }
}
