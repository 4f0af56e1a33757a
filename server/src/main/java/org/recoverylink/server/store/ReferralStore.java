package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.referral.RoutingFacts;
import org.recoverylink.core.rules.Coded;

/**
 * Referrals, their Tasks and their outbox rows (migrations V2, V10), and the facts each was routed
 * by (V11). A referral is created with its routing facts, its first Task, its outbox row (when the
 * service has an endpoint) and its audit row in one transaction, so an answer of 201 means all of
 * it is durable and the dispatcher will find it.
 */
public final class ReferralStore {

  /**
   * A stored referral.
   *
   * @param id        its id, as in {@code ServiceRequest/{id}}
   * @param requester the referring organisation's ODS code
   * @param patient   the NHS number; null for a referral taken in without one (from the
   *                  person, family or friends, or an agency, through the public pages)
   * @param created   when it was taken in
   * @param json      the ServiceRequest as first answered
   */
  public record Referral(String id, String requester, String patient, Instant created,
      String json) {

    public Referral {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(requester, "requester");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * What the referral report counts about a referral, kept beside it: nothing that names the
   * person.
   *
   * @param source      how it came: the referrer's role, {@code gp} or {@code pharmacy}, or
   *                    through the public pages the referral-source code ({@code self},
   *                    {@code family}, {@code criminal-justice}, ...)
   * @param destination the service it was first sent to
   * @param screened    whether it carried a screening score
   * @param substances  substance codes it names
   * @param flags       flag codes its assessment raised
   * @param agency      for an agency's referral through the public pages, the agency's kind
   *                    ({@code police}, {@code housing}, ...): the source code alone does not
   *                    tell them apart
   */
  public record Facts(String source, String destination, boolean screened,
      Set<String> substances, Set<String> flags, Optional<String> agency) {

    public Facts {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(destination, "destination");
      substances = Set.copyOf(substances);
      flags = Set.copyOf(flags);
      Objects.requireNonNull(agency, "agency");
    }

    /** The facts of a referral from no agency (a GP, a pharmacy, the person, family). */
    public Facts(String source, String destination, boolean screened, Set<String> substances,
        Set<String> flags) {
      this(source, destination, screened, substances, flags, Optional.empty());
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
      int version, Instant created, Instant updated, Optional<Instant> escalated) {

    /** A Task not escalated (migration V18): none is when it is made. */
    public Task(String id, String referral, String service, String owner, String requester,
        String status, String businessStatus, Optional<String> statusReason,
        Optional<String> note, int version, Instant created, Instant updated) {
      this(id, referral, service, owner, requester, status, businessStatus, statusReason, note,
          version, created, updated, Optional.empty());
    }

    public Task {
      Objects.requireNonNull(escalated, "escalated");
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

  /**
   * How a person who referred themselves (or was referred by family) through the public pages
   * may be told how it went (migration V17): only by channels they marked safe, and only when
   * they said a message may be left; without either channel they are not told this way.
   *
   * @param reference the reference they were given
   * @param sms       the phone number for a text, when texts are safe
   * @param email     the email address, when email is safe
   */
  public record Contact(String reference, Optional<String> sms, Optional<String> email) {

    public Contact {
      Objects.requireNonNull(reference, "reference");
      Objects.requireNonNull(sms, "sms");
      Objects.requireNonNull(email, "email");
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
   * @param patient  the NHS number, for the audit row of each attempt; null when none
   * @param json     the referral as stored
   */
  public record Due(String id, String task, String referral, String service, String address,
      int attempts, Instant queued, String patient, String json) {
  }

  private static final String TASK_COLUMNS = "id, referral, service, owner, requester, status,"
      + " business_status, status_reason, note, version, created, updated";
  /** What a Task is read with: its columns, and when it was escalated. */
  private static final String TASK_READ = TASK_COLUMNS + ", escalated";

  private final Store store;

  public ReferralStore(Store store) {
    this.store = store;
  }

  /**
   * Stores a new referral with its first Task, its delivery (if any) and its audit row, in one
   * transaction. A BaRS message's id is claimed first, so that of two processes taking in the
   * same message at once, the second waits for the first and is then a duplicate, whatever the
   * referral's identifier finds.
   *
   * @param routing what a re-route of it needs, kept beside it
   * @return the referral stored, or the one already stored under the same identifier from the
   *     same organisation (then only the message id is written, if there is one)
   * @throws DuplicateMessageException when the message id was taken in before
   */
  public Referral create(Referral referral, Keys keys, Facts facts, RoutingFacts routing,
      Task task, Optional<Delivery> delivery, AuditTrail.Entry audit) {
    return create(referral, keys, facts, routing, task, delivery, Optional.empty(), audit);
  }

  /**
   * As {@link #create(Referral, Keys, Facts, RoutingFacts, Task, Optional, AuditTrail.Entry)},
   * with how the person may be told how it goes, kept beside it in the same transaction.
   */
  public Referral create(Referral referral, Keys keys, Facts facts, RoutingFacts routing,
      Task task, Optional<Delivery> delivery, Optional<Contact> contact,
      AuditTrail.Entry audit) {
    try {
      // Durably: after a 201 the referral and its delivery must outlive a crash.
      return store.durably(connection -> {
        if (keys.messageId().isPresent()) {
          claim(connection, keys.messageId().get(), referral);
        }
        Optional<Referral> existing = byIdentifier(connection, referral.requester(), keys);
        if (existing.isPresent()) {
          if (keys.messageId().isPresent()) {
            named(connection, keys.messageId().get(), existing.get());
          }
          return existing.get();
        }
        insert(connection, referral, keys, facts);
        insert(connection, referral.id(), routing);
        insert(connection, task);
        if (delivery.isPresent()) {
          insert(connection, delivery.get());
        }
        if (contact.isPresent()) {
          insert(connection, referral.id(), contact.get());
        }
        AuditTrail.insert(connection, audit);
        return referral;
      });
    } catch (StoreException e) {
      // The same identifier twice at once: the unique index lets one in; the other reads it.
      if (e.isUniqueViolation()) {
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
    return transition(current, status, reason, note, next, delivery, changed -> List.of(),
        audit, now);
  }

  /**
   * As {@link #transition(Task, String, Optional, Optional, Optional, Optional,
   * AuditTrail.Entry, Instant)}, with what tells the referrer of the change queued in the same
   * transaction: made from the Task as changed, so a change that is not made tells nothing, and
   * one that is made is told (migration V17).
   */
  public Task transition(Task current, String status, Optional<String> reason,
      Optional<String> note, Optional<Task> next, Optional<Delivery> delivery,
      Function<Task, List<HearBackStore.Message>> told,
      AuditTrail.Entry audit, Instant now) {
    Task changed = new Task(current.id(), current.referral(), current.service(),
        current.owner(), current.requester(), status, current.businessStatus(), reason,
        note.or(current::note), current.version() + 1, current.created(), now,
        current.escalated());
    List<HearBackStore.Message> messages = told.apply(changed);
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
      for (HearBackStore.Message message : messages) {
        HearBackStore.insert(connection, message);
      }
      AuditTrail.insert(connection, audit);
      return changed;
    });
  }

  /**
   * The facts a referral was routed by; empty for a referral taken in before they were kept
   * (migration V11), until {@link #keepRouting} adds them.
   */
  public Optional<RoutingFacts> routing(String referral) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT age, referred,"
          + " outward_code, substances, circumstances, flags, source, district"
          + " FROM referral_routing"
          + " WHERE referral = ?")) {
        select.setString(1, referral);
        return one(select, ReferralStore::routing);
      }
    });
  }

  /**
   * Keeps the routing facts derived for a referral taken in before they were kept; should two
   * requests derive them at once, the first kept stays (they are the same facts).
   */
  public void keepRouting(String referral, RoutingFacts routing) {
    try {
      store.transaction(connection -> {
        insert(connection, referral, routing);
        return null;
      });
    } catch (StoreException e) {
      if (!e.isUniqueViolation()) {
        throw e;
      }
    }
  }

  /** How the person of a referral made on the public pages may be told how it goes. */
  public Optional<Contact> contact(String referral) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT reference, sms, email"
          + " FROM referral_contact WHERE referral = ?")) {
        select.setString(1, referral);
        return one(select, row -> new Contact(row.getString(1),
            Optional.ofNullable(row.getString(2)), Optional.ofNullable(row.getString(3))));
      }
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

  /**
   * The referrals a sender identified so that this organisation may read: it made the referral,
   * or has a Task for it (as reading by id allows). Others' referrals are not there for it.
   */
  public List<Referral> byIdentifier(String reader, String system, String value) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, requester,"
          + " patient, created, resource FROM referral r WHERE identifier_value = ?"
          + " AND identifier_system = ? AND (requester = ? OR EXISTS (SELECT 1 FROM task t"
          + " WHERE t.referral = r.id AND t.owner = ?)) ORDER BY created, id")) {
        select.setString(1, value);
        select.setString(2, system);
        select.setString(3, reader);
        select.setString(4, reader);
        return all(select, ReferralStore::referral);
      }
    });
  }

  /** The Task with this id. */
  public Optional<Task> task(String id) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + TASK_READ
          + " FROM task WHERE id = ?")) {
        select.setString(1, id);
        return one(select, ReferralStore::task);
      }
    });
  }

  /** The Tasks of a referral, oldest first. */
  public List<Task> tasksOf(String referral) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT " + TASK_READ
          + " FROM task WHERE referral = ? ORDER BY created, id")) {
        select.setString(1, referral);
        return all(select, ReferralStore::task);
      }
    });
  }

  /**
   * A search of the Tasks an organisation may see: those it owns and those of the referrals it
   * made; each filter, when given, narrows it.
   *
   * @param reader   the organisation searching
   * @param owner    only Tasks of this receiving organisation
   * @param status   only Tasks with this status
   * @param referral      only the Tasks of this referral
   * @param id            only the Task of this id
   * @param updatedFrom   only Tasks last changed at or after this
   * @param updatedBefore only Tasks last changed before this
   * @param services      only Tasks for these services; all when empty
   */
  public record TaskSearch(String reader, Optional<String> owner, Optional<String> status,
      Optional<String> referral, Optional<String> id, Optional<Instant> updatedFrom,
      Optional<Instant> updatedBefore, Set<String> services) {

    public TaskSearch {
      Objects.requireNonNull(reader, "reader");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(referral, "referral");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(updatedFrom, "updatedFrom");
      Objects.requireNonNull(updatedBefore, "updatedBefore");
      services = Set.copyOf(services);
    }

    /** Tasks for every service. */
    public TaskSearch(String reader, Optional<String> owner, Optional<String> status,
        Optional<String> referral, Optional<String> id, Optional<Instant> updatedFrom,
        Optional<Instant> updatedBefore) {
      this(reader, owner, status, referral, id, updatedFrom, updatedBefore, Set.of());
    }

    /** Tasks by owner, status and referral only. */
    public TaskSearch(String reader, Optional<String> owner, Optional<String> status,
        Optional<String> referral) {
      this(reader, owner, status, referral, Optional.empty(), Optional.empty(),
          Optional.empty());
    }
  }

  /**
   * A place in the worklist's order, oldest first: by when the Task was created, then by id.
   * Paging on from a place repeats no Task, and skips none stored before the place was handed
   * out; Tasks arriving later are created later and follow at the end (one written at the very
   * moment a page is read may carry a time just before the page's last, and is then seen when
   * the list is next read from the start).
   */
  public record Position(Instant created, String id) {

    public Position {
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(id, "id");
    }
  }

  /** A Task listed with its referral's NHS number, which its FHIR form names. */
  public record Listed(Task task, String patient) {
  }

  /**
   * One page of a search.
   *
   * @param tasks the Tasks in the worklist's order
   * @param total how many Tasks match the search in all, on every page
   * @param more  whether Tasks follow the last of this page
   */
  public record Page(List<Listed> tasks, long total, boolean more) {

    public Page {
      tasks = List.copyOf(tasks);
    }
  }

  /**
   * Up to {@code count} Tasks matching the search, oldest first, after {@code after} if given;
   * the count of all that match is made in the same transaction.
   */
  public Page tasks(TaskSearch search, Optional<Position> after, int count) {
    List<Object> parameters = new ArrayList<>(List.of(search.reader(), search.reader()));
    StringBuilder where = new StringBuilder(" WHERE (t.owner = ? OR t.requester = ?)");
    search.owner().ifPresent(owner -> {
      where.append(" AND t.owner = ?");
      parameters.add(owner);
    });
    search.status().ifPresent(status -> {
      where.append(" AND t.status = ?");
      parameters.add(status);
    });
    search.referral().ifPresent(referral -> {
      where.append(" AND t.referral = ?");
      parameters.add(referral);
    });
    search.id().ifPresent(id -> {
      where.append(" AND t.id = ?");
      parameters.add(id);
    });
    search.updatedFrom().ifPresent(from -> {
      where.append(" AND t.updated >= ?");
      parameters.add(from);
    });
    search.updatedBefore().ifPresent(before -> {
      where.append(" AND t.updated < ?");
      parameters.add(before);
    });
    if (!search.services().isEmpty()) {
      where.append(" AND t.service IN (").append(String.join(", ",
          Collections.nCopies(search.services().size(), "?"))).append(")");
      parameters.addAll(search.services().stream().sorted().toList());
    }
    return store.transaction(connection -> {
      long total;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT COUNT(*) FROM task t" + where)) {
        bind(select, parameters);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          total = row.getLong(1);
        }
      }
      if (count == 0) {
        return new Page(List.of(), total, false);
      }
      List<Object> page = new ArrayList<>(parameters);
      StringBuilder sql = new StringBuilder("SELECT t." + TASK_READ.replace(", ", ", t.")
          + ", r.patient FROM task t JOIN referral r ON r.id = t.referral" + where);
      if (after.isPresent()) {
        sql.append(" AND (t.created > ? OR (t.created = ? AND t.id > ?))");
        page.addAll(List.of(after.get().created(), after.get().created(), after.get().id()));
      }
      // One more than asked: whether it comes back says whether another page follows.
      sql.append(" ORDER BY t.created, t.id FETCH FIRST ").append(count + 1)
          .append(" ROWS ONLY");
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        bind(select, page);
        List<Listed> tasks = all(select, row -> new Listed(task(row), row.getString(14)));
        boolean more = tasks.size() > count;
        return new Page(more ? tasks.subList(0, count) : tasks, total, more);
      }
    });
  }

  private static void bind(PreparedStatement statement, List<Object> parameters)
      throws SQLException {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i) instanceof Instant instant) {
        Instants.set(statement, i + 1, instant);
      } else {
        statement.setString(i + 1, (String) parameters.get(i));
      }
    }
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
          Optional.ofNullable(due.patient()), status));
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

  /**
   * Claims a message id for the referral. Another transaction holding the same id makes the
   * insert wait until it ends: committed, this one is the duplicate.
   */
  private static void claim(Connection connection, String messageId, Referral referral)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO received_message (id, referral, received) VALUES (?, ?, ?)")) {
      insert.setString(1, messageId);
      insert.setString(2, referral.id());
      Instants.set(insert, 3, referral.created());
      insert.executeUpdate();
    } catch (SQLException e) {
      if (StoreException.isUniqueViolation(e)) {
        throw new DuplicateMessageException(messageId);
      }
      throw e;
    }
  }

  /** The message named a referral stored before: it is recorded as that one. */
  private static void named(Connection connection, String messageId, Referral existing)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE received_message SET referral = ? WHERE id = ?")) {
      update.setString(1, existing.id());
      update.setString(2, messageId);
      update.executeUpdate();
    }
  }

  private static void insert(Connection connection, Referral referral, Keys keys, Facts facts)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO referral (id,"
        + " requester, identifier_system, identifier_value, patient, created, resource, source,"
        + " destination, after_screening, agency) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, referral.id());
      insert.setString(2, referral.requester());
      insert.setString(3, keys.identifierSystem().orElse(null));
      insert.setString(4, keys.identifierValue().orElse(null));
      insert.setString(5, referral.patient());
      Instants.set(insert, 6, referral.created());
      insert.setString(7, referral.json());
      insert.setString(8, facts.source());
      insert.setString(9, facts.destination());
      insert.setBoolean(10, facts.screened());
      insert.setString(11, facts.agency().orElse(null));
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

  private static void insert(Connection connection, String referral, RoutingFacts routing)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO referral_routing"
        + " (referral, age, referred, outward_code, substances, circumstances, flags, source,"
        + " district) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, referral);
      insert.setInt(2, routing.age());
      insert.setObject(3, routing.referred());
      insert.setString(4, routing.outwardCode().orElse(null));
      insert.setString(5, codes(routing.substances()));
      insert.setString(6, codes(routing.circumstances()));
      insert.setString(7, codes(routing.flags()));
      insert.setString(8, routing.source().map(Coded::code).orElse(null));
      insert.setString(9, routing.district().orElse(null));
      insert.executeUpdate();
    }
  }

  /** Codes in a column, comma-separated (no code of ours has a comma), in the given order. */
  private static String codes(Collection<? extends Coded> values) {
    return values.stream().map(Coded::code).collect(Collectors.joining(","));
  }

  private static <E extends Enum<E> & Coded> List<E> codes(String column, Class<E> type) {
    return column.isEmpty() ? List.of() : Arrays.stream(column.split(",")).map(code ->
        Coded.fromCode(type, code).orElseThrow(() -> new IllegalStateException("stored "
            + type.getSimpleName() + " code " + code + " is not one of this version's")))
        .toList();
  }

  private static RoutingFacts routing(ResultSet row) throws SQLException {
    return new RoutingFacts(row.getInt(1), row.getObject(2, LocalDate.class),
        Optional.ofNullable(row.getString(3)), codes(row.getString(4), Substance.class),
        Set.copyOf(codes(row.getString(5), Circumstance.class)),
        Set.copyOf(codes(row.getString(6), FlagCode.class)),
        Optional.ofNullable(row.getString(7)).map(code -> codes(code, ReferralSource.class)
            .get(0)), Optional.ofNullable(row.getString(8)));
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

  static Task task(ResultSet row) throws SQLException {
    return new Task(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
        row.getString(5), row.getString(6), row.getString(7),
        Optional.ofNullable(row.getString(8)), Optional.ofNullable(row.getString(9)),
        row.getInt(10), Instants.get(row, 11), Instants.get(row, 12),
        Instants.optional(row, 13));
  }

  private static void insert(Connection connection, String referral, Contact contact)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO referral_contact"
        + " (referral, reference, sms, email) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, referral);
      insert.setString(2, contact.reference());
      insert.setString(3, contact.sms().orElse(null));
      insert.setString(4, contact.email().orElse(null));
      insert.executeUpdate();
    }
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
