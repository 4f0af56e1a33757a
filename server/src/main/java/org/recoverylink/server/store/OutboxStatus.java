package org.recoverylink.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * How the outbox stands, for readiness and metrics: one indexed query (outbox_due) that reads
 * counts and times only, never a referral.
 */
public final class OutboxStatus {

  /**
   * The outbox at one moment.
   *
   * @param depth     deliveries not yet settled: due now, or waiting for a retry
   * @param oldestDue when the delivery that has been due longest came due; empty when none is
   *                  due (a claimed delivery is not due until its lease runs out)
   */
  public record Snapshot(long depth, Optional<Instant> oldestDue) {

    public Snapshot {
      Objects.requireNonNull(oldestDue, "oldestDue");
    }

    /** How long the delivery due longest has waited at {@code now}; zero when none is due. */
    public Duration oldestDueAge(Instant now) {
      return oldestDue.map(due -> Duration.between(due, now)).filter(age -> !age.isNegative())
          .orElse(Duration.ZERO);
    }
  }

  private final Store store;

  public OutboxStatus(Store store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The outbox as it is at {@code now}.
   *
   * @param timeout how long the database may take to answer the query
   * @throws StoreException when the database fails or does not answer in time
   */
  public Snapshot read(Instant now, Duration timeout) {
    return store.transaction(connection -> {
      try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*),"
          + " MIN(CASE WHEN next_attempt <= ? THEN next_attempt END)"
          + " FROM outbox WHERE state = 'pending'")) {
        query.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        Instants.set(query, 1, now);
        try (ResultSet row = query.executeQuery()) {
          row.next();
          OffsetDateTime due = row.getObject(2, OffsetDateTime.class);
          return new Snapshot(row.getLong(1), Optional.ofNullable(due)
              .map(OffsetDateTime::toInstant));
        }
      }
    });
  }
}
