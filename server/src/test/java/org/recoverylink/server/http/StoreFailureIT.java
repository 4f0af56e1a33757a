package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Databases;

/**
 * A database failure the server cannot help is a 500 whose log line says what the database
 * said, its SQL state and error code, so that it can be diagnosed, and nothing of the patient's.
 * The real server jar on PostgreSQL, whose referral table is taken away under it.
 */
class StoreFailureIT {

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(StoreFailureIT.class);

  @TempDir
  Path dir;

  @Test
  void aStoreFailureIsLoggedWithItsSqlStateAndNoPatientData() throws Exception {
    try (Databases.Scratch db = Databases.Kind.POSTGRESQL.open()) {
      Path data = dir.resolve("data");
      String token = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(10), HubProcesses.PUBLIC_BASE);
      try (HubProcesses.Hub hub = hubs.start("hub", Map.of("RECOVERYLINK_DB_USER", db.user(),
          "RECOVERYLINK_DB_PASSWORD", db.password()), List.of("--base-url",
          HubProcesses.PUBLIC_BASE, "--db", db.url(), "--data", data.toString()))) {
        try (Connection connection = db.connect();
            Statement statement = connection.createStatement()) {
          statement.execute("ALTER TABLE referral RENAME TO referral_elsewhere");
        }

        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(hub.base() + "/ServiceRequest"))
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
                .encodeResourceToString(Referrals.referral("R-no-table")))).build(),
            HttpResponse.BodyHandlers.ofString());

        assertEquals(500, answer.statusCode(), answer.body());
        TestHub.FHIR.newJsonParser().parseResource(OperationOutcome.class, answer.body());
        String log = hub.log();
        // PostgreSQL's undefined_table; its error code is always 0
        assertTrue(log.contains("store failure while serving a request: database failure,"
            + " SQL state 42P01, error code 0"), log);
        for (String personal : List.of(Referrals.NHS_NUMBER, "Testpatient", "1980-04-12",
            "SS14")) {
          assertFalse(log.contains(personal), "the log holds " + personal + ":\n" + log);
        }
      }
    }
  }
}
