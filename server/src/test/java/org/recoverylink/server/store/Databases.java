package org.recoverylink.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Fresh, empty, migrated stores for tests, on each kind of database the endpoint supports: H2
 * in a temporary directory, and PostgreSQL in a schema of its own inside the database that
 * {@code RECOVERYLINK_TEST_DB_URL}, {@code _USER} and {@code _PASSWORD} name (as
 * {@code .ci/postgres} sets them), or, without them, inside a real PostgreSQL the tests start
 * themselves ({@link #postgres()}). A schema per store keeps tests, and builds running at once,
 * from seeing each other's rows. The PostgreSQL kind never skips: a suite that quietly ran on H2
 * alone would claim more than it checked.
 *
 * <pre>
 * &#64;ParameterizedTest
 * &#64;EnumSource(Databases.Kind.class)
 * void works(Databases.Kind kind) {
 *   try (Databases.Scratch db = kind.open()) {
 *     Store store = db.store();
 *     ...
 * </pre>
 */
public final class Databases {

  private Databases() {
  }

  /**
   * The URL the server opens its embedded database in {@code data} with: in the same JVM, a
   * connection by this URL shares the open database (by another, H2 finds the file locked).
   */
  public static String embeddedUrl(Path data) {
    return Store.embeddedUrl(data);
  }

  /** The kinds of database, for {@code @EnumSource(Databases.Kind.class)}. */
  public enum Kind {
    H2 {
      @Override
      public Scratch open(Before before) {
        Path directory;
        try {
          directory = Files.createTempDirectory("recoverylink-store-test");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        // The URL that Store.embedded makes; a second connection in the same JVM shares the file.
        String url = Store.embeddedUrl(directory);
        return Scratch.open(before, () -> Store.embedded(directory), url, "recoverylink", "",
            () -> deleteTree(directory));
      }
    },
    POSTGRESQL {
      @Override
      public Scratch open(Before before) {
        Server server = postgres();
        String url = server.url();
        String user = server.user();
        String password = server.password();
        // Unquoted lower case, so it reads the same in SQL and in the URL.
        String schema = "rl_test_" + UUID.randomUUID().toString().replace("-", "");
        execute(url, user, password, "CREATE SCHEMA " + schema);
        // The driver sets the search path from currentSchema, and Flyway, given no schemas,
        // migrates into the connection's current schema: the tables and Flyway's history land
        // in the new schema, with no test option in Store.
        String scoped = url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return Scratch.open(before, () -> Store.connect(scoped, user, password), scoped, user,
            password, () -> execute(url, user, password, "DROP SCHEMA " + schema + " CASCADE"));
      }
    };

    /** A new, empty, migrated store on a database of its own. */
    public Scratch open() {
      return open((url, user, password) -> { });
    }

    /**
     * A store on a database of its own that {@code before} has written first, e.g. an older
     * version's tables and rows (Flyway with a target): the store then migrates what it finds,
     * as it does when a server is upgraded.
     */
    public abstract Scratch open(Before before);
  }

  /** What is written to a new database before its store opens it. */
  @FunctionalInterface
  public interface Before {
    void write(String url, String user, String password) throws Exception;
  }

  /** A store on a database of its own; closing closes the store, then removes the database. */
  public static final class Scratch implements AutoCloseable {

    private final Store store;
    private final String url;
    private final String user;
    private final String password;
    private final Runnable remove;

    private Scratch(Store store, String url, String user, String password, Runnable remove) {
      this.store = store;
      this.url = url;
      this.user = user;
      this.password = password;
      this.remove = remove;
    }

    private static Scratch open(Before before, Supplier<Store> opener, String url,
        String user, String password, Runnable remove) {
      try {
        before.write(url, user, password);
        return new Scratch(opener.get(), url, user, password, remove);
      } catch (Exception e) {
        remove.run();
        throw e instanceof RuntimeException runtime ? runtime
            : new IllegalStateException("could not write the database before its store", e);
      }
    }

    public Store store() {
      return store;
    }

    /** The JDBC URL (PostgreSQL: with {@code currentSchema}), for a server's --db. */
    public String url() {
      return url;
    }

    public String user() {
      return user;
    }

    public String password() {
      return password;
    }

    /** A connection of its own, outside the store's pool: it sees only what was committed. */
    public Connection connect() throws SQLException {
      return DriverManager.getConnection(url, user, password);
    }

    @Override
    public void close() {
      try {
        store.close();
      } finally {
        remove.run();
      }
    }
  }

  /** Where the tests' PostgreSQL is, and who they are on it. */
  public record Server(String url, String user, String password) {
  }

  /** The embedded PostgreSQL of this JVM, once started; guarded by Databases.class. */
  private static Server local;

  /**
   * The PostgreSQL server the tests use: the one {@code RECOVERYLINK_TEST_DB_URL}, {@code _USER}
   * and {@code _PASSWORD} name, or else one started by the first test that asks
   * ({@link LocalPostgres}), shared by every test in this JVM and stopped, its data deleted, when
   * the JVM exits.
   */
  public static synchronized Server postgres() {
    String url = System.getenv("RECOVERYLINK_TEST_DB_URL");
    if (url != null && !url.isBlank()) {
      return new Server(url, environment("RECOVERYLINK_TEST_DB_USER"),
          environment("RECOVERYLINK_TEST_DB_PASSWORD"));
    }
    if (local == null) {
      Path directory;
      try {
        directory = Files.createTempDirectory("recoverylink-test-postgres");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      LocalPostgres postgres = LocalPostgres.start(directory.resolve("data"), 0);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        postgres.stop();
        deleteTree(directory);
      }, "test-postgres-delete"));
      local = new Server(postgres.url(), LocalPostgres.USER, LocalPostgres.PASSWORD);
    }
    return local;
  }

  private static String environment(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("RECOVERYLINK_TEST_DB_URL is set but " + name + " is not:"
          + " set RECOVERYLINK_TEST_DB_URL, _USER and _PASSWORD together (`source .ci/postgres`"
          + " does), or none of them for a PostgreSQL the tests start themselves.");
    }
    return value;
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run `" + sql + "` on " + url, e);
    }
  }

  private static void deleteTree(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
