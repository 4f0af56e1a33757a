package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.server.ServerValidator;

/**
 * A corpus of hostile and broken requests: each is answered with its 4xx and an
 * OperationOutcome that validates, nothing is stored, and the server serves normally after.
 */
class BadInputTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String JSON = "application/fhir+json";
  private static final String XML = "application/fhir+xml";
  private static final String ASSESS = "QuestionnaireResponse/$assess";
  private static final String ROUTE = "ServiceRequest/$route";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  /** One bad request and the status the contract gives it. */
  record Case(String name, int status, String method, String path, String type, byte[] body) {

    Case(String name, int status, String method, String path, String type, String body) {
      this(name, status, method, path, type, body == null ? null
          : body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String patient(String birthDate) {
    return "{\"resourceType\":\"Patient\",\"birthDate\":\"" + birthDate + "\"}";
  }

  private static String route(String... parameters) {
    return "{\"resourceType\":\"Parameters\",\"parameter\":[" + String.join(",", parameters)
        + "]}";
  }

  private static String procedure(String nhs, String subjectReference) {
    return "{\"resourceType\":\"Procedure\",\"status\":\"completed\",\"code\":{\"coding\":[{"
        + "\"system\":\"http://snomed.info/sct\",\"code\":\"366371000000105\"}]},\"subject\":"
        + subjectReference + ",\"performer\":[{\"actor\":{\"identifier\":{\"system\":"
        + "\"https://fhir.nhs.uk/Id/ods-organization-code\",\"value\":\"A81001\"}}}],"
        + "\"performedDateTime\":\"2026-11-20T09:40:00Z\",\"contained\":[{\"resourceType\":"
        + "\"Patient\",\"id\":\"p\",\"identifier\":[{\"system\":"
        + "\"https://fhir.nhs.uk/Id/nhs-number\",\"value\":\"" + nhs + "\"}]}]}";
  }

  private static String response(String linkId, String answer) {
    return "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
        + "\"questionnaire\":\"https://recoverylink.org/fhir/Questionnaire/audit-c\",\"item\":["
        + "{\"linkId\":\"" + linkId + "\",\"answer\":[" + answer + "]}]}";
  }

  static List<Case> corpus() {
    String auditC = EndpointTest.auditJson(true);
    List<Case> cases = new ArrayList<>();
    // Not FHIR at all, or not the resource the operation takes: 400.
    cases.add(new Case("truncated JSON", 400, "POST", ASSESS, JSON,
        auditC.substring(0, auditC.length() / 2)));
    cases.add(new Case("empty body", 400, "POST", ASSESS, JSON, ""));
    cases.add(new Case("JSON null", 400, "POST", ASSESS, JSON, "null"));
    cases.add(new Case("JSON array", 400, "POST", ASSESS, JSON, "[1, 2, 3]"));
    cases.add(new Case("no resourceType", 400, "POST", ASSESS, JSON, "{\"status\":\"x\"}"));
    cases.add(new Case("unknown resourceType", 400, "POST", ASSESS, JSON,
        "{\"resourceType\":\"Spaceship\"}"));
    cases.add(new Case("deeply nested JSON", 400, "POST", ASSESS, JSON,
        "{\"resourceType\":\"QuestionnaireResponse\",\"item\":"
            + "[{\"linkId\":\"a\",\"item\":".repeat(5_000) + "[]" + "}]".repeat(5_000) + "}"));
    cases.add(new Case("deeply nested XML", 400, "POST", ASSESS, XML,
        "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\">"
            + "<item><linkId value=\"a\"/>".repeat(5_000) + "</item>".repeat(5_000)
            + "</QuestionnaireResponse>"));
    cases.add(new Case("XML with an external entity", 400, "POST", ASSESS, XML,
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\"&x;\"/>"
            + "</QuestionnaireResponse>"));
    cases.add(new Case("XML entity expansion (billion laughs)", 400, "POST", ASSESS, XML,
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">"
            + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;"
            + "&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">]>"
            + "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\"&d;\"/>"
            + "</QuestionnaireResponse>"));
    cases.add(new Case("malformed XML", 400, "POST", ASSESS, XML,
        "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\"completed\">"));
    cases.add(new Case("XML declared as JSON", 400, "POST", ASSESS, JSON,
        "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"/>"));
    cases.add(new Case("invalid UTF-8 bytes", 400, "POST", ASSESS, JSON, new byte[] {'{',
        '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', ':', '1'}));
    cases.add(new Case("a Patient to $assess", 400, "POST", ASSESS, JSON, patient("1990-01-01")));
    cases.add(new Case("a QuestionnaireResponse to $route", 400, "POST", ROUTE, JSON, auditC));
    cases.add(new Case("an Observation as a Procedure", 400, "POST", "Procedure", JSON,
        "{\"resourceType\":\"Observation\",\"status\":\"final\"}"));
    cases.add(new Case("huge integer", 400, "POST", ASSESS, JSON,
        response("68518-0", "{\"valueInteger\":123456789012345678901234567890}")));
    cases.add(new Case("invalid code value", 400, "POST", ASSESS, JSON,
        auditC.replace("\"completed\"", "\"banana\"")));
    // Strings FHIR does not allow (a control character, half a surrogate pair): 400.
    cases.add(new Case("unicode junk in strings", 400, "POST", ASSESS, JSON,
        response("\\u0000\\uFFFF\\uD800 \u202E\u0301", "{\"valueString\":\"\\uD83D\"}")));
    // Wrong media types: 415; too big: 413.
    cases.add(new Case("text/plain", 415, "POST", ASSESS, "text/plain", auditC));
    cases.add(new Case("a form post", 415, "POST", ASSESS, "application/x-www-form-urlencoded",
        "a=1&b=2"));
    cases.add(new Case("2 MiB body", 413, "POST", ASSESS, JSON, "{\"resourceType\":"
        + "\"QuestionnaireResponse\",\"id\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"));
    // Well-formed, but not what the operation can use: 422.
    cases.add(new Case("huge decimal points", 422, "POST", ASSESS, JSON,
        response("68518-0", "{\"valueDecimal\":1e308}")));
    cases.add(new Case("an answer code no option has", 422, "POST", ASSESS, JSON,
        response("68518-0", "{\"valueCoding\":{\"system\":"
            + "\"https://recoverylink.org/fhir/CodeSystem/answer\",\"code\":\"daily-gin\"}}")));
    cases.add(new Case("Parameters without a response", 422, "POST", ASSESS, JSON,
        route()));
    cases.add(new Case("$route without the patient", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"district\",\"valueString\":\"Colchester\"}")));
    cases.add(new Case("$route with two patients", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"patient\",\"resource\":" + patient("1990-01-01") + "}",
            "{\"name\":\"patient\",\"resource\":" + patient("1991-01-01") + "}")));
    cases.add(new Case("$route with two districts", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"patient\",\"resource\":" + patient("1990-01-01") + "}",
            "{\"name\":\"district\",\"valueString\":\"Colchester\"}",
            "{\"name\":\"district\",\"valueString\":\"Tendring\"}")));
    cases.add(new Case("$route with an unknown parameter", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"patient\",\"resource\":" + patient("1990-01-01") + "}",
            "{\"name\":\"postcode\",\"valueString\":\"CO1 1AA\"}")));
    cases.add(new Case("$route with an unknown substance", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"patient\",\"resource\":" + patient("1990-01-01") + "}",
            "{\"name\":\"substance\",\"valueCode\":\"gin\"}")));
    cases.add(new Case("$route for someone not yet born", 422, "POST", ROUTE, JSON,
        route("{\"name\":\"patient\",\"resource\":" + patient("2999-01-01") + "}")));
    cases.add(new Case("a Procedure with a wrong NHS number", 422, "POST", "Procedure", JSON,
        procedure("9434765918", "{\"reference\":\"#p\"}")));
    cases.add(new Case("a Procedure whose subject is not contained", 422, "POST", "Procedure",
        JSON, procedure("9434765919", "{\"reference\":\"#elsewhere\"}")));
    // Not here at all, or not a path: 404, 405, 400.
    cases.add(new Case("a path that climbs out", 400, "GET", "Procedure/..%2F..%2Fetc%2Fpasswd",
        null, (String) null));
    cases.add(new Case("a method not served", 405, "DELETE", "Questionnaire/audit", null,
        (String) null));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> everyBadRequestGetsItsStatusAndAnOperationOutcome() throws Exception {
    return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      HttpResponse<String> response = send(c);
      assertEquals(c.status(), response.statusCode(), response.body());
      OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
          response.body());
      assertTrue(outcome.getIssueFirstRep().hasDiagnostics(), response.body());
      assertEquals(List.of(), ServerValidator.get().errors(outcome), response.body());
    }));
  }

  /**
   * Jetty closes the connection after a request it refuses itself; the answer must say so, or a
   * client reusing connections sends its next request into a closed socket.
   */
  @Test
  void aRequestJettyRefusesItselfIsAnsweredWithConnectionClose() throws Exception {
    URI base = SERVER.base();
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + base.getPath() + "/Procedure/..%2F..%2Fetc%2F"
          + "passwd HTTP/1.1\r\nHost: " + base.getHost() + "\r\nAuthorization: Bearer "
          + SERVER.gpToken() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
      assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"),
          answer);
    }
  }

  @Test
  void theCorpusHasAtLeastThirtyCasesAndLeavesNothingStoredAndTheServerWell()
      throws Exception {
    List<Case> corpus = corpus();
    assertTrue(corpus.size() >= 30, "cases: " + corpus.size());
    long before = interventions();
    for (Case c : corpus) {
      send(c);
    }

    assertEquals(before, interventions(), "no intervention was stored");
    assertEquals(200, send(new Case("metadata", 200, "GET", "metadata", null, (String) null))
        .statusCode());
    assertEquals(200, send(new Case("a good assessment", 200, "POST", ASSESS, JSON,
        EndpointTest.auditJson(true))).statusCode());
  }

  private static HttpResponse<String> send(Case c) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.base() + "/"
            + c.path()))
        .method(c.method(), c.body() == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(c.body()))
        .header("Authorization", "Bearer " + SERVER.gpToken());
    if (c.type() != null) {
      request.header("Content-Type", c.type());
    }
    boolean oversized = c.body() != null && c.body().length > WholeBody.MAX_BODY;
    for (int attempt = 1; ; attempt++) {
      try {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException e) {
        // The server answers 413 and closes as soon as the body passes the limit; a client
        // still writing the rest may see the connection reset before it reads that answer
        // (seen once in ten CI runs). That is the transport, not the answer: ask again.
        if (!oversized || attempt == 3) {
          throw e;
        }
      }
    }
  }

  private static long interventions() throws Exception {
    try (Connection db = SERVER.hub().connect();
        ResultSet row = db.createStatement().executeQuery(
            "SELECT COUNT(*) FROM brief_intervention")) {
      row.next();
      return row.getLong(1);
    }
  }
}
