package org.recoverylink.fhir.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Referrals, their Tasks and their outbox rows (migration V2). A referral is created with its
 * first Task, its outbox row (when the service has an endpoint) and its audit row in one
 * transaction, so an answer of 201 means all of it is durable and the dispatcher will find it.
 */
public final class ReferralStore {

  /**
   * A stored referral.
   *
   * @param id        its id, as in {@code ServiceRequest/{id}}
   * @param requester the referring organisation's ODS code
   * @param patient   the NHS number
   * @param created   when it was taken in
   * @param json      the ServiceRequest as first answered
   */
  public record Referral(String id, String requester, String patient, Instant created,
      String json) {

    public Referral {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * What the referral report counts about a referral, kept beside it: nothing that names the
   * person.
   *
   * @param source      how it came: the referrer's role, {@code gp} or {@code pharmacy}
   * @param destination the service it was first sent to
   * @param screened    whether it carried a screening score
   * @param substances  substance codes it names
   * @param flags       flag codes its assessment raised
   */
  public record Facts(String source, String destination, boolean screened,
      Set<String> substances, Set<String> flags) {

    public Facts {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      substances = Set.copyOf(substances);
      flags = Set.copyOf(flags);
    }
  }

  /** The sender's identifier of a referral, and the BaRS message id it came in, if any. */
  public record Keys(Optional<String> identifierSystem, Optional<String> identifierValue,
      Optional<String> messageId) {

    public static Keys none() {
      return new Keys(Optional.empty(), Optional.empty(), Optional.empty());
    }
  }

  /**
   * A receiving service's Task for a referral.
   *
   * @param businessStatus where delivery stands: {@code queued}, {@code retrying},
   *                       {@code delivered}, {@code failed}, or {@code worklist} (no endpoint:
   *                       the provider collects it)
   * @param version        increases with every change; {@code meta.versionId}
   */
  public record Task(String id, String referral, String service, String owner, String requester,
      String status, String businessStatus, Optional<String> statusReason, Optional<String> note,
      int version, Instant created, Instant updated) {

    public Task {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(referral, "referral");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(businessStatus, "businessStatus");
      Objects.requireNonNull(statusReason, "statusReason");
      Objects.requireNonNull(note, "note");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(updated, "updated");
    }
  }

  /** A delivery waiting in the outbox: its id is the X-Request-ID every attempt sends. */
  public record Delivery(String id, String task, String address, Instant queued) {
  }

  /**
   * A delivery claimed by a dispatcher: the outbox row with what the message needs.
   *
   * @param id       the outbox row's id, sent as X-Request-ID on every attempt
   * @param task     the Task it delivers
   * @param referral the referral's id, sent as X-Correlation-ID
   * @param service  the receiving service
   * @param patient  the NHS number, for the audit row of each attempt
   * @param json     the referral as stored
   */
  public record Due(String id, String task, String referral, String service, String address,
      int attempts, Instant queued, String patient, String json) {
  }

  private static final String TASK_COLUMNS = "id, referral, service, owner, requester, status,"
      + " business_status, status_reason, note, version, created, updated";

  private final Store store;

  public ReferralStore(Store store) {
    this.store = store;
  }

  /**
   * Stores a new referral with its first Task, its delivery (if any) and its audit row, in one
   * transaction.
   *
   * @return the referral stored, or the one already stored under the same identifier from the
   *     same organisation (then nothing is written)
   * @throws DuplicateMessageException when the message id was seen before
   */
  public Referral create(Referral referral, Keys keys, Facts facts, Task task,
      Optional<Delivery> delivery, AuditTrail.Entry audit) {
    try {
      // Durably: after a 201 the referral and its delivery must outlive a crash.
      return store.durably(connection -> {
        // A message seen before is a duplicate (BaRS), even when it names a known referral.
        if (keys.messageId().isPresent() && messageSeen(connection, keys.messageId().get())) {
          throw new DuplicateMessageException(keys.messageId().get());
        }
        Optional<Referral> existing = byIdentifier(connection, referral.requester(), keys);
        if (existing.isPresent()) {
          return existing.get();
        }
        insert(connection, referral, keys, facts);
        insert(connection, task);
        if (delivery.isPresent()) {
          insert(connection, delivery.get());
        }
        AuditTrail.insert(connection, audit);
        return referral;
      });
    } catch (StoreException e) {
      // Two identical requests at once: the unique index lets one in; the other reads it.
      if (e.isUniqueViolation()) {
        if (keys.messageId().isPresent()) {
          throw new DuplicateMessageException(keys.messageId().get());
        }
        return store.transaction(connection -> byIdentifier(connection, referral.requester(),
            keys)).orElseThrow(() -> e);
      }
      throw e;
    }
  }

  /**
   * Changes a Task's status, if nobody changed it since {@code current} was read; with a
   * re-route, the next service's Task and its delivery are added; all with the audit row in one
   * transaction. A cancelled Task's pending delivery is withdrawn.
   *
   * @return the Task as changed
   * @throws ConcurrentChangeException when the Task has changed since it was read
   */
  public Task transition(Task current, String status, Optional<String> reason,
      Optional<String> note, Optional<Task> next, Optional<Delivery> delivery,
      AuditTrail.Entry audit, Instant now) {
    Task changed = new Task(current.id(), current.referral(), current.service(),
        current.owner(), current.requester(), status, current.businessStatus(), reason,
        note.or(current::note), current.version() + 1, current.created(), now);
    return store.durably(connection -> { // the answer says it changed: it must stay changed
      try (PreparedStatement update = connection.prepareStatement("UPDATE task SET status = ?,"
          + " status_reason = ?, note = ?, version = ?, updated = ? WHERE id = ?"
          + " AND version = ?")) {
        update.setString(1, changed.status());
        update.setString(2, changed.statusReason().orElse(null));
        update.setString(3, changed.note().orElse(null));
        update.setInt(4, changed.version());
        Instants.set(update, 5, now);
        update.setString(6, current.id());
        update.setInt(7, current.version());
        if (update.executeUpdate() == 0) {
          throw new ConcurrentChangeException(current.id());
        }
      }
      if (status.equals("accepted")) { // the referral report measures the wait until now
        try (PreparedStatement accepted = connection.prepareStatement(
            "UPDATE task SET accepted = ? WHERE id = ?")) {
          Instants.set(accepted, 1, now);
          accepted.setString(2, current.id());
          accepted.executeUpdate();
        }
      }
      if (status.equals("cancelled")) {
        try (PreparedStatement withdraw = connection.prepareStatement("UPDATE outbox SET"
            + " state = 'cancelled' WHERE task = ? AND state = 'pending'")) {
          withdraw.setString(1, current.id());
          withdraw.executeUpdate();
        }
      }
      if (next.isPresent()) {
        insert(connection, next.get());
      }
      if (delivery.isPresent()) {
        insert(connection, delivery.get());
      }
      AuditTrail.insert(connection, audit);
      return changed;
    });
  }

  /** The referral with this id. */
  public Optional<Referral> referral(String id) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, requester,"
          + " patient, created, resource FROM referral WHERE id = ?")) {
        select.setString(1, id);
        return one(select, ReferralStore::referral);
      }
    });
  }

  /** The referral a sender identified so, from that organisation. */
  public Optional<Referral> byIdentifier(String requester, String system, String value) {
    return store.transaction(connection -> byIdentifier(connection, requester,
        new Keys(Optional.of(system), Optional.of(value), Optional.empty())));
  }

  /** The Task with this id. */
  public Optional<Task> task(String id) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + TASK_COLUMNS
          + " FROM task WHERE id = ?")) {
        select.setString(1, id);
        return one(select, ReferralStore::task);
      }
    });
  }

  /** The Tasks of a referral, oldest first. */
  public List<Task> tasksOf(String referral) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + TASK_COLUMNS
          + " FROM task WHERE referral = ? ORDER BY created, id")) {
        select.setString(1, referral);
        return all(select, ReferralStore::task);
      }
    });
  }

  /**
   * The Tasks an organisation may see (it owns them or made the referral), optionally only
   * those with a status, newest first.
   */
  public List<Task> tasksFor(String organisation, Optional<String> status, int limit) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + TASK_COLUMNS
          + " FROM task WHERE (owner = ? OR requester = ?)"
          + (status.isPresent() ? " AND status = ?" : "") + " ORDER BY created DESC, id")) {
        select.setString(1, organisation);
        select.setString(2, organisation);
        if (status.isPresent()) {
          select.setString(3, status.get());
        }
        select.setMaxRows(limit);
        return all(select, ReferralStore::task);
      }
    });
  }

  /**
   * Claims up to {@code limit} deliveries that are due, oldest first, taking no more for one
   * address than it has room for: {@code perAddress} less what this dispatcher has {@code busy}
   * there already, so that a provider that does not answer holds up only its own deliveries.
   * Each row is locked while claimed, skipping rows another process holds, and pushed
   * {@code lease} into the future, so no other dispatcher takes it while this one sends. A
   * dispatcher that dies mid-send leaves its rows to come due again when the lease runs out:
   * they are sent again with the same X-Request-ID, which a receiver that has them answers with
   * 409, and they count as delivered.
   *
   * @param busy deliveries in flight from this dispatcher, by address
   */
  public List<Due> claim(int limit, Instant now, Duration lease, int perAddress,
      Map<String, Integer> busy) {
    List<String> full = busy.entrySet().stream().filter(e -> e.getValue() >= perAddress)
        .map(Map.Entry::getKey).toList();
    return store.transaction(connection -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT id, address"
          + " FROM outbox WHERE state = 'pending' AND next_attempt <= ?"
          + (full.isEmpty() ? "" : " AND address NOT IN ("
              + String.join(", ", Collections.nCopies(full.size(), "?")) + ")")
          + " ORDER BY next_attempt FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED")) {
        Instants.set(select, 1, now);
        for (int i = 0; i < full.size(); i++) {
          select.setString(i + 2, full.get(i));
        }
        Map<String, Integer> taken = new HashMap<>(busy);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            // Rows left here stay due: the next claim, with this address full, passes them.
            if (taken.merge(row.getString(2), 1, Integer::sum) <= perAddress) {
              ids.add(row.getString(1));
            }
          }
        }
      }
      List<Due> due = new ArrayList<>();
      try (PreparedStatement push = connection.prepareStatement(
              "UPDATE outbox SET next_attempt = ? WHERE id = ?");
          PreparedStatement read = connection.prepareStatement("SELECT o.id, o.task,"
              + " t.referral, t.service, o.address, o.attempts, o.queued, r.patient,"
              + " r.resource"
              + " FROM outbox o JOIN task t ON t.id = o.task JOIN referral r"
              + " ON r.id = t.referral WHERE o.id = ?")) {
        for (String id : ids) {
          Instants.set(push, 1, now.plus(lease));
          push.setString(2, id);
          push.executeUpdate();
          read.setString(1, id);
          try (ResultSet row = read.executeQuery()) {
            row.next();
            due.add(new Due(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getInt(6), Instants.get(row, 7),
                row.getString(8), row.getString(9)));
          }
        }
      }
      return due;
    });
  }

  /**
   * The provider took it (2xx, or 409: it had it already).
   *
   * @param status the provider's HTTP status, for the audit row
   */
  public void delivered(Due due, int status, Instant now) {
    settle(due, "delivered", null, now, "delivered", null, status);
  }

  /**
   * Not taken this time: try again at {@code next}; the Task shows {@code retrying}.
   *
   * @param status the provider's HTTP status, 0 when it gave none
   */
  public void retry(Due due, Instant next, String error, int status, Instant now) {
    settle(due, "pending", next, now, "retrying", error, status);
  }

  /**
   * Given up: the Task shows {@code failed} and why, for the referrer to see.
   *
   * @param status the provider's last HTTP status, 0 when it gave none
   */
  public void failed(Due due, String reason, int status, Instant now) {
    settle(due, "failed", null, now, "failed", reason, status);
  }

  /**
   * Records an attempt's outcome on the outbox row and the Task together, with an audit row:
   * sending a referral discloses the person's data to the provider. Only a row still pending is
   * settled: should a lease run out mid-send and another dispatcher settle it first, the later
   * outcome changes nothing.
   */
  private void settle(Due due, String state, Instant next, Instant now, String businessStatus,
      String error, int status) {
    store.transaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE outbox SET state = ?,"
          + " attempts = attempts + 1, next_attempt = COALESCE(?, next_attempt),"
          + " last_error = COALESCE(?, last_error) WHERE id = ? AND state = ?")) {
        update.setString(1, state);
        if (next == null) {
          update.setNull(2, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          Instants.set(update, 2, next);
        }
        update.setString(3, error);
        update.setString(4, due.id());
        update.setString(5, "pending");
        if (update.executeUpdate() == 0) {
          return null;
        }
      }
      try (PreparedStatement task = connection.prepareStatement("UPDATE task SET"
          + " business_status = ?, note = CASE WHEN ? = 'failed' THEN ? ELSE note END,"
          + " version = version + 1, updated = ? WHERE id = ? AND business_status <> ?")) {
        task.setString(1, businessStatus);
        task.setString(2, businessStatus);
        task.setString(3, "delivery failed: " + error);
        Instants.set(task, 4, now);
        task.setString(5, due.task());
        task.setString(6, businessStatus);
        task.executeUpdate();
      }
      AuditTrail.insert(connection, new AuditTrail.Entry(now, Optional.empty(), 'E',
          "deliver $process-message", Optional.of("ServiceRequest/" + due.referral()),
          Optional.of(due.patient()), status));
      return null;
    });
  }

  private static Optional<Referral> byIdentifier(Connection connection, String requester,
      Keys keys) throws SQLException {
    if (keys.identifierSystem().isEmpty() || keys.identifierValue().isEmpty()) {
      return Optional.empty();
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT id, requester, patient,"
        + " created, resource FROM referral WHERE requester = ? AND identifier_system = ?"
        + " AND identifier_value = ?")) {
      select.setString(1, requester);
      select.setString(2, keys.identifierSystem().get());
      select.setString(3, keys.identifierValue().get());
      return one(select, ReferralStore::referral);
    }
  }

  private static boolean messageSeen(Connection connection, String messageId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT 1 FROM referral WHERE message_id = ?")) {
      select.setString(1, messageId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  private static void insert(Connection connection, Referral referral, Keys keys, Facts facts)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO referral (id,"
        + " requester, identifier_system, identifier_value, message_id, patient, created,"
        + " resource, source, destination, after_screening)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, referral.id());
      insert.setString(2, referral.requester());
      insert.setString(3, keys.identifierSystem().orElse(null));
      insert.setString(4, keys.identifierValue().orElse(null));
      insert.setString(5, keys.messageId().orElse(null));
      insert.setString(6, referral.patient());
      Instants.set(insert, 7, referral.created());
      insert.setString(8, referral.json());
      insert.setString(9, facts.source());
      insert.setString(10, facts.destination());
      insert.setBoolean(11, facts.screened());
      insert.executeUpdate();
    }
    if (facts.substances().isEmpty() && facts.flags().isEmpty()) {
      return;
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO referral_code (referral, kind, code) VALUES (?, ?, ?)")) {
      for (String substance : facts.substances()) {
        insert.setString(1, referral.id());
        insert.setString(2, "substance");
        insert.setString(3, substance);
        insert.addBatch();
      }
      for (String flag : facts.flags()) {
        insert.setString(1, referral.id());
        insert.setString(2, "flag");
        insert.setString(3, flag);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void insert(Connection connection, Task task) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO task ("
        + TASK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, task.id());
      insert.setString(2, task.referral());
      insert.setString(3, task.service());
      insert.setString(4, task.owner());
      insert.setString(5, task.requester());
      insert.setString(6, task.status());
      insert.setString(7, task.businessStatus());
      insert.setString(8, task.statusReason().orElse(null));
      insert.setString(9, task.note().orElse(null));
      insert.setInt(10, task.version());
      Instants.set(insert, 11, task.created());
      Instants.set(insert, 12, task.updated());
      insert.executeUpdate();
    }
  }

  private static void insert(Connection connection, Delivery delivery) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO outbox (id, task,"
        + " address, state, attempts, queued, next_attempt) VALUES (?, ?, ?, 'pending', 0, ?,"
        + " ?)")) {
      insert.setString(1, delivery.id());
      insert.setString(2, delivery.task());
      insert.setString(3, delivery.address());
      Instants.set(insert, 4, delivery.queued());
      Instants.set(insert, 5, delivery.queued());
      insert.executeUpdate();
    }
  }

  private static Referral referral(ResultSet row) throws SQLException {
    return new Referral(row.getString(1), row.getString(2), row.getString(3),
        Instants.get(row, 4), row.getString(5));
  }

  private static Task task(ResultSet row) throws SQLException {
    return new Task(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        row.getString(5), row.getString(6), row.getString(7),
        Optional.ofNullable(row.getString(8)), Optional.ofNullable(row.getString(9)),
        row.getInt(10), Instants.get(row, 11), Instants.get(row, 12));
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
