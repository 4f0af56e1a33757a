package org.recoverylink.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.recoverylink.core.nhs.England;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Completed screenings ({@code screening}), counted by the IBA activity report: the instrument,
 * band and total, when and by which organisation. Whose screening it was is not kept. The report
 * reads their tallies by English day, organisation, instrument and band ({@code screening_day}),
 * written with them.
 *
 * <p>Counts are written behind the answers that count them. {@link #count} holds them; a writer
 * thread writes what is held every {@link #WRITE_EVERY}, or sooner once {@link #WRITE_AT} are
 * held, in key order, {@link #CHUNK} to a transaction, resting after each as long as it took.
 * Why: the key is a digest, so each count lands on a random page of the key's index, and the
 * embedded store copies a page for each write to it; written one answer at a time, nearly every
 * count copied a page of its own, and counting was a tenth of {@code $assess}'s processor time.
 * Written together in key order, neighbouring counts share their page.
 *
 * <p>What a stop can lose: a clean stop ({@link #close}) writes everything held. A killed process
 * or a power cut loses the counts held (at most the last {@link #WRITE_EVERY}'s) and, on the
 * embedded store, those written in its last half second ({@link Store#durably}). The audit rows
 * of those answers are not held here: they are committed before each answer leaves. A report
 * writes what is held before it counts ({@link #flush}), so it counts every answer given before
 * it was asked for.
 */
public final class Screenings implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Screenings.class);

  /** The longest a count is held before it is written. */
  static final Duration WRITE_EVERY = Duration.ofSeconds(10);
  /** Held counts that start a write at once. */
  static final int WRITE_AT = 50_000;
  /** Counts in one transaction: each one is short, however many are held. */
  static final int CHUNK = 250;
  /**
   * Held counts beyond which more are not held (and are logged as not counted): reached only
   * when the database has refused counts for a long time while it still took audit rows.
   */
  static final int LIMIT = 4 * WRITE_AT;

  /** The tallies' key order. */
  private static final Comparator<Tally> TALLY_ORDER = Comparator.comparing(Tally::day)
      .thenComparing(Tally::organisation).thenComparing(Tally::instrument)
      .thenComparing(Tally::band);

  /** H2's and PostgreSQL's order of UUIDs: each half as an unsigned number, high half first. */
  private static final Comparator<Screened> KEY_ORDER = Comparator
      .<Screened>comparingLong(s -> s.key().getMostSignificantBits() ^ Long.MIN_VALUE)
      .thenComparingLong(s -> s.key().getLeastSignificantBits() ^ Long.MIN_VALUE);

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

  private final Store store;
  private final Duration every;
  private final int writeAt;
  private final int limit;
  /** Guards {@link #held}, {@link #beingWritten} and {@link #stopping}. */
  private final ReentrantLock holding = new ReentrantLock();
  private final Condition due = holding.newCondition();
  private List<Screened> held = new ArrayList<>();
  /** Taken from {@link #held} by the write under way, and not yet written. */
  private int beingWritten;
  private boolean stopping;
  /** Held while counts are written: by the writer, a report's {@link #flush}, or the stop. */
  private final ReentrantLock writing = new ReentrantLock();
  private final Thread writer;

  /** Counts screenings into {@code store}; the writer thread starts at once. */
  public Screenings(Store store) {
    this(store, WRITE_EVERY, WRITE_AT, LIMIT);
  }

  Screenings(Store store, Duration every, int writeAt, int limit) {
    this.store = Objects.requireNonNull(store, "store");
    this.every = every;
    this.writeAt = writeAt;
    this.limit = limit;
    this.writer = new Thread(this::writeWhenDue, "recoverylink-counts");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Holds these screenings to be written, each once: a key counted before, or held already, is
   * left as it was. Call it once the answer that counts them has its audit row.
   */
  public void count(List<Screened> screenings) {
    if (screenings.isEmpty()) {
      return;
    }
    holding.lock();
    try {
      if (held.size() + screenings.size() > limit) {
        LOG.warn("{} screening(s) assessed but not counted for reports: {} counts are waiting"
            + " for the database", screenings.size(), held.size());
        return;
      }
      held.addAll(screenings);
      if (held.size() >= writeAt) {
        due.signal();
      }
    } finally {
      holding.unlock();
    }
  }

  /** Writes every count held now, before this returns: a report calls it before it counts. */
  public void flush() {
    written(false);
  }

  /**
   * As {@link #flush}; false when the database was away and counts are held again. Paced, it
   * rests after each chunk as long as the chunk took, so that a write shares the processors
   * with the requests being answered rather than holding one of them.
   */
  private boolean written(boolean paced) {
    writing.lock();
    try {
      List<Screened> left = take();
      try {
        left = write(left, paced);
      } finally {
        // Unwritten, or all taken when the write failed unexpectedly: writing one again later
        // is harmless, the insert skips a key already there.
        settle(left);
      }
      return left.isEmpty();
    } finally {
      writing.unlock();
    }
  }

  private void writeWhenDue() {
    boolean away = false;
    while (true) {
      holding.lock();
      try {
        long wait = every.toNanos();
        // After the database was away, wait the whole time: the held counts are many.
        while (!stopping && (away || held.size() < writeAt) && wait > 0) {
          wait = due.awaitNanos(wait);
        }
        if (stopping) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        holding.unlock();
      }
      try {
        away = !written(true);
      } catch (RuntimeException e) { // the writer must outlive any one write
        LOG.error("screening counts could not be written; trying again later", e);
        away = true;
      }
    }
  }

  private List<Screened> take() {
    holding.lock();
    try {
      List<Screened> taken = held;
      held = new ArrayList<>();
      beingWritten = taken.size();
      return taken;
    } finally {
      holding.unlock();
    }
  }

  /**
   * The write is over; these were not written and are held again, ahead of those counted since
   * (so that of a key's repeats the first counted stays first).
   */
  private void settle(List<Screened> again) {
    holding.lock();
    try {
      held.addAll(0, again);
      beingWritten = 0;
    } finally {
      holding.unlock();
    }
  }

  /**
   * Writes counts in key order, {@link #CHUNK} to a transaction, and returns those not written.
   * A database away: the counts not yet written are left for the next write. A chunk refused
   * otherwise: its counts are written one by one, and one the table refuses (logged) costs no
   * other.
   */
  private List<Screened> write(List<Screened> taken, boolean paced) {
    taken.sort(KEY_ORDER); // stable: of a key's repeats, the first held is written
    for (int from = 0; from < taken.size(); from += CHUNK) {
      int to = Math.min(taken.size(), from + CHUNK);
      try {
        long start = System.nanoTime();
        insertOrRetry(taken.subList(from, to));
        if (paced) {
          LockSupport.parkNanos(System.nanoTime() - start);
        }
      } catch (StoreUnavailableException e) {
        return left(taken.subList(from, taken.size()), e);
      } catch (StoreException e) {
        for (int one = from; one < to; one++) {
          try {
            insertOrRetry(taken.subList(one, one + 1));
          } catch (StoreUnavailableException away) {
            return left(taken.subList(one, taken.size()), away);
          } catch (StoreException refused) {
            LOG.warn("a screening was assessed but not counted for reports: {}",
                refused.getMessage());
          }
        }
      }
    }
    return List.of();
  }

  private static List<Screened> left(List<Screened> left, StoreUnavailableException away) {
    LOG.warn("{} screening count(s) wait for the database: {}", left.size(), away.getMessage());
    return left;
  }

  /**
   * Another server on the same database counted one of these at the same moment, so a unique
   * key was violated: its row is committed now, and the insert-if-absent leaves it be.
   */
  private void insertOrRetry(List<Screened> chunk) {
    try {
      insert(chunk);
    } catch (StoreException e) {
      if (e instanceof StoreUnavailableException || !e.isUniqueViolation()) {
        throw e;
      }
      insert(chunk);
    }
  }

  private void insert(List<Screened> chunk) {
    store.transaction(connection -> {
      insert(connection, chunk);
      return null;
    });
  }

  /**
   * Insert-if-absent, in SQL both H2 and PostgreSQL take: a repeat inserts no row. The
   * screenings inserted are added to their days' tallies in the same transaction, so a tally is
   * always the number of its rows.
   */
  private static void insert(Connection connection, List<Screened> screenings)
      throws SQLException {
    List<Screened> distinct = new ArrayList<>(screenings.size());
    UUID previous = null;
    for (Screened screened : screenings) {
      if (!screened.key().equals(previous)) { // sorted: a repeat is next to its first
        distinct.add(screened);
        previous = screened.key();
      }
    }
    int[] inserted;
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO screening (id,"
        + " organisation, instrument, band, total, assessed) SELECT ?, ?, ?, ?, ?, ?"
        + " WHERE NOT EXISTS (SELECT 1 FROM screening WHERE id = ?)")) {
      for (Screened screened : distinct) {
        insert.setObject(1, screened.key());
        insert.setString(2, screened.organisation());
        insert.setString(3, screened.instrument());
        insert.setString(4, screened.band());
        insert.setInt(5, screened.total());
        Instants.set(insert, 6, screened.assessed());
        insert.setObject(7, screened.key());
        insert.addBatch();
      }
      inserted = insert.executeBatch();
    }
    Map<Tally, Long> tallies = new TreeMap<>(TALLY_ORDER);
    for (int i = 0; i < distinct.size(); i++) {
      if (inserted[i] < 0) { // H2 and PostgreSQL give each statement's count for this one
        throw new SQLException("the database did not say which screenings it inserted");
      }
      if (inserted[i] > 0) {
        tallies.merge(Tally.of(distinct.get(i)), 1L, Long::sum);
      }
    }
    add(connection, tallies);
  }

  /**
   * Adds to each tally, creating it with its first screenings. In the tallies' order, so that
   * two servers on one database take their row locks in the same order; one that creates a
   * tally the other has just created fails on the unique key, and {@link #insertOrRetry} writes
   * its chunk again, adding to the tally then there.
   */
  private static void add(Connection connection, Map<Tally, Long> tallies)
      throws SQLException {
    try (PreparedStatement add = connection.prepareStatement("UPDATE screening_day SET"
        + " screenings = screenings + ? WHERE assessed_day = ? AND organisation = ?"
        + " AND instrument = ? AND band = ?");
        PreparedStatement first = connection.prepareStatement("INSERT INTO screening_day"
            + " (screenings, assessed_day, organisation, instrument, band)"
            + " VALUES (?, ?, ?, ?, ?)")) {
      for (Map.Entry<Tally, Long> tally : tallies.entrySet()) {
        if (tally.getKey().set(add, tally.getValue()).executeUpdate() == 0) {
          tally.getKey().set(first, tally.getValue()).executeUpdate();
        }
      }
    }
  }

  /**
   * A row of {@code screening_day}: the screenings of one day, organisation, instrument and band.
   */
  private record Tally(LocalDate day, String organisation, String instrument, String band) {

    /** The screening's tally: its day on English clocks, the days of a report's periods. */
    static Tally of(Screened screened) {
      return new Tally(LocalDate.ofInstant(screened.assessed(), England.ZONE),
          screened.organisation(), screened.instrument(), screened.band());
    }

    /** Sets the tally's count and then its four values, in the order both statements take. */
    PreparedStatement set(PreparedStatement statement, long screenings) throws SQLException {
      statement.setLong(1, screenings);
      statement.setObject(2, day);
      statement.setString(3, organisation);
      statement.setString(4, instrument);
      statement.setString(5, band);
      return statement;
    }
  }

  /** Counts not yet written, held or being written: for the metrics. */
  public int held() {
    holding.lock();
    try {
      return held.size() + beingWritten;
    } finally {
      holding.unlock();
    }
  }

  /** Stops the writer and writes what is held. */
  @Override
  public void close() {
    holding.lock();
    try {
      stopping = true;
      due.signal();
    } finally {
      holding.unlock();
    }
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    flush();
    int left = held();
    if (left > 0) {
      LOG.warn("{} screening(s) assessed but not counted for reports: the database was away"
          + " at the stop", left);
    }
  }
}
