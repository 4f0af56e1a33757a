package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;

/**
 * Every answered {@code $assess} is audited and counted once, through to a clean stop: the
 * server jar on its embedded H2 store takes distinct AUDIT responses from many clients at once,
 * each sent twice, and is stopped with SIGTERM straight after the last answer (before H2's own
 * half-second write, and while the counts are still held behind the answers). Read back from the file, and through the IBA report of the restarted
 * server: one screening per distinct response, one audit row per answer, and nothing in the
 * screenings that names the response or the patient.
 */
class AssessCountsIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PRACTICE = "A81001";
  private static final String NHS_NUMBER = "9434765919";
  /** Distinct responses; each is sent twice. */
  private static final int RESPONSES = 150;

  @TempDir
  Path dir;

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(AssessCountsIT.class);

  @Test
  void everyAnswerIsAuditedAndEachResponseCountedOnceThroughSigterm() throws Exception {
    Path data = dir.resolve("data");
    List<String> options = List.of("--base-url", HubProcesses.PUBLIC_BASE, "--data",
        data.toString());
    HubProcesses.Hub hub = hubs.start("hub", Map.of(), options);
    String gp = DevelopmentIssuer.in(data).token(Role.GP, PRACTICE, Duration.ofMinutes(10),
        HubProcesses.PUBLIC_BASE);

    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < RESPONSES; i++) {
      QuestionnaireResponse response = Forms.fill(Questionnaires.find("audit").orElseThrow(),
          i % 2 == 0);
      response.setIdentifier(new Identifier().setSystem("https://gp.example/responses")
          .setValue("response-" + i));
      response.setSubject(new Reference().setIdentifier(new Identifier()
          .setSystem(Systems.NHS_NUMBER).setValue(NHS_NUMBER)));
      bodies.add(TestHub.FHIR.newJsonParser().encodeResourceToString(response));
    }
    ExecutorService clients = Executors.newFixedThreadPool(16);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int round = 0; round < 2; round++) { // the second round resubmits every response
      for (String body : bodies) {
        answers.add(clients.submit(() -> assess(hub, gp, body)));
      }
    }
    for (Future<Integer> answer : answers) {
      assertEquals(200, answer.get(60, TimeUnit.SECONDS));
    }
    clients.shutdown();
    hub.terminate();

    try (Connection store = DriverManager.getConnection("jdbc:h2:file:"
        + data.toAbsolutePath().resolve("recoverylink") + ";IFEXISTS=TRUE", "recoverylink", "");
        Statement statement = store.createStatement()) {
      assertEquals(2L * RESPONSES, count(statement, "SELECT COUNT(*) FROM audit_event"
          + " WHERE operation = 'POST QuestionnaireResponse/$assess' AND outcome = 200"
          + " AND caller_org = '" + PRACTICE + "'"));
      assertEquals(RESPONSES, count(statement, "SELECT COUNT(*) FROM screening"));
      try (ResultSet rows = statement.executeQuery("SELECT * FROM screening")) {
        while (rows.next()) {
          for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
            String value = rows.getString(column);
            assertFalse(value.contains("response-") || value.contains(NHS_NUMBER),
                "a screening names the response or the patient: " + value);
          }
        }
      }
    }

    HubProcesses.Hub again = hubs.start("again", Map.of(), options);
    String commissioner = DevelopmentIssuer.in(data).token(Role.COMMISSIONER, "essex-cc",
        Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    HttpResponse<String> report = HTTP.send(HttpRequest.newBuilder(URI.create(again.base()
        + "/Measure/iba-activity/$evaluate-measure?periodStart=" + today.minusDays(1)
        + "&periodEnd=" + today.plusDays(1)))
        .header("Authorization", "Bearer " + commissioner)
        .header("Accept", "application/fhir+json").build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, report.statusCode(), report.body());
    MeasureReport iba = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        report.body());
    assertEquals(RESPONSES, iba.getGroup().stream()
        .filter(group -> group.getCode().getCodingFirstRep().getCode().equals("screenings"))
        .findFirst().orElseThrow().getPopulationFirstRep().getCount());
  }

  private static int assess(HubProcesses.Hub hub, String token, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(hub.base()
            + "/QuestionnaireResponse/$assess"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static long count(Statement statement, String query) throws Exception {
    try (ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    }
  }
}
