package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.server.RecoveryLinkServer;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.store.Databases;

/**
 * A running endpoint for tests, in this JVM: the server on a free port over a data directory,
 * tokens from its development issuer, and requests as a client sends them.
 */
final class TestHub implements AutoCloseable {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final RecoveryLinkServer server;
  private final DevelopmentIssuer issuer;
  private final Database database;

  /** Where the server keeps its data, and how a test looks at it directly. */
  private interface Database extends AutoCloseable {
    Connection connect() throws SQLException;

    @Override
    void close();
  }

  private TestHub(RecoveryLinkServer server, DevelopmentIssuer issuer, Database database) {
    this.server = server;
    this.issuer = issuer;
    this.database = database;
  }

  /** A server on the embedded H2 database in its data directory. */
  static TestHub start(ServerOptions options) throws Exception {
    return start(Databases.Kind.H2, options);
  }

  /** A server with these settings on the embedded H2 database in its data directory. */
  static TestHub start(ServerSettings settings) throws Exception {
    return start(Databases.Kind.H2, settings);
  }

  /** A server on a database of this kind, with the default settings for these options. */
  static TestHub start(Databases.Kind kind, ServerOptions options) throws Exception {
    return start(kind, ServerSettings.builder(options).build());
  }

  /**
   * A server on a database of this kind: the embedded H2 in its data directory, or a fresh
   * PostgreSQL schema of its own ({@code --db}), removed on close.
   */
  static TestHub start(Databases.Kind kind, ServerSettings settings) throws Exception {
    ServerOptions options = settings.options();
    if (kind == Databases.Kind.H2) {
      String url = Databases.embeddedUrl(options.data());
      return new TestHub(RecoveryLinkServer.start(settings.toBuilder()
          .options(o -> o.port(0)).build()),
          DevelopmentIssuer.in(options.data(), settings.clock()), new Database() {
            @Override
            public Connection connect() throws SQLException {
              return DriverManager.getConnection(url, "recoverylink", "");
            }

            @Override
            public void close() {
            }
          });
    }
    Databases.Scratch scratch = kind.open();
    try {
      // The credentials ride in the URL: the server reads them from its environment otherwise.
      String url = scratch.url() + "&user=" + scratch.user() + "&password="
          + scratch.password();
      return new TestHub(RecoveryLinkServer.start(settings.toBuilder()
          .options(o -> o.port(0).db(url)).build()),
          DevelopmentIssuer.in(options.data(), settings.clock()), new Database() {
            @Override
            public Connection connect() throws SQLException {
              return scratch.connect();
            }

            @Override
            public void close() {
              scratch.close();
            }
          });
    } catch (Exception | Error e) {
      scratch.close();
      throw e;
    }
  }

  /** A connection to the server's database, outside the server: it sees what is committed. */
  Connection connect() throws SQLException {
    return database.connect();
  }

  /** One number from the server's database, e.g. a COUNT(*). */
  long count(String sql, String... parameters) throws SQLException {
    try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        query.setString(i + 1, parameters[i]);
      }
      try (ResultSet row = query.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /**
   * Has the server write the screening counts it holds behind its answers, as any IBA report
   * does before it counts: then the database holds every count of the answers so far.
   */
  void writeCounts() throws IOException, InterruptedException {
    HttpResponse<String> report = send("GET", "Measure/iba-activity/$evaluate-measure"
        + "?periodStart=2026-01&periodEnd=2026-01", Role.COMMISSIONER, "essex-cc", null);
    assertEquals(200, report.statusCode(), report.body());
  }

  /**
   * The Essex directory with FHIR endpoints for some of its services, written as the Bundle
   * {@code --directory} reads.
   */
  static Path directoryWithEndpoints(Path file, Map<String, String> addresses)
      throws IOException {
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder(essex.version().id(),
        essex.version().version(), essex.geography());
    for (Service s : essex.services()) {
      builder.service(new Service(s.id(), s.name(), s.provider(), s.kinds(), s.eligibility(),
          s.coverage(), Optional.ofNullable(addresses.get(s.id())).or(s::endpoint),
          s.description()));
    }
    Files.writeString(file, new DirectoryBundle(FHIR).writeJson(builder.build()),
        StandardCharsets.UTF_8);
    return file;
  }

  URI base() {
    return server.base();
  }

  /** The running server, e.g. for the settings it was built from. */
  RecoveryLinkServer server() {
    return server;
  }

  String token(Role role, String org) {
    return issuer.token(role, org, Duration.ofMinutes(10), server.publicBase().toString());
  }

  HttpResponse<String> send(String method, String path, Role role, String org,
      IBaseResource body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser()
                .encodeResourceToString(body)))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token(role, org));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** GET that must answer 200, parsed. */
  <T extends IBaseResource> T read(String path, Role role, String org, Class<T> type)
      throws IOException, InterruptedException {
    HttpResponse<String> response = send("GET", path, role, org, null);
    assertEquals(200, response.statusCode(), response.body());
    return FHIR.newJsonParser().parseResource(type, response.body());
  }

  /** Reads until the resource satisfies {@code done}, or fails after {@code timeout}. */
  <T extends IBaseResource> T await(String path, Role role, String org, Class<T> type,
      Predicate<T> done, Duration timeout) throws IOException, InterruptedException {
    Instant end = Instant.now().plus(timeout);
    while (true) {
      T resource = read(path, role, org, type);
      if (done.test(resource)) {
        return resource;
      }
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not as awaited after " + timeout + ": "
            + FHIR.newJsonParser().encodeResourceToString(resource));
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      database.close();
    }
  }
}
