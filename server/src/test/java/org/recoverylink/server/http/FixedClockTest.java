package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.Role;

/**
 * A server built with a fixed clock takes its time from that clock, over HTTP: the tokens it
 * accepts, the audit rows it writes and the reports it dates.
 */
class FixedClockTest {

  /** Well in the past: a token that is fresh by this clock expired long ago by the real one. */
  private static final Instant AT = Instant.parse("2025-03-14T09:26:53Z");

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.with(settings -> settings.clock(
      Clock.fixed(AT, ZoneOffset.UTC)));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(String path, String token) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + path))
        .header("Authorization", "Bearer " + token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aTokenIsCheckedByTheServersClock() throws Exception {
    // Issued at AT for ten minutes: only a server that reads the fixed clock accepts it.
    assertEquals(200, get("Questionnaire/audit", SERVER.gpToken()).statusCode());
  }

  @Test
  void auditRowsAreStampedByTheServersClock() throws Exception {
    HttpResponse<String> referred = SERVER.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral("R-fixed-clock")); // written with the referral
    assertEquals(201, referred.statusCode(), referred.body());
    HttpResponse<String> worklist = get("Task", SERVER.gpToken()); // written after the answer
    assertEquals(200, worklist.statusCode(), worklist.body());
    HttpResponse<String> refused = get("Task", "not-a-token"); // refused before any resource
    assertEquals(401, refused.statusCode(), refused.body());

    List<String> rows = new ArrayList<>(); // the other tests' requests may have rows too
    Set<Instant> times = new HashSet<>();
    try (Connection db = SERVER.connect(); PreparedStatement query = db.prepareStatement(
        "SELECT operation, outcome, recorded FROM audit_event ORDER BY id");
        ResultSet row = query.executeQuery()) {
      while (row.next()) {
        rows.add(row.getString(1) + " " + row.getInt(2));
        times.add(row.getTimestamp(3).toInstant());
      }
    }
    List<String> ours = List.of("POST ServiceRequest 201", "GET Task 200", "GET Task 401");
    assertEquals(ours, rows.subList(rows.size() - 3, rows.size()), rows.toString());
    assertEquals(Set.of(AT), times, "every row is stamped by the fixed clock");
  }

  @Test
  void aReportIsDatedByTheServersClock() throws Exception {
    HttpResponse<String> response = get("Measure/harm-reduction-activity/$evaluate-measure"
        + "?periodStart=2025-02&periodEnd=2025-02", SERVER.token(Role.COMMISSIONER, "essex-cc"));
    assertEquals(200, response.statusCode(), response.body());
    MeasureReport report = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        response.body());

    assertFalse(report.getDateElement().isEmpty(), response.body());
    assertEquals(AT, report.getDate().toInstant());
  }
}
