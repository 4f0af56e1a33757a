package org.recoverylink.server.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.UnaryOperator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;

/**
 * One server for a test class, in this JVM: started before the class's own {@code @BeforeAll}
 * methods on a fresh data directory (embedded H2, any free port) with the settings given, and
 * stopped, its directory removed, after its {@code @AfterAll} methods.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RunningServer SERVER = RunningServer.with(s -> s.clock(fixed));
 * }</pre>
 */
final class RunningServer implements BeforeAllCallback, AfterAllCallback {

  /** The practice {@link #gpToken} speaks for. */
  static final String PRACTICE = "A81001";

  private final UnaryOperator<ServerSettings.Builder> settings;
  private Path data;
  private TestHub hub;

  private RunningServer(UnaryOperator<ServerSettings.Builder> settings) {
    this.settings = settings;
  }

  /** A server with the default settings. */
  static RunningServer withDefaults() {
    return with(UnaryOperator.identity());
  }

  /** A server with the defaults changed by {@code settings}, e.g. a fixed clock. */
  static RunningServer with(UnaryOperator<ServerSettings.Builder> settings) {
    return new RunningServer(settings);
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    data = Files.createTempDirectory("recoverylink-" + context.getRequiredTestClass()
        .getSimpleName());
    hub = TestHub.start(settings.apply(ServerSettings.builder(ServerOptions.defaults(data)))
        .build());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    try {
      if (hub != null) {
        hub.close();
      }
    } finally {
      delete(data);
    }
  }

  /** The base URL of its FHIR API, e.g. http://127.0.0.1:41234/fhir. */
  URI base() {
    return hub.base();
  }

  /** A bearer token of a GP at {@link #PRACTICE}, valid for ten minutes by the server's clock. */
  String gpToken() {
    return hub.token(Role.GP, PRACTICE);
  }

  /** The development issuer the server trusts, minting by the server's clock. */
  DevelopmentIssuer issuer() {
    return DevelopmentIssuer.in(data, hub.server().settings().clock());
  }

  /** Its data directory (the development key and the H2 database are there). */
  Path data() {
    return data;
  }

  /** The running endpoint, for requests and for looking at its database. */
  TestHub hub() {
    return hub;
  }

  /** A bearer token for this server (see {@link TestHub#token}). */
  String token(Role role, String org) {
    return hub.token(role, org);
  }

  /** A request as a client sends it (see {@link TestHub#send}). */
  HttpResponse<String> send(String method, String path, Role role, String org,
      IBaseResource body) throws IOException, InterruptedException {
    return hub.send(method, path, role, org, body);
  }

  /** GET that must answer 200, parsed (see {@link TestHub#read}). */
  <T extends IBaseResource> T read(String path, Role role, String org, Class<T> type)
      throws IOException, InterruptedException {
    return hub.read(path, role, org, type);
  }

  /** A connection to the server's database (see {@link TestHub#connect}). */
  Connection connect() throws SQLException {
    return hub.connect();
  }

  /** One number from the server's database (see {@link TestHub#count}). */
  long count(String sql, String... parameters) throws SQLException {
    return hub.count(sql, parameters);
  }

  private static void delete(Path directory) throws IOException {
    if (directory == null || !Files.exists(directory)) {
      return;
    }
    Files.walkFileTree(directory, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
          throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
