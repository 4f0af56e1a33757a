package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recoverylink.server.store.Screenings.Screened;

/**
 * Screening counts written behind their answers, on every database the store supports: each
 * screening counted once however many threads count it at once and however the writes fall, a
 * count the table refuses costing no other, a report's flush and a clean stop writing all that
 * is held, and counts held through a database outage written once it is back.
 */
class ScreeningsTest {

  private static final Instant AT = Instant.parse("2026-03-02T09:31:12Z");
  private static final Instant LATER = AT.plusSeconds(60);

  /**
   * Eight threads count forty answers' screenings while the writer writes every three held:
   * repeats within an answer, across answers, and one the table refuses (an organisation
   * longer than its column). Every other screening is there once, with the time it was first
   * counted.
   */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void eachScreeningIsCountedOnceWhileTheWriterWrites(Databases.Kind kind) throws Exception {
    Screened repeated = screened("k-repeated", "A81001", AT);
    int answers = 40;
    try (Databases.Scratch db = kind.open();
        Screenings screenings = new Screenings(db.store(), Duration.ofMillis(5), 3, 1_000)) {
      ExecutorService counters = Executors.newFixedThreadPool(8);
      List<Future<?>> counted = new ArrayList<>();
      for (int i = 0; i < answers; i++) {
        Screened own = screened("k" + i, "A81001", AT);
        List<Screened> answer = switch (i % 4) {
          case 0 -> List.of(own, screened("k-repeated", "A81001", LATER));
          case 1 -> List.of(own, own);
          case 2 -> List.of(screened("k" + i, "A".repeat(101), AT)); // refused by the table
          default -> List.of(own);
        };
        if (i == 0) {
          screenings.count(List.of(repeated)); // first: its time is the one kept
        }
        counted.add(counters.submit(() -> screenings.count(answer)));
      }
      for (Future<?> each : counted) {
        each.get(30, TimeUnit.SECONDS);
      }
      counters.shutdown();
      screenings.flush();

      Map<UUID, Instant> expected = new TreeMap<>(Map.of(key("k-repeated"), AT));
      for (int i = 0; i < answers; i++) {
        if (i % 4 != 2) {
          expected.put(key("k" + i), AT);
        }
      }
      assertEquals(expected, rows(db));
      assertEquals(Map.of("2026-03-02 A81001 audit increasing-risk", (long) expected.size()),
          days(db), "one tally, of every row");
      assertEquals(0, screenings.held());
    }
  }

  /** Held until written: a report's flush writes them before it counts; nothing is held after. */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void aFlushWritesEveryCountHeld(Databases.Kind kind) throws Exception {
    try (Databases.Scratch db = kind.open(); Screenings screenings = new Screenings(db.store())) {
      screenings.count(List.of(screened("a", "A81001", AT), screened("b", "FA123", AT)));
      screenings.count(List.of(screened("a", "A81001", LATER)));
      assertEquals(3, screenings.held());

      screenings.flush();
      assertEquals(0, screenings.held());
      assertEquals(Map.of(key("a"), AT, key("b"), AT), rows(db));
      assertEquals(Map.of("2026-03-02 A81001 audit increasing-risk", 1L,
          "2026-03-02 FA123 audit increasing-risk", 1L), days(db), "the repeat not tallied");
    }
  }

  /** A clean stop writes what is held, without a flush. */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void aCleanStopWritesWhatIsHeld(Databases.Kind kind) throws Exception {
    try (Databases.Scratch db = kind.open()) {
      Screenings screenings = new Screenings(db.store());
      screenings.count(List.of(screened("a", "A81001", AT)));
      screenings.close();
      assertEquals(Map.of(key("a"), AT), rows(db));
    }
  }

  /**
   * Two servers on one database counting the same screenings at the same moment: whichever
   * writes a key second finds it there (or fails on the unique key and writes again), and each
   * is counted once, none lost.
   */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void twoServersCountingTheSameScreeningsCountEachOnce(Databases.Kind kind) throws Exception {
    List<Screened> same = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      same.add(screened("shared-" + i, "A81001", AT));
    }
    try (Databases.Scratch db = kind.open();
        Screenings one = new Screenings(db.store());
        Screenings other = new Screenings(db.store())) {
      for (int round = 0; round < 3; round++) {
        one.count(same);
        other.count(same);
        ExecutorService servers = Executors.newFixedThreadPool(2);
        Future<?> first = servers.submit(one::flush);
        Future<?> second = servers.submit(other::flush);
        first.get(60, TimeUnit.SECONDS);
        second.get(60, TimeUnit.SECONDS);
        servers.shutdown();
      }
      assertEquals(same.size(), rows(db).size());
      assertEquals(Map.of("2026-03-02 A81001 audit increasing-risk", (long) same.size()),
          days(db));
    }
  }

  /**
   * A screening is tallied on the day its time falls on in England, the days a report's
   * periods are made of: British Summer Time moves the evening's last hour to the next day.
   */
  @ParameterizedTest
  @EnumSource(Databases.Kind.class)
  void eachScreeningIsTalliedOnItsEnglishDay(Databases.Kind kind) throws Exception {
    try (Databases.Scratch db = kind.open(); Screenings screenings = new Screenings(db.store())) {
      screenings.count(List.of(
          screened("summer-late", "A81001", Instant.parse("2026-06-30T23:30:00Z")),
          screened("summer-midnight", "A81001", Instant.parse("2026-06-30T23:00:00Z")),
          screened("summer-evening", "A81001", Instant.parse("2026-06-30T22:59:59Z")),
          screened("winter-late", "A81001", Instant.parse("2026-12-31T23:30:00Z")),
          screened("clocks-forward", "FA123", Instant.parse("2026-03-29T00:59:59Z")),
          screened("clocks-back", "FA123", Instant.parse("2026-10-24T23:30:00Z"))));
      screenings.flush();

      assertEquals(Map.of(
          "2026-07-01 A81001 audit increasing-risk", 2L,
          "2026-06-30 A81001 audit increasing-risk", 1L,
          "2026-12-31 A81001 audit increasing-risk", 1L,
          "2026-03-29 FA123 audit increasing-risk", 1L,
          "2026-10-25 FA123 audit increasing-risk", 1L), days(db));
    }
  }

  /**
   * PostgreSQL stops while counts are held and more are counted: the writer's tries fail, the
   * counts stay held, and once PostgreSQL is back they are written, each once.
   */
  @Test
  void countsHeldWhileTheDatabaseIsAwayAreWrittenOnceItIsBack(@TempDir Path dir)
      throws Exception {
    try (LocalPostgres postgres = LocalPostgres.start(dir.resolve("data"), 0);
        Store store = Store.connect(postgres.url(), LocalPostgres.USER, LocalPostgres.PASSWORD);
        Screenings screenings = new Screenings(store, Duration.ofMillis(200), 1, 1_000)) {
      screenings.count(List.of(screened("before", "A81001", AT)));
      postgres.stop();
      screenings.count(List.of(screened("during", "A81001", AT),
          screened("before", "A81001", LATER)));
      Thread.sleep(1_000); // the writer tries, and fails, meanwhile
      postgres.start();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (screenings.held() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Map<UUID, Instant> rows;
      try (Connection connection = DriverManager.getConnection(postgres.url(),
          LocalPostgres.USER, LocalPostgres.PASSWORD)) {
        rows = rows(connection);
      }
      assertEquals(Map.of(key("before"), AT, key("during"), AT), rows);
      try (Connection connection = DriverManager.getConnection(postgres.url(),
          LocalPostgres.USER, LocalPostgres.PASSWORD)) {
        assertEquals(Map.of("2026-03-02 A81001 audit increasing-risk", 2L), days(connection));
      }
    }
  }

  private static Screened screened(String name, String organisation, Instant at) {
    return new Screened(key(name), organisation, "audit", "increasing-risk", 12, at);
  }

  private static UUID key(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #rows(Connection)}, on a connection of its own to {@code db}. */
  static Map<UUID, Instant> rows(Databases.Scratch db) throws SQLException {
    try (Connection connection = db.connect()) {
      return rows(connection);
    }
  }

  /** As {@link #days(Connection)}, on a connection of its own to {@code db}. */
  static Map<String, Long> days(Databases.Scratch db) throws SQLException {
    try (Connection connection = db.connect()) {
      return days(connection);
    }
  }

  /** The report's tallies: "day organisation instrument band" and its count. */
  static Map<String, Long> days(Connection connection) throws SQLException {
    Map<String, Long> days = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT assessed_day, organisation, instrument,"
            + " band, screenings FROM screening_day")) {
      while (row.next()) {
        days.put(row.getObject(1, LocalDate.class) + " " + row.getString(2) + " "
            + row.getString(3) + " " + row.getString(4), row.getLong(5));
      }
    }
    return days;
  }

  /** Each counted screening's key, and when it was first counted. */
  static Map<UUID, Instant> rows(Connection connection) throws SQLException {
    Map<UUID, Instant> rows = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT id, assessed FROM screening")) {
      while (row.next()) {
        rows.put(row.getObject(1, UUID.class),
            row.getObject(2, OffsetDateTime.class).toInstant());
      }
    }
    return rows;
  }
}
