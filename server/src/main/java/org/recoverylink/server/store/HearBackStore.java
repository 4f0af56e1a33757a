package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What tells a referrer, a person or a service's lead of a change to a referral's Task
 * (migrations V17, V18): the {@code hear_back} outbox, and the escalation of Tasks left waiting.
 * Rows are written in the transaction of the change they tell of, one per change and channel
 * (a unique key), so a change made is told, and told once; a sender claims them as the
 * dispatcher claims deliveries (row locks that skip rows held elsewhere, and a lease).
 */
public final class HearBackStore {

  /** The channels: a BaRS status message, a text, an email. */
  public static final String BARS = "bars";
  public static final String SMS = "sms";
  public static final String EMAIL = "email";

  /**
   * One telling to queue.
   *
   * @param id        the X-Request-ID of a BaRS message, or the Notify reference
   * @param changeKey which change it tells: {@code v{version}} of the Task, or
   *                  {@code escalated}
   * @param channel   {@link #BARS}, {@link #SMS} or {@link #EMAIL}
   * @param address   the FHIR base, phone number or email address it goes to
   * @param payload   for BaRS, the Task as told (JSON); otherwise the words sent
   */
  public record Message(String id, String task, String changeKey, String channel,
      String address, String payload, Instant queued) {

    public Message {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(changeKey, "changeKey");
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(payload, "payload");
      Objects.requireNonNull(queued, "queued");
    }
  }

  /**
   * A telling claimed by a sender.
   *
   * @param referral     the referral the Task is for
   * @param referralJson the referral as stored (a BaRS message carries it)
   * @param requester    the referring organisation
   * @param patient      the NHS number, for the audit row; null when none
   */
  public record Due(String id, String task, String changeKey, String channel, String address,
      String payload, int attempts, Instant queued, String referral, String referralJson,
      String requester, String patient) {
  }

  private final Store store;

  public HearBackStore(Store store) {
    this.store = store;
  }

  static void insert(Connection connection, Message message) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO hear_back (id,"
        + " task, change_key, channel, address, payload, state, attempts, queued, next_attempt)"
        + " VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)")) {
      insert.setString(1, message.id());
      insert.setString(2, message.task());
      insert.setString(3, message.changeKey());
      insert.setString(4, message.channel());
      insert.setString(5, message.address());
      insert.setString(6, message.payload());
      Instants.set(insert, 7, message.queued());
      Instants.set(insert, 8, message.queued());
      insert.executeUpdate();
    }
  }

  /**
   * Claims up to {@code limit} tellings that are due, oldest first, each pushed {@code lease}
   * into the future so that no other sender takes it meanwhile.
   */
  public List<Due> claim(int limit, Instant now, Duration lease) {
    return store.transaction(connection -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT id FROM hear_back"
          + " WHERE state = 'pending' AND next_attempt <= ? ORDER BY next_attempt"
          + " FETCH FIRST " + limit + " ROWS ONLY FOR UPDATE SKIP LOCKED")) {
        Instants.set(select, 1, now);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            ids.add(row.getString(1));
          }
        }
      }
      List<Due> due = new ArrayList<>();
      try (PreparedStatement push = connection.prepareStatement(
              "UPDATE hear_back SET next_attempt = ? WHERE id = ?");
          PreparedStatement read = connection.prepareStatement("SELECT h.id, h.task,"
              + " h.change_key, h.channel, h.address, h.payload, h.attempts, h.queued,"
              + " t.referral, r.resource, t.requester, r.patient FROM hear_back h JOIN task t"
              + " ON t.id = h.task JOIN referral r ON r.id = t.referral WHERE h.id = ?")) {
        for (String id : ids) {
          Instants.set(push, 1, now.plus(lease));
          push.setString(2, id);
          push.executeUpdate();
          read.setString(1, id);
          try (ResultSet row = read.executeQuery()) {
            row.next();
            due.add(new Due(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getInt(7),
                Instants.get(row, 8), row.getString(9), row.getString(10), row.getString(11),
                row.getString(12)));
          }
        }
      }
      return due;
    });
  }

  /**
   * Taken by the receiver (or it had it already).
   *
   * @param audit the attempt's audit row: telling discloses the referral's news
   */
  public void sent(Due due, AuditTrail.Entry audit) {
    settle(due, "sent", null, null, audit);
  }

  /** Not taken this time: try again at {@code next}. */
  public void retry(Due due, Instant next, String error, AuditTrail.Entry audit) {
    settle(due, "pending", next, error, audit);
  }

  /** Given up: refused for good, or not taken within the maximum age. */
  public void failed(Due due, String error, AuditTrail.Entry audit) {
    settle(due, "failed", null, error, audit);
  }

  /** Only a row still pending is settled: a later outcome of a lapsed lease changes nothing. */
  private void settle(Due due, String state, Instant next, String error,
      AuditTrail.Entry audit) {
    store.transaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE hear_back SET"
          + " state = ?, attempts = attempts + 1, next_attempt = COALESCE(?, next_attempt),"
          + " last_error = COALESCE(?, last_error) WHERE id = ? AND state = 'pending'")) {
        update.setString(1, state);
        if (next == null) {
          update.setNull(2, java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          Instants.set(update, 2, next);
        }
        update.setString(3, error == null ? null
            : error.length() <= 2000 ? error : error.substring(0, 2000));
        update.setString(4, due.id());
        if (update.executeUpdate() == 0) {
          return null;
        }
      }
      AuditTrail.insert(connection, audit);
      return null;
    });
  }

  /**
   * Up to {@code limit} Tasks still requested (neither accepted nor declined nor cancelled) and
   * not escalated, oldest first, made before {@code before}.
   */
  public List<ReferralStore.Task> waiting(Instant before, int limit) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, referral,"
          + " service, owner, requester, status, business_status, status_reason, note,"
          + " version, created, updated, escalated FROM task WHERE status = 'requested'"
          + " AND escalated IS NULL AND created < ? ORDER BY created, id FETCH FIRST " + limit
          + " ROWS ONLY")) {
        Instants.set(select, 1, before);
        List<ReferralStore.Task> tasks = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            tasks.add(ReferralStore.task(row));
          }
        }
        return tasks;
      }
    });
  }

  /**
   * Marks a Task escalated, once: only while it is still requested and not escalated, with the
   * lead's messages and the audit row in the same transaction. The Task's version goes up, so a
   * reader's If-Match sees it changed.
   *
   * @return whether this call escalated it (false: it was escalated, accepted or declined
   *     meanwhile)
   */
  public boolean escalate(String task, Instant now, List<Message> lead,
      AuditTrail.Entry audit) {
    return store.durably(connection -> {
      try (PreparedStatement update = connection.prepareStatement("UPDATE task SET"
          + " escalated = ?, version = version + 1, updated = ? WHERE id = ?"
          + " AND status = 'requested' AND escalated IS NULL")) {
        Instants.set(update, 1, now);
        Instants.set(update, 2, now);
        update.setString(3, task);
        if (update.executeUpdate() == 0) {
          return false;
        }
      }
      for (Message message : lead) {
        insert(connection, message);
      }
      AuditTrail.insert(connection, audit);
      return true;
    });
  }

  /** The Task with this id, escalation and all. */
  public Optional<ReferralStore.Task> task(String id) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, referral,"
          + " service, owner, requester, status, business_status, status_reason, note,"
          + " version, created, updated, escalated FROM task WHERE id = ?")) {
        select.setString(1, id);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(ReferralStore.task(row)) : Optional.empty();
        }
      }
    });
  }

  /** The tellings of a Task, oldest first: what was queued, and where each stands. */
  public record Told(String id, String changeKey, String channel, String state, int attempts,
      Optional<String> lastError) {
  }

  /** Everything queued to tell of a Task's changes, for the inbox and for tests. */
  public List<Told> told(String task) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, change_key,"
          + " channel, state, attempts, last_error FROM hear_back WHERE task = ?"
          + " ORDER BY queued, id")) {
        select.setString(1, task);
        List<Told> told = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            told.add(new Told(row.getString(1), row.getString(2), row.getString(3),
                row.getString(4), row.getInt(5), Optional.ofNullable(row.getString(6))));
          }
        }
        return told;
      }
    });
  }
}
