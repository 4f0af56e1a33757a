package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.server.RecoveryLinkServer;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;

/**
 * {@code GET map} over HTTP: public, drawn from the directory the server was started with, sent
 * with a policy that forbids scripts, and revalidated by ETag; everything else still needs a
 * token.
 */
class MapResourceTest {

  private static final String RENAMED = "Futures in Mind <script>alert(1)</script>";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path data;
  private static RecoveryLinkServer server;
  private static String root;

  @BeforeAll
  static void start() throws Exception {
    // The server's own directory: Essex with one service renamed, as an operator's file.
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder("renamed", "1", essex.geography());
    for (Service s : essex.services()) {
      builder.service(new Service(s.id(), s.id().equals("futures-in-mind") ? RENAMED : s.name(),
          s.provider(), s.kinds(), s.eligibility(), s.coverage(), s.endpoint(),
          s.description(), s.contact()));
    }
    Path file = data.resolve("directory.json");
    Files.writeString(file, new DirectoryBundle(TestHub.FHIR).writeJson(builder.build()),
        StandardCharsets.UTF_8);
    server = RecoveryLinkServer.start(ServerSettings.builder(ServerOptions.defaults(
        data.resolve("hub")).toBuilder().port(0).directory(file).build()).build());
    root = server.base().toString().replaceFirst("/fhir$", "/");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMapIsPublicAndDrawnFromTheServersDirectory() throws Exception {
    HttpResponse<String> page = get("map");

    assertEquals(200, page.statusCode(), page.body());
    assertEquals("text/html;charset=utf-8", page.headers().firstValue("Content-Type")
        .orElseThrow().replace(" ", "").toLowerCase(java.util.Locale.ROOT));
    assertTrue(page.body().contains("Futures in Mind &lt;script&gt;alert(1)&lt;/script&gt;"));
    assertFalse(page.body().contains("<script"), "a script in the page");
    assertTrue(page.body().contains("renamed, version 1"), "not the server's directory");
    String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertTrue(policy.contains("script-src 'none'") && policy.contains("default-src 'none'"),
        policy);
    assertEquals(Optional.of("nosniff"), page.headers().firstValue("X-Content-Type-Options"));
  }

  @Test
  void anUnchangedMapIsNotSentAgain() throws Exception {
    HttpResponse<String> first = get("map");
    String tag = first.headers().firstValue("ETag").orElseThrow();
    assertTrue(first.headers().firstValue("Cache-Control").orElseThrow().contains("max-age"));

    HttpResponse<String> again = get("map", "If-None-Match", tag);

    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
    assertEquals(200, get("map", "If-None-Match", "\"something-else\"").statusCode());
  }

  @Test
  void thePictureIsServedAloneAsSvg() throws Exception {
    HttpResponse<String> picture = get("map/pathways.svg");

    assertEquals(200, picture.statusCode(), picture.body());
    assertTrue(picture.headers().firstValue("Content-Type").orElseThrow()
        .startsWith("image/svg+xml"));
    assertTrue(picture.body().startsWith("<?xml"));
    assertTrue(picture.body().contains("<title id="));
  }

  @Test
  void onlyReadingTheMapIsPublic() throws Exception {
    assertEquals(404, get("map/other").statusCode());
    assertEquals(401, get("fhir/HealthcareService").statusCode());
    HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(root + "map"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
    HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(root + "map"))
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, head.statusCode());
  }
}
