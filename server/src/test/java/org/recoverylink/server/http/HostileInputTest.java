package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/**
 * Hostile requests (issue 17 points 9, 10 and 12), sent over a raw socket so that no client
 * library normalises them: each gets its 4xx and a short OperationOutcome that validates,
 * nothing is stored, the refusal is audited where the endpoint handles patient data, the server
 * serves normally after, and the hostile value never reaches the server's log.
 */
class HostileInputTest {

  private static final String JSON = "application/fhir+json";
  private static final String XML = "application/fhir+xml";
  private static final String ASSESS = "QuestionnaireResponse/$assess";
  private static final String PHARMACY = "FA123";
  /** Looks like patient data; must never reach the log. */
  private static final String NHS = "9434765919";
  /** Every table the server stores patient data in (audit_event aside). */
  private static final List<String> TABLES = List.of("brief_intervention", "referral", "task",
      "outbox", "ost_prescription", "ost_event", "ost_notification", "nsp_transaction",
      "naloxone_supply", "screening");

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static PrintStream stderr;

  @BeforeAll
  static void captureTheLog() {
    Logging.bridge(); // as the server's main does: Jersey's java.util.logging into SLF4J
    stderr = System.err;
    // slf4j-simple writes to whatever System.err is at the time: keep a copy of it all.
    System.setErr(new PrintStream(new TeeStream(stderr, LOG), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void releaseTheLog() {
    System.setErr(stderr);
  }

  /**
   * One hostile request.
   *
   * @param secret  a value in it that must appear neither in the log nor whole in the answer
   * @param audited whether the endpoint handles patient data, so its refusal has an audit row
   */
  record Case(String name, int status, Role role, String org, String method, String path,
      Map<String, String> headers, byte[] body, String secret, boolean audited) {

    static Case post(String name, int status, Role role, String org, String path, String type,
        byte[] body, String secret) {
      return new Case(name, status, role, org, "POST", path, Map.of("Content-Type", type), body,
          secret, true);
    }

    static Case post(String name, int status, Role role, String org, String path, String type,
        String body, String secret) {
      return post(name, status, role, org, path, type, body.getBytes(StandardCharsets.UTF_8),
          secret);
    }

    static Case assess(String name, String body, String secret) {
      return post(name, 400, Role.GP, Referrals.PRACTICE, ASSESS, JSON, body, secret);
    }

    static Case get(String name, int status, Role role, String org, String path, String secret) {
      return new Case(name, status, role, org, "GET", path, Map.of(), null, secret, true);
    }
  }

  /** A JSON object with {@code member} added as its first member. */
  private static String withFirst(String json, String member) {
    int brace = json.indexOf('{');
    return json.substring(0, brace + 1) + member + "," + json.substring(brace + 1);
  }

  private static String audit() {
    return EndpointTest.auditJson(true);
  }

  private static String referral(String identifier) {
    return TestHub.FHIR.newJsonParser().encodeResourceToString(Referrals.referral(identifier));
  }

  private static String prescription() {
    return TestHub.FHIR.newJsonParser().encodeResourceToString(OstResources.write(
        OstSuite.methadone("rx-hostile", OstSuite.newPatient())));
  }

  private static String nsp() {
    return TestHub.FHIR.newJsonParser().encodeResourceToString(NspResources.toParameters(
        Examples.fullVisit(PHARMACY)));
  }

  /** An answer to the first AUDIT-C item, raw JSON in {@code answer}. */
  private static String answer(String answer) {
    return "{\"resourceType\":\"QuestionnaireResponse\",\"status\":\"completed\","
        + "\"questionnaire\":\"https://recoverylink.org/fhir/Questionnaire/audit-c\","
        + "\"item\":[{\"linkId\":\"68518-0\",\"answer\":[" + answer + "]}]}";
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static List<Case> corpus() {
    List<Case> cases = new ArrayList<>();
    String marker = "hostile" + NHS;
    // Point 9: odd but parseable input.
    cases.add(Case.assess("$assess: a member with an empty name", withFirst(audit(),
        "\"\":\"" + marker + "\""), marker));
    cases.add(Case.post("ServiceRequest: a member with an empty name", 400, Role.GP,
        Referrals.PRACTICE, "ServiceRequest", JSON, withFirst(referral("r-empty-name"),
            "\"\":1"), "r-empty-name"));
    cases.add(Case.post("MedicationRequest: a member with an empty name", 400, Role.PHARMACY,
        PHARMACY, "MedicationRequest", JSON, withFirst(prescription(), "\"\":1"),
        "rx-hostile"));
    cases.add(Case.post("$nsp-transaction: a member with an empty name", 400, Role.PHARMACY,
        PHARMACY, "$nsp-transaction", JSON, withFirst(nsp(), "\"\":1"), "JS-19900314-M"));
    String longId = NHS + "a".repeat(190);
    for (String type : List.of("Procedure", "ServiceRequest", "Task", "MedicationRequest",
        "MedicationDispense")) {
      cases.add(Case.get("a 200-character id in a " + type + " read", 404,
          type.startsWith("Medication") ? Role.PHARMACY : Role.GP,
          type.startsWith("Medication") ? PHARMACY : Referrals.PRACTICE, type + "/" + longId,
          longId));
    }
    cases.add(Case.get("an id with characters FHIR ids do not have", 404, Role.GP,
        Referrals.PRACTICE, "Procedure/" + NHS + "_%20Smith", NHS + "_"));
    String longValue = NHS + "v".repeat(300);
    cases.add(Case.post("a referral identifier of 310 characters", 422, Role.GP,
        Referrals.PRACTICE, "ServiceRequest", JSON, referral(longValue), longValue));
    cases.add(Case.get("a search for an identifier of 310 characters", 400, Role.GP,
        Referrals.PRACTICE, "ServiceRequest?identifier=" + Referrals.IDENTIFIER_SYSTEM + "%7C"
            + longValue, longValue));
    String longMessageId = NHS + "m".repeat(300);
    cases.add(new Case("an X-Request-ID of 310 characters", 400, Role.GP, Referrals.PRACTICE,
        "POST", "$process-message", Map.of("Content-Type", JSON, "X-Request-ID",
            longMessageId), "{}".getBytes(StandardCharsets.UTF_8), longMessageId, true));
    // Point 10: JSON that is not RFC 8259 JSON, or says one thing twice.
    cases.add(Case.post("two NHS-number values", 400, Role.GP, Referrals.PRACTICE,
        "ServiceRequest", JSON, referral("r-two-values").replace("\"value\":\"" + NHS + "\"",
            "\"value\":\"" + NHS + "\",\"value\":\"9434765870\""), "9434765870"));
    cases.add(Case.assess("two resourceTypes", withFirst(audit(),
        "\"resourceType\":\"Patient\""), marker));
    cases.add(Case.assess("two valueIntegers", answer("{\"valueInteger\":0,"
        + "\"valueInteger\":4}"), marker));
    cases.add(Case.assess("single-quoted names", answer("{'valueInteger':4}"), marker));
    cases.add(Case.assess("a number with a plus sign", answer("{\"valueInteger\":+1}"),
        marker));
    cases.add(Case.assess("a number with a leading zero", answer("{\"valueInteger\":01}"),
        marker));
    cases.add(Case.assess("NaN", answer("{\"valueDecimal\":NaN}"), marker));
    cases.add(Case.assess("an unquoted name", answer("{valueInteger:4}"), marker));
    cases.add(Case.assess("a comment", answer("/* " + marker + " */{\"valueInteger\":4}"),
        marker));
    cases.add(Case.assess("a trailing comma in an object", answer("{\"valueInteger\":4,}"),
        marker));
    cases.add(Case.assess("a trailing comma in an array", answer("{\"valueInteger\":4},"),
        marker));
    // Strings FHIR does not allow: control characters, lone surrogates, bytes not UTF-8.
    cases.add(Case.assess("an escaped NUL in a string", answer("{\"valueString\":\"" + marker
        + "\\u0000\"}"), marker));
    cases.add(Case.assess("an escaped control character in a string", answer(
        "{\"valueString\":\"" + marker + "\\u001b[2J\"}"), marker));
    cases.add(Case.assess("a raw control character in a string", answer(
        "{\"valueString\":\"" + marker + "\u0007\"}"), marker));
    cases.add(Case.assess("a lone surrogate", answer("{\"valueString\":\"" + marker
        + "\\uD800\"}"), marker));
    cases.add(Case.assess("a control character in a member name", withFirst(audit(),
        "\"id\\u0000\":\"" + marker + "\""), marker));
    cases.add(Case.post("invalid UTF-8 in a string", 400, Role.GP, Referrals.PRACTICE, ASSESS,
        JSON, bytes(answer("{\"valueString\":\"" + marker + "X\"}").replace("X\"}", ""),
            new byte[] {(byte) 0xC3, (byte) 0x28}, "\"}]}]}"), marker));
    cases.add(Case.post("an overlong UTF-8 encoding", 400, Role.GP, Referrals.PRACTICE, ASSESS,
        JSON, bytes(answer("{\"valueString\":\"" + marker + "X\"}").replace("X\"}", ""),
            new byte[] {(byte) 0xC0, (byte) 0xAF}, "\"}]}]}"), marker));
    cases.add(Case.post("a surrogate encoded in UTF-8 (CESU)", 400, Role.GP, Referrals.PRACTICE,
        ASSESS, JSON, bytes(answer("{\"valueString\":\"" + marker + "X\"}").replace("X\"}", ""),
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}]}]}"), marker));
    cases.add(Case.post("a charset other than UTF-8", 415, Role.GP, Referrals.PRACTICE, ASSESS,
        JSON + ";charset=ISO-8859-1", audit(), marker));
    // XML that is not FHIR's.
    cases.add(Case.post("XML in no namespace", 400, Role.GP, Referrals.PRACTICE, ASSESS, XML,
        "<QuestionnaireResponse><status value=\"completed\"/></QuestionnaireResponse>",
        marker));
    cases.add(Case.post("XML in another namespace", 400, Role.GP, Referrals.PRACTICE, ASSESS,
        XML, "<QuestionnaireResponse xmlns=\"urn:" + marker + "\"><status value=\"completed\"/>"
            + "</QuestionnaireResponse>", marker));
    cases.add(Case.post("XML with FHIR elements in another namespace", 400, Role.GP,
        Referrals.PRACTICE, ASSESS, XML, "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\">"
            + "<status xmlns=\"urn:x\" value=\"completed\"/></QuestionnaireResponse>", marker));
    cases.add(Case.post("XML with a control character", 400, Role.GP, Referrals.PRACTICE,
        ASSESS, XML, "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\""
            + marker + "&#1;\"/></QuestionnaireResponse>", marker));
    // Point 12: every error an OperationOutcome, quoting at most a short prefix.
    cases.add(Case.post("a malformed Content-Type", 400, Role.GP, Referrals.PRACTICE, ASSESS,
        ";;;", audit(), marker));
    cases.add(new Case("a malformed Accept", 400, Role.GP, Referrals.PRACTICE, "POST", ASSESS,
        Map.of("Content-Type", JSON, "Accept", ";;;"), audit().getBytes(StandardCharsets.UTF_8),
        marker, true));
    String url = "https://example.org/" + NHS + "/" + "q".repeat(900_000);
    cases.add(Case.post("a 900,000-character questionnaire URL", 422, Role.GP,
        Referrals.PRACTICE, ASSESS, JSON, answer("{\"valueInteger\":4}").replace(
            "https://recoverylink.org/fhir/Questionnaire/audit-c", url).replace("68518-0",
            "no-such-item"), url));
    cases.add(Case.post("a text/plain body", 415, Role.GP, Referrals.PRACTICE, ASSESS,
        "text/plain", audit(), marker));
    cases.add(new Case("a body declared over 1 MiB (refused by Jetty)", 413, Role.GP,
        Referrals.PRACTICE, "POST", ASSESS + "?" + marker, Map.of("Content-Type", JSON,
            "Content-Length", String.valueOf(2 * WholeBody.MAX_BODY)), null, marker,
        true));
    cases.add(Case.get("an unknown path", 404, Role.GP, Referrals.PRACTICE,
        "Procedure/a/b/" + marker, marker));
    cases.add(new Case("a method not served", 405, Role.GP, Referrals.PRACTICE, "DELETE",
        "Procedure/" + marker, Map.of(), null, marker, true));
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> eachIsRefusedWithAShortOutcomeAuditedNotStoredNotLogged() {
    return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
      long stored = stored();
      long audited = audited(c.status());
      int logged = LOG.size();

      Answer answer = send(c);

      assertEquals(c.status(), answer.status(), () -> cut(answer.body()));
      assertOutcome(answer);
      assertFalse(answer.body().contains(c.secret()) && c.secret().length() > 64,
          "the answer quotes the whole offending value: " + answer.body().length());
      assertEquals(stored, stored(), "nothing stored");
      if (c.audited()) {
        assertEquals(audited + 1, audited(c.status()), "the refusal has its audit row");
      }
      assertEquals(200, send(new Case("metadata", 200, null, null, "GET", "metadata",
          Map.of(), null, "", false)).status(), "the server is well after");
      String log = LOG.toString(StandardCharsets.UTF_8);
      String since = log.substring(Math.min(logged, log.length()));
      assertFalse(since.contains(c.secret()), () -> "the log quotes the request: " + cut(since));
      assertFalse(since.contains(NHS), () -> "the log quotes the request: " + cut(since));
    }));
  }

  /** Jetty's own refusals are OperationOutcomes too. */
  @Test
  void aBadRequestLineAndHugeHeadersAreAnsweredWithOperationOutcomes() throws Exception {
    assertOutcome(exchange(("GET /fhir/" + NHS + " HTTP/1.1 junk\r\nHost: x\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII)), 400);
    assertOutcome(exchange(("GET /fhir/metadata HTTP/1.1\r\nHost: x\r\nX-Big: "
        + NHS.repeat(2_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII)), 431);
    assertOutcome(exchange("\u0001\u0002\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400);
    String log = LOG.toString(StandardCharsets.UTF_8);
    assertFalse(log.contains(NHS), log);
  }

  /**
   * Tab, CR and LF are the control characters FHIR strings may hold: they still pass. The
   * response is still in progress, so no report counts it: a count is written up to ten seconds
   * after its answer, and would land in the middle of the corpus' "nothing stored".
   */
  @Test
  void aStringWithATabAndANewLineIsAccepted() throws Exception {
    String body = withFirst(audit(), "\"id\":\"tab-ok\"").replace("\"status\":\"completed\"",
        "\"status\":\"in-progress\",\"text\":{\"status\":\"generated\",\"div\":"
            + "\"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">a\\tb\\r\\nc</div>\"}");
    Answer answer = send(Case.assess("ok", body, "-"));
    assertEquals(200, answer.status(), answer.body());
    assertNamesNoSoftware(answer);
  }

  private static String cut(String text) {
    return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "...";
  }

  private static void assertOutcome(Answer answer, int status) {
    assertEquals(status, answer.status(), answer.body());
    assertOutcome(answer);
  }

  private static void assertOutcome(Answer answer) {
    assertTrue(answer.headers().getOrDefault("content-type", "").startsWith(JSON),
        () -> answer.headers() + " " + cut(answer.body()));
    assertNamesNoSoftware(answer);
    assertTrue(answer.body().length() < 4_000, "a bounded answer: " + answer.body().length());
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, answer.body());
    assertTrue(outcome.getIssueFirstRep().hasDiagnostics(), answer.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome), answer.body());
  }

  /** No answer, refusals by Jetty itself included, says which server software and version. */
  private static void assertNamesNoSoftware(Answer answer) {
    assertFalse(answer.headers().containsKey("server"), () -> "Server: "
        + answer.headers().get("server"));
    assertFalse(answer.body().contains("Jetty"), () -> cut(answer.body()));
  }

  private static long stored() throws Exception {
    long rows = 0;
    for (String table : TABLES) {
      rows += SERVER.count("SELECT COUNT(*) FROM " + table);
    }
    return rows;
  }

  private static long audited(int status) throws Exception {
    return SERVER.count("SELECT COUNT(*) FROM audit_event WHERE outcome = " + status);
  }

  /** An HTTP answer: status, headers (names in lower case) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
  }

  private static Answer send(Case c) throws IOException {
    URI base = SERVER.base();
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(c.method() + " " + base.getPath() + "/" + c.path()
        + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
        + "Connection: close\r\n");
    if (c.role() != null) {
      head.append("Authorization: Bearer ").append(SERVER.token(c.role(), c.org())).append("\r\n");
    }
    c.headers().forEach((name, value) -> head.append(name).append(": ").append(value)
        .append("\r\n"));
    if (c.body() != null) {
      head.append("Content-Length: ").append(c.body().length).append("\r\n");
    }
    request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
    if (c.body() != null) {
      request.writeBytes(c.body());
    }
    return exchange(request.toByteArray());
  }

  /** Writes the bytes on a new connection and reads the answer until the server closes it. */
  private static Answer exchange(byte[] request) throws IOException {
    URI base = SERVER.base();
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(request);
      socket.getOutputStream().flush();
      byte[] all = socket.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, "an HTTP answer: " + text);
      String[] lines = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
      byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
      if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        body = unchunk(body);
      }
      return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers,
          new String(body, StandardCharsets.UTF_8));
    }
  }

  private static byte[] unchunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = at;
      while (chunked[lineEnd] != '\r') {
        lineEnd++;
      }
      int size = Integer.parseInt(new String(chunked, at, lineEnd - at,
          StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  /** Writes to two streams. */
  private static final class TeeStream extends OutputStream {
    private final OutputStream first;
    private final ByteArrayOutputStream second;

    TeeStream(OutputStream first, ByteArrayOutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}
