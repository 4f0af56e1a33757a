package org.recoverylink.fhir.server;

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

/**
 * A running endpoint for tests, in this JVM: the server on a free port over a data directory,
 * tokens from its development issuer, and requests as a client sends them.
 */
final class TestHub implements AutoCloseable {

  static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final RecoveryLinkServer server;
  private final DevelopmentIssuer issuer;

  private TestHub(RecoveryLinkServer server, DevelopmentIssuer issuer) {
    this.server = server;
    this.issuer = issuer;
  }

  static TestHub start(ServerOptions options) throws Exception {
    return new TestHub(RecoveryLinkServer.start(options.withPort(0)),
        DevelopmentIssuer.in(options.data()));
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

  String token(Role role, String org) {
    return issuer.token(role, org, Duration.ofMinutes(10));
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
    server.close();
  }
}
