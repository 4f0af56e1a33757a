package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.Databases;

/**
 * Issue 21, "Observable", from outside: the real server jar as a process, asked over HTTP as an
 * orchestrator, a Prometheus scraper and a log collector would. Readiness after start and when
 * the database (PostgreSQL, through a proxy the test cuts) goes away and comes back; the
 * outbox's depth in the metrics while a real receiving FHIR server is stopped and started;
 * request metrics by route template; JSON log lines carrying the request's correlation id, and
 * hostile ids replaced.
 */
class ObservabilityIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METRICS_TOKEN = "metrics-token-for-the-observability-test";
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Duration WAIT = Duration.ofSeconds(90);

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(ObservabilityIT.class);

  @TempDir
  Path dir;

  @Test
  void readyAfterStartAndRequestMetricsNameRouteTemplatesNotIds() throws Exception {
    Path data = dir.resolve("data");
    HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_METRICS_TOKEN",
        METRICS_TOKEN), List.of("--base-url", HubProcesses.PUBLIC_BASE, "--data",
        data.toString()));
    String root = root(hub);

    HttpResponse<String> live = get(root + "health/live", Map.of());
    assertEquals(200, live.statusCode(), live.body());
    assertEquals("live", JSON.readTree(live.body()).get("status").asText());
    HttpResponse<String> ready = get(root + "health/ready", Map.of());
    assertEquals(200, ready.statusCode(), ready.body());
    JsonNode checks = JSON.readTree(ready.body()).get("checks");
    assertEquals("up", checks.get("database").asText(), ready.body());
    assertEquals("done", checks.get("migrations").asText(), ready.body());
    assertEquals("done", checks.get("warm-up").asText(), ready.body());
    assertEquals("ok", checks.get("outbox").asText(), ready.body());

    // /metrics takes the metrics token only: no token, a user's token, a wrong one are 401.
    String userToken = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
        Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
    for (String token : List.of("", "Bearer " + userToken, "Bearer " + METRICS_TOKEN + "x")) {
      HttpResponse<String> refused = get(root + "metrics", token.isEmpty() ? Map.of()
          : Map.of("Authorization", token));
      assertEquals(401, refused.statusCode(), refused.body());
      assertFalse(refused.body().contains("hikaricp"), refused.body());
    }

    // Ids in paths and queries: a Task that does not exist, a search by a referral's id.
    String secretId = "obs-7c1d9e22-id";
    assertEquals(404, get(hub.base() + "/Task/" + secretId, Map.of("Authorization",
        "Bearer " + userToken)).statusCode());
    assertEquals(200, get(hub.base() + "/Task?focus=ServiceRequest/" + secretId + "q",
        Map.of("Authorization", "Bearer " + userToken)).statusCode());
    assertEquals(404, get(root + "no/such/" + secretId, Map.of()).statusCode());

    String scrape = scrape(root);
    assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\","
        + "uri=\"/fhir/Task/{id}\"} 1"), scrape);
    assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\","
        + "uri=\"/fhir/Task\"} 1"), scrape);
    // an unknown path outside the FHIR API is the public pages' not-found page
    assertTrue(scrape.contains("http_server_requests_seconds_count{method=\"GET\",status=\"404\","
        + "uri=\"/{path}\"} 1"), scrape);
    assertTrue(scrape.contains("http_server_requests_seconds_bucket{method=\"GET\","
        + "status=\"200\",uri=\"/health/ready\",le="), "no latency histogram:\n" + scrape);
    assertFalse(scrape.contains(secretId), "an id reached the metrics:\n" + scrape);
    for (String series : List.of("hikaricp_connections_active{pool=\"recoverylink-store\"}",
        "jvm_memory_used_bytes{", "recoverylink_outbox_depth ",
        "recoverylink_outbox_oldest_due_age_seconds ", "recoverylink_screenings_waiting ")) {
      assertTrue(scrape.contains(series), series + " missing:\n" + scrape);
    }
  }

  @Test
  void metricsAreNotServedWithoutAMetricsToken() throws Exception {
    HubProcesses.Hub hub = hubs.start("hub", Map.of(), List.of("--data",
        dir.resolve("data").toString()));
    HttpResponse<String> answer = get(root(hub) + "metrics", Map.of("Authorization",
        "Bearer " + METRICS_TOKEN));
    assertEquals(404, answer.statusCode(), answer.body());
  }

  @Test
  void theOutboxDepthRisesWhileTheProviderIsDownAndFallsWhenItReturns() throws Exception {
    try (ProviderEndpoint provider = new ProviderEndpoint().start()) {
      Path data = dir.resolve("data");
      Path directory = TestHub.directoryWithEndpoints(dir.resolve("directory.json"),
          Map.of(ReferralLoad.SERVICE, provider.address()));
      provider.stop(); // the address stays: the hub gets connection refused
      HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_METRICS_TOKEN",
          METRICS_TOKEN), List.of("--base-url", HubProcesses.PUBLIC_BASE, "--data",
          data.toString(), "--directory", directory.toString(), "--first-retry-ms", "100"));
      String root = root(hub);
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      assertEquals(0.0, await(root, "recoverylink_outbox_depth", v -> v == 0.0));

      ReferralLoad.refer(List.of(hub.base()), token, 3);
      assertEquals(3.0, await(root, "recoverylink_outbox_depth", v -> v == 3.0));
      ReferralLoad.refer(List.of(hub.base()), token, 2);
      assertEquals(5.0, await(root, "recoverylink_outbox_depth", v -> v == 5.0));
      assertTrue(await(root, "recoverylink_deliveries_total{outcome=\"retrying\"}",
          v -> v >= 5.0) >= 5.0);
      // A provider away delays its own deliveries; the server itself stays ready.
      assertEquals(200, get(root + "health/ready", Map.of()).statusCode());

      provider.start();
      assertEquals(0.0, await(root, "recoverylink_outbox_depth", v -> v == 0.0));
      assertEquals(5.0, await(root, "recoverylink_deliveries_total{outcome=\"delivered\"}",
          v -> v == 5.0));
      assertEquals(5, provider.delivered().size());
    }
  }

  @Test
  void notReadyWhileThePostgresqlDatabaseCannotBeReachedAndReadyAgainAfter() throws Exception {
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open()) {
      Matcher address = Pattern.compile("//([^:/]+):(\\d+)/").matcher(db.url());
      assertTrue(address.find(), db.url());
      try (CuttableProxy proxy = new CuttableProxy(address.group(1),
          Integer.parseInt(address.group(2)))) {
        String through = db.url().substring(0, address.start()) + "//127.0.0.1:"
            + proxy.port() + "/" + db.url().substring(address.end());
        HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_DB_USER", db.user(),
            "RECOVERYLINK_DB_PASSWORD", db.password()), List.of("--db", through, "--data",
            dir.resolve("data").toString()));
        String root = root(hub);
        assertEquals(200, get(root + "health/ready", Map.of()).statusCode());
        assertWarmUpStoredNothing(db);

        proxy.cut();
        HttpResponse<String> notReady = ReferralLoad.await("not ready",
            () -> get(root + "health/ready", Map.of()), r -> r.statusCode() == 503, WAIT);
        JsonNode body = JSON.readTree(notReady.body());
        assertEquals("not-ready", body.get("status").asText(), notReady.body());
        assertEquals("down", body.get("checks").get("database").asText(), notReady.body());
        // Names and states only: no URL, host, port, user or error text.
        for (String secret : List.of("jdbc", "postgres", Integer.toString(proxy.port()),
            db.user(), "Exception", "refused")) {
          assertFalse(notReady.body().toLowerCase().contains(secret.toLowerCase()),
              notReady.body());
        }
        assertEquals(200, get(root + "health/live", Map.of()).statusCode(),
            "the process still answers");

        proxy.restore();
        ReferralLoad.await("ready again", () -> get(root + "health/ready", Map.of()),
            r -> r.statusCode() == 200, WAIT);
      }
    }
  }

  @Test
  void jsonLogLinesCarryTheCorrelationIdAndHostileIdsAreReplaced() throws Exception {
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open()) {
      Path data = dir.resolve("data");
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_DB_USER", db.user(),
          "RECOVERYLINK_DB_PASSWORD", db.password()), List.of("--base-url",
          HubProcesses.PUBLIC_BASE, "--db", db.url(), "--data", data.toString(),
          "--log-format", "json"));
      // Every referral now fails in the store, and each failure is logged while it is served.
      try (Connection connection = db.connect();
          Statement statement = connection.createStatement()) {
        statement.execute("ALTER TABLE referral RENAME TO referral_elsewhere");
      }

      String given = "obs-request-1";
      HttpResponse<String> answer = refer(hub, token, given);
      assertEquals(500, answer.statusCode(), answer.body());
      assertEquals(given, answer.headers().firstValue("X-Request-ID").orElseThrow());

      List<String> hostile = List.of("x".repeat(65), "abc\"def", "abc'def\\", "a b",
          "abc;def", Referrals.NHS_NUMBER, "req-" + Referrals.NHS_NUMBER);
      List<String> replacements = new ArrayList<>();
      for (String id : hostile) {
        HttpResponse<String> refused = refer(hub, token, id);
        assertEquals(500, refused.statusCode(), refused.body());
        String echoed = refused.headers().firstValue("X-Request-ID").orElseThrow();
        assertTrue(UUID.matcher(echoed).matches(), id + " was answered with " + echoed);
        replacements.add(echoed);
      }
      // Control characters cannot be sent through an HTTP client: raw bytes, as an attacker
      // would. Whatever HTTP makes of them (a refusal; a bare LF ends the header line, so the
      // id is "abc" and "def" another header), nothing after them comes back.
      for (String id : List.of("abc\rdef", "abc\ndef: x", "abc\u0000def", "abc\u007fdef",
          "abc\tdef")) {
        String answered = raw(hub, "GET /health/live HTTP/1.1\r\nHost: localhost\r\n"
            + "X-Request-ID: " + id + "\r\nConnection: close\r\n\r\n");
        assertFalse(answered.contains("def"), "echoed:\n" + answered);
        answered.lines().filter(l -> l.regionMatches(true, 0, "X-Request-ID:", 0, 13))
            .forEach(l -> assertTrue(l.substring(13).strip().matches("[A-Za-z0-9-]{1,64}"),
                "echoed: " + l));
      }

      List<JsonNode> lines = new ArrayList<>();
      for (String line : hub.log().split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line)); // every line is JSON: fails here if not
        }
      }
      List<String> ids = lines.stream()
          .filter(l -> l.path("formattedMessage").asText().contains(
              "store failure while serving a request"))
          .map(l -> l.path("mdc").path("request_id").asText()).toList();
      List<String> expected = new ArrayList<>(List.of(given));
      expected.addAll(replacements);
      assertEquals(expected, ids, "the failures' lines and the ids echoed");
      String log = hub.log();
      assertTrue(lines.stream().anyMatch(l -> l.path("formattedMessage").asText()
          .contains("ready at")), log);
      for (String id : hostile) {
        if (!id.equals(Referrals.NHS_NUMBER)) { // the referrals' own NHS number: checked below
          assertFalse(log.contains(id), "a hostile id reached the log: " + id);
        }
      }
      for (String personal : List.of(Referrals.NHS_NUMBER, "Testpatient", "1980-04-12")) {
        assertFalse(log.contains(personal), "the log holds " + personal);
      }
    }
  }

  /**
   * The warm-up (done once the server is ready) left no row anywhere: no referral, Task,
   * delivery, audit row or screening that a report could count. Only the schema's history and
   * the pseudonym key, which the server keeps from its first start, are there.
   */
  private static void assertWarmUpStoredNothing(Databases.Scratch db) throws Exception {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet row = statement.executeQuery("SELECT table_name FROM"
          + " information_schema.tables WHERE table_schema = current_schema()"
          + " AND table_type = 'BASE TABLE'")) {
        while (row.next()) {
          tables.add(row.getString(1));
        }
      }
      assertTrue(tables.containsAll(List.of("referral", "task", "outbox", "audit_event",
          "screening")), tables.toString());
      for (String table : tables) {
        // Flyway's record, the pseudonym key and readiness's own heartbeat: no patient's data.
        if (table.equals("flyway_schema_history") || table.equals("client_pseudonym_key")
            || table.equals("heartbeat")) {
          continue;
        }
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
          count.next();
          assertEquals(0, count.getLong(1), "the warm-up stored rows in " + table);
        }
      }
    }
  }

  private static HttpResponse<String> refer(HubProcesses.Hub hub, String token,
      String requestId) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ServiceRequest"))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + token)
        .header("X-Request-ID", requestId)
        .POST(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
            .encodeResourceToString(Referrals.referral("R-" + System.nanoTime())))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes; answers what comes back (the server closes after). */
  private static String raw(HubProcesses.Hub hub, String request) throws IOException {
    URI base = URI.create(hub.base());
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  private static String root(HubProcesses.Hub hub) {
    return URI.create(hub.base()).resolve("/").toString();
  }

  private static HttpResponse<String> get(String url, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String scrape(String root) throws IOException, InterruptedException {
    HttpResponse<String> answer = get(root + "metrics", Map.of("Authorization",
        "Bearer " + METRICS_TOKEN));
    assertEquals(200, answer.statusCode(), answer.body());
    assertTrue(answer.headers().firstValue("Content-Type").orElseThrow()
        .startsWith("text/plain"));
    return answer.body();
  }

  /** One series' value in a scrape, e.g. {@code recoverylink_outbox_depth}. */
  private static OptionalDouble value(String scrape, String series) {
    for (String line : scrape.split("\n")) {
      if (line.startsWith(series + " ")) {
        return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1)
            .trim()));
      }
    }
    return OptionalDouble.empty();
  }

  /** Scrapes until the series' value is as wanted; answers that value. */
  private static double await(String root, String series,
      java.util.function.DoublePredicate wanted) throws Exception {
    return ReferralLoad.await(series, () -> value(scrape(root), series),
        v -> v.isPresent() && wanted.test(v.getAsDouble()), WAIT).getAsDouble();
  }

}
