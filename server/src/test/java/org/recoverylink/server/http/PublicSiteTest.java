package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.config.ServerOptions;

/**
 * The public site answers people with pages, whatever they send, over HTTP against a running
 * server: a method the pages do not take on any public path (the map's included), a form that
 * is not a form, the refusals of a form (token, honeypot, answers deleted) and a database that
 * fails as the referral is sent are each an HTML page with a plain message, under the strict
 * Content-Security-Policy; the FHIR API keeps its OperationOutcomes.
 */
class PublicSiteTest {

  private static final String POLICY = "default-src 'none'; style-src 'self'; img-src"
      + " 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir
  static Path dir;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(ServerOptions.defaults(dir.resolve("data")).toBuilder()
        .pageRate(100_000).build());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static URI root(String path) {
    return FormClient.root(hub.base()).resolve(path);
  }

  private static HttpResponse<String> send(String method, String path, String type,
      String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(root(path)).method(method,
        HttpRequest.BodyPublishers.ofString(body));
    if (!type.isEmpty()) {
      request.header("Content-Type", type);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An HTML page with a heading and the pages' header and policy; its text. */
  private static String page(int status, int expected, String body,
      java.net.http.HttpHeaders headers, String what) {
    assertEquals(expected, status, what + ": " + body);
    assertTrue(headers.firstValue("Content-Type").orElse("").startsWith("text/html"), what);
    assertEquals(POLICY, headers.firstValue("Content-Security-Policy").orElse(""), what);
    assertEquals("no-store", headers.firstValue("Cache-Control").orElse(""), what);
    assertTrue(body.contains("<h1") && body.contains("Exit this page"), what + ": " + body);
    return FormClient.text(body);
  }

  @Test
  void aMethodThePagesDoNotTakeAnswersAPageNotAnOutcome() throws Exception {
    List<List<String>> asked = List.of(List.of("POST", "/"), List.of("POST", "/nope"),
        List.of("PUT", "/refer/who"), List.of("DELETE", "/privacy"),
        List.of("PATCH", "/self-check/q1"), List.of("POST", "/map"), List.of("POST", "/map/"),
        List.of("PUT", "/map/pathways.svg"), List.of("POST", "/assets/front-door.css"),
        List.of("OPTIONS", "/no/such/page"), List.of("DELETE", "/health"));
    for (List<String> request : asked) {
      String what = String.join(" ", request);
      HttpResponse<String> answer = send(request.get(0), request.get(1),
          "application/x-www-form-urlencoded", "a=b");
      String text = page(answer.statusCode(), 405, answer.body(), answer.headers(), what);
      assertTrue(text.contains("There is no form to send at this address"), what + ": "
          + text);
      assertEquals("GET, HEAD", answer.headers().firstValue("Allow").orElse(""), what);
    }
    HttpResponse<String> slash = send("GET", "/map/", "", "");
    assertEquals(308, slash.statusCode(), "the map's address with a slash still leads there");
    for (List<String> request : List.of(List.of("POST", "/fhir/NoSuchType"),
        List.of("DELETE", "/fhir/metadata"), List.of("POST", "/health/ready"))) {
      HttpResponse<String> answer = send(request.get(0), request.get(1),
          "application/fhir+json", "{}");
      assertTrue(answer.statusCode() >= 400 && answer.headers().firstValue("Content-Type")
          .orElse("").startsWith("application/fhir+json"), String.join(" ", request)
          + " keeps its OperationOutcome: " + answer.statusCode() + " " + answer.body());
    }
  }

  @Test
  void aFormThatIsNotAFormAnswersAPage() throws Exception {
    for (String type : List.of("application/json", "text/plain", "")) {
      HttpResponse<String> answer = send("POST", "/refer/who", type, "{\"who\":\"self\"}");
      String text = page(answer.statusCode(), 415, answer.body(), answer.headers(),
          "POST as " + type);
      assertTrue(text.contains("did not arrive as a form"), text);
    }
  }

  @Test
  void everyRefusalOfAFormIsAPageWithAPlainMessage() throws Exception {
    FormClient client = new FormClient(FormClient.root(hub.base()));
    client.get("/refer/who");
    FormClient.Page forged = client.postRaw("/refer/who", List.of("csrf", "forged", "who",
        "self"));
    assertTrue(page(forged.status(), 403, forged.body(), forged.response().headers(),
        "forged token").contains("The form did not come from these pages"));
    FormClient.Page bot = client.post("/refer/who", "who", "self", "website", "spam");
    assertTrue(page(bot.status(), 400, bot.body(), bot.response().headers(), "honeypot")
        .contains("We could not accept that form"));
    FormClient.Page gone = new FormClient(FormClient.root(hub.base())).postRaw("/refer/who",
        List.of("csrf", client.csrf(), "who", "self"));
    assertTrue(page(gone.status(), 400, gone.body(), gone.response().headers(),
        "no journey").contains("You need to start again"));
    FormClient.Page empty = client.post("/refer/who");
    assertTrue(page(empty.status(), 400, empty.body(), empty.response().headers(),
        "empty answer").contains("There is a problem"), "an error summary");
  }

  @Test
  void aDatabaseThatFailsAsTheReferralIsSentAnswersAPageAndKeepsTheAnswers()
      throws Exception {
    FormClient client = new FormClient(FormClient.root(hub.base()));
    client.get("/refer/who");
    client.next("/refer/who", "who", "self");
    client.next("/refer/person", "given-name", "Olly", "family-name", "Outage",
        "birth-day", "3", "birth-month", "4", "birth-year", "1975", "postcode", "CM1 1AA",
        "nhs-number", "");
    client.next("/refer/substances", "substances", "alcohol");
    client.next("/refer/circumstances");
    client.next("/refer/safety", "urgent", "no");
    client.next("/refer/contact", "channels", "call", "phone", "07700 900982",
        "leave-message", "no");
    client.next("/refer/consent", "consent", "yes");
    long before = hub.count("SELECT COUNT(*) FROM referral");
    try (Connection db = hub.connect(); Statement sql = db.createStatement()) {
      sql.execute("ALTER TABLE referral RENAME TO referral_away");
    }
    FormClient.Page failed;
    try {
      failed = client.post("/refer/check");
    } finally {
      try (Connection db = hub.connect(); Statement sql = db.createStatement()) {
        sql.execute("ALTER TABLE referral_away RENAME TO referral");
      }
    }
    String text = page(failed.status(), 503, failed.body(), failed.response().headers(),
        "database failed");
    assertTrue(text.contains("The referral was not sent"), text);
    assertEquals(before, hub.count("SELECT COUNT(*) FROM referral"), "nothing stored");
    FormClient.Page again = client.post("/refer/check");
    assertEquals(303, again.status(), "the answers were kept: " + FormClient.text(
        again.body()));
    assertEquals(before + 1, hub.count("SELECT COUNT(*) FROM referral"));
  }
}
