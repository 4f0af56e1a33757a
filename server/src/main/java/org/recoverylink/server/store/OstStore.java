package org.recoverylink.server.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shared-care OST (migrations V3, V7): prescriptions by the pharmacy that registered them, the
 * events at the counter by their idempotency key, and the notifications raised, each key once
 * per patient. Every write commits durably with its audit row, or not at all; a write that
 * finds its key taken (the same request again, or two at once) changes nothing and says so.
 */
public final class OstStore {

  /**
   * A registered prescription.
   *
   * @param id           its id, as in {@code MedicationRequest/{id}}
   * @param pharmacy     the registering pharmacy's ODS code
   * @param prescription the PMR system's id for it
   * @param patient      the NHS number
   * @param json         the MedicationRequest as first answered
   */
  public record Prescription(String id, String pharmacy, String prescription, String patient,
      LocalDate validFrom, LocalDate validTo, Instant created, String json) {

    public Prescription {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(pharmacy, "pharmacy");
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(validFrom, "validFrom");
      Objects.requireNonNull(validTo, "validTo");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * Something that happened at the counter.
   *
   * @param id                   the idempotency key, as in {@code MedicationDispense/{id}}
   * @param prescription         the prescription's id here
   * @param prescriptionIdentifier the PMR system's id for the prescription (read only)
   * @param kind                 {@code dispensed}, {@code not-collected} or {@code withheld}
   * @param firstDay             the first day a supply covers; a declined dose's day
   * @param quantity             milligrams supplied; empty unless dispensed
   * @param against              for a supply made while doses were withheld pending the
   *                             prescriber's review, the id of the rule it went against
   * @param json                 the MedicationDispense as first answered
   */
  public record Event(String id, String prescription, String prescriptionIdentifier,
      String patient, String pharmacy, String kind, LocalDate date, LocalDate firstDay,
      LocalDate lastDay, boolean supervised, Optional<BigDecimal> quantity,
      Optional<String> against, Instant recorded, String json) {

    public Event {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(pharmacy, "pharmacy");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(firstDay, "firstDay");
      Objects.requireNonNull(lastDay, "lastDay");
      Objects.requireNonNull(quantity, "quantity");
      Objects.requireNonNull(against, "against");
      Objects.requireNonNull(recorded, "recorded");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * A notification raised.
   *
   * @param id            its id, as in {@code Communication/{id}}
   * @param key           the occasion, unique within the patient's history
   * @param prescription  the prescription's id here
   * @param reason        its ost-withhold-reason code
   * @param raised        the day it became owed
   * @param communication the Communication as answered
   * @param flagId        the Flag's id, when one was raised with it
   * @param flag          the Flag as answered
   */
  public record Raised(String id, String patient, String key, String prescription,
      String pharmacy, String reason, LocalDate raised, Instant recorded, String communication,
      Optional<String> flagId, Optional<String> flag) {

    public Raised {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(pharmacy, "pharmacy");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(raised, "raised");
      Objects.requireNonNull(recorded, "recorded");
      Objects.requireNonNull(communication, "communication");
      Objects.requireNonNull(flagId, "flagId");
      Objects.requireNonNull(flag, "flag");
    }
  }

  /**
   * What {@link #record} did.
   *
   * @param event   the event stored now, or the one stored before under its key
   * @param created whether it was stored now
   * @param raised  the notifications stored with it (none that were raised before)
   */
  public record Recorded(Event event, boolean created, List<Raised> raised) {
  }

  private static final String PRESCRIPTION_COLUMNS = "id, pharmacy, prescription, patient,"
      + " valid_from, valid_to, created, resource";
  private static final String EVENT_COLUMNS = "e.id, e.prescription, p.prescription,"
      + " e.patient, e.pharmacy, e.kind, e.event_date, e.first_day, e.last_day, e.supervised,"
      + " e.quantity, e.against_rule, e.recorded, e.resource";
  private static final String EVENT_FROM = " FROM ost_event e JOIN ost_prescription p"
      + " ON p.id = e.prescription";
  private static final String NOTIFICATION_COLUMNS = "id, patient, notification_key,"
      + " prescription, pharmacy, reason, raised, recorded, communication, flag_id, flag";

  private final Store store;

  public OstStore(Store store) {
    this.store = store;
  }

  /**
   * Registers a prescription with its audit row.
   *
   * @return the prescription stored, or the one the same pharmacy registered before under the
   *     same id (then nothing is written)
   */
  public Prescription register(Prescription prescription, AuditTrail.Entry audit) {
    return retriedOnce(connection -> {
      Optional<Prescription> existing = byIdentifier(connection, prescription.pharmacy(),
          prescription.prescription());
      if (existing.isPresent()) {
        return existing.get();
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO"
          + " ost_prescription (" + PRESCRIPTION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, prescription.id());
        insert.setString(2, prescription.pharmacy());
        insert.setString(3, prescription.prescription());
        insert.setString(4, prescription.patient());
        insert.setObject(5, prescription.validFrom());
        insert.setObject(6, prescription.validTo());
        Instants.set(insert, 7, prescription.created());
        insert.setString(8, prescription.json());
        insert.executeUpdate();
      }
      AuditTrail.insert(connection, audit);
      return prescription;
    });
  }

  /** The prescription with this id, if {@code pharmacy} registered it. */
  public Optional<Prescription> prescription(String id, String pharmacy) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT "
          + PRESCRIPTION_COLUMNS + " FROM ost_prescription WHERE id = ? AND pharmacy = ?")) {
        select.setString(1, id);
        select.setString(2, pharmacy);
        return one(select, OstStore::prescription);
      }
    });
  }

  /** The prescription {@code pharmacy} registered under the PMR system's id. */
  public Optional<Prescription> byIdentifier(String pharmacy, String prescription) {
    return store.transaction(connection -> byIdentifier(connection, pharmacy, prescription));
  }

  /** The event recorded under this key, by whichever pharmacy. */
  public Optional<Event> event(String id) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_COLUMNS
          + EVENT_FROM + " WHERE e.id = ?")) {
        select.setString(1, id);
        return one(select, OstStore::event);
      }
    });
  }

  /** The patient's events, on every prescription at every pharmacy, oldest first. */
  public List<Event> events(String patient) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_COLUMNS
          + EVENT_FROM + " WHERE e.patient = ? ORDER BY e.event_date, e.recorded")) {
        select.setString(1, patient);
        return all(select, OstStore::event);
      }
    });
  }

  /** The notifications raised for the patient, oldest first. */
  public List<Raised> notifications(String patient) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT "
          + NOTIFICATION_COLUMNS + " FROM ost_notification WHERE patient = ?"
          + " ORDER BY raised, recorded")) {
        select.setString(1, patient);
        return all(select, OstStore::raised);
      }
    });
  }

  /**
   * Records an event with the notifications it raised and its audit row, in one durable
   * transaction. When the key is taken, nothing is written and the stored event is returned;
   * a notification whose key was raised before is left out.
   */
  public Recorded record(Event event, List<Raised> raised, AuditTrail.Entry audit) {
    return retriedOnce(connection -> {
      Optional<Event> existing;
      try (PreparedStatement select = connection.prepareStatement("SELECT " + EVENT_COLUMNS
          + EVENT_FROM + " WHERE e.id = ?")) {
        select.setString(1, event.id());
        existing = one(select, OstStore::event);
      }
      if (existing.isPresent()) {
        return new Recorded(existing.get(), false, List.of());
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ost_event (id,"
          + " prescription, patient, pharmacy, kind, event_date, first_day, last_day,"
          + " supervised, quantity, against_rule, recorded, resource)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, event.id());
        insert.setString(2, event.prescription());
        insert.setString(3, event.patient());
        insert.setString(4, event.pharmacy());
        insert.setString(5, event.kind());
        insert.setObject(6, event.date());
        insert.setObject(7, event.firstDay());
        insert.setObject(8, event.lastDay());
        insert.setBoolean(9, event.supervised());
        if (event.quantity().isPresent()) {
          insert.setBigDecimal(10, event.quantity().get());
        } else {
          insert.setNull(10, Types.DECIMAL);
        }
        insert.setString(11, event.against().orElse(null));
        Instants.set(insert, 12, event.recorded());
        insert.setString(13, event.json());
        insert.executeUpdate();
      }
      List<Raised> stored = insertNew(connection, raised);
      AuditTrail.insert(connection, audit);
      return new Recorded(event, true, stored);
    });
  }

  /**
   * Stores the notifications whose keys were not raised for their patient before, with the audit
   * row when there is any, in one durable transaction.
   *
   * @return those stored
   */
  public List<Raised> raise(List<Raised> raised, AuditTrail.Entry audit) {
    if (raised.isEmpty()) {
      return List.of();
    }
    return retriedOnce(connection -> {
      List<Raised> stored = insertNew(connection, raised);
      if (!stored.isEmpty()) {
        AuditTrail.insert(connection, audit);
      }
      return stored;
    });
  }

  private static List<Raised> insertNew(Connection connection, List<Raised> raised)
      throws SQLException {
    List<Raised> stored = new ArrayList<>();
    for (Raised notification : raised) {
      try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM"
          + " ost_notification WHERE patient = ? AND notification_key = ?")) {
        select.setString(1, notification.patient());
        select.setString(2, notification.key());
        try (ResultSet row = select.executeQuery()) {
          if (row.next()) {
            continue;
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO ost_notification"
          + " (" + NOTIFICATION_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, notification.id());
        insert.setString(2, notification.patient());
        insert.setString(3, notification.key());
        insert.setString(4, notification.prescription());
        insert.setString(5, notification.pharmacy());
        insert.setString(6, notification.reason());
        insert.setObject(7, notification.raised());
        Instants.set(insert, 8, notification.recorded());
        insert.setString(9, notification.communication());
        insert.setString(10, notification.flagId().orElse(null));
        insert.setString(11, notification.flag().orElse(null));
        insert.executeUpdate();
      }
      stored.add(notification);
    }
    return stored;
  }

  /**
   * Runs durably; when a unique index refuses a row (the same key written by another request
   * meanwhile), runs once more, and then finds that row and writes nothing in its place.
   */
  private <T> T retriedOnce(Store.Work<T> work) {
    try {
      return store.durably(work);
    } catch (StoreException e) {
      if (e.isUniqueViolation()) {
        return store.durably(work);
      }
      throw e;
    }
  }

  private static Optional<Prescription> byIdentifier(Connection connection, String pharmacy,
      String prescription) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT " + PRESCRIPTION_COLUMNS
        + " FROM ost_prescription WHERE pharmacy = ? AND prescription = ?")) {
      select.setString(1, pharmacy);
      select.setString(2, prescription);
      return one(select, OstStore::prescription);
    }
  }

  private static Prescription prescription(ResultSet row) throws SQLException {
    return new Prescription(row.getString(1), row.getString(2), row.getString(3),
        row.getString(4), row.getObject(5, LocalDate.class), row.getObject(6, LocalDate.class),
        Instants.get(row, 7), row.getString(8));
  }

  private static Event event(ResultSet row) throws SQLException {
    return new Event(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        row.getString(5), row.getString(6), row.getObject(7, LocalDate.class),
        row.getObject(8, LocalDate.class), row.getObject(9, LocalDate.class),
        row.getBoolean(10), Optional.ofNullable(row.getBigDecimal(11)),
        Optional.ofNullable(row.getString(12)), Instants.get(row, 13), row.getString(14));
  }

  private static Raised raised(ResultSet row) throws SQLException {
    return new Raised(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        row.getString(5), row.getString(6), row.getObject(7, LocalDate.class),
        Instants.get(row, 8), row.getString(9), Optional.ofNullable(row.getString(10)),
        Optional.ofNullable(row.getString(11)));
  }

  /** Reads one row of a result. */
  private interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  private static <T> Optional<T> one(PreparedStatement select, Row<T> reader)
      throws SQLException {
    try (ResultSet row = select.executeQuery()) {
      return row.next() ? Optional.of(reader.read(row)) : Optional.empty();
    }
  }

  private static <T> List<T> all(PreparedStatement select, Row<T> reader) throws SQLException {
    List<T> rows = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        rows.add(reader.read(row));
      }
    }
    return rows;
  }
}
