package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/** POST and GET Procedure over HTTP, and the audit rows every patient-data request leaves. */
class RecordTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String NHS = "9434765919";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  private static String token(Role role, String org) {
    return SERVER.issuer().token(role, org, Duration.ofMinutes(5), SERVER.base().toString());
  }

  private static HttpResponse<String> send(String method, String path, String token,
      String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/fhir+json");
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** As a GP system would send it: the patient contained, the practice by ODS code. */
  private static String containedPatientProcedure(String ods) {
    Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED);
    procedure.getCode().addCoding().setSystem(Systems.SNOMED)
        .setCode(Intervention.EXTENDED.completedSnomed());
    Patient patient = new Patient();
    patient.setId("p");
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue("943 476 5919");
    patient.addName().setFamily("Smith").addGiven("Alex");
    procedure.addContained(patient);
    procedure.setSubject(new Reference("#p"));
    procedure.addPerformer().getActor().getIdentifier().setSystem(Systems.ODS).setValue(ods);
    procedure.getPerformedDateTimeType().setValueAsString("2026-11-20T09:40:00Z");
    procedure.addIdentifier().setSystem("https://gp.example/Id/event").setValue("E-1");
    return FHIR.newJsonParser().encodeResourceToString(procedure);
  }

  @Test
  void anInterventionIsStoredAndReadBackByItsOrganisationOnly() throws Exception {
    HttpResponse<String> created = send("POST", "Procedure", token(Role.GP, "A81001"),
        containedPatientProcedure("A81001"));

    assertEquals(201, created.statusCode(), created.body());
    String location = created.headers().firstValue("Location").orElseThrow();
    Procedure stored = FHIR.newJsonParser().parseResource(Procedure.class, created.body());
    assertEquals(List.of(), ServerValidator.get().errors(stored));
    assertTrue(location.endsWith("/fhir/Procedure/" + stored.getIdPart()), location);
    assertEquals(NHS, stored.getSubject().getIdentifier().getValue(), "by NHS number");
    assertTrue(stored.getContained().isEmpty(), "the name sent along is not kept");
    assertEquals("E-1", stored.getIdentifierFirstRep().getValue());

    HttpResponse<String> read = send("GET", "Procedure/" + stored.getIdPart(),
        token(Role.PHARMACY, "A81001"), null);
    assertEquals(200, read.statusCode(), read.body());
    assertTrue(FHIR.newJsonParser().parseResource(Procedure.class, read.body())
        .equalsDeep(stored), "read back as answered");
    assertEquals(404, send("GET", "Procedure/" + stored.getIdPart(),
        token(Role.GP, "B82005"), null).statusCode(), "another organisation");
    assertEquals(404, send("GET", "Procedure/nothing", token(Role.GP, "A81001"), null)
        .statusCode());
  }

  @Test
  void anInvalidInterventionIsRefusedWithEveryProblemAndNothingStored() throws Exception {
    Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.NOTDONE);
    procedure.getCode().addCoding().setSystem(Systems.SNOMED).setCode("386449006");
    procedure.setSubject(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue("9434765918")));
    long before = rows("brief_intervention");

    HttpResponse<String> refused = send("POST", "Procedure", token(Role.GP, "A81001"),
        FHIR.newJsonParser().encodeResourceToString(procedure));

    assertEquals(422, refused.statusCode(), refused.body());
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
        refused.body());
    assertEquals(List.of("Procedure.code", "Procedure.subject.identifier.value",
        "Procedure.performer[0].actor.identifier.value", "Procedure.performedDateTime",
        "Procedure.statusReason"), outcome.getIssue().stream()
        .map(i -> i.getExpression().get(0).getValue()).toList());
    assertEquals(before, rows("brief_intervention"));
    assertEquals(422, send("POST", "Procedure", token(Role.GP, "A81001"),
        containedPatientProcedure("B82005")).statusCode(), "for another organisation");
    assertEquals(403, send("POST", "Procedure", token(Role.PROVIDER, "A81001"),
        containedPatientProcedure("A81001")).statusCode());
    assertEquals(before, rows("brief_intervention"));
  }

  @Test
  void everyPatientDataRequestLeavesAnAuditRowAndOthersDoNot() throws Exception {
    long start = rows("audit_event");
    Instant since = Instant.now();
    send("POST", "Procedure", token(Role.GP, "A81001"), containedPatientProcedure("A81001"));
    send("POST", "Procedure", null, containedPatientProcedure("A81001"));
    send("POST", "ServiceRequest/$route", token(Role.PROVIDER, "RWK"), "{}");
    send("GET", "Questionnaire", token(Role.GP, "A81001"), null);
    send("GET", "metadata", null, null);

    List<String> audited = new ArrayList<>();
    try (Connection db = database(); Statement query = db.createStatement();
        ResultSet row = query.executeQuery("SELECT caller_role, caller_org, action, operation,"
            + " entity, patient, outcome, recorded FROM audit_event ORDER BY id")) {
      while (row.next()) {
        if (!row.getTimestamp(8).toInstant().isBefore(since)) {
          audited.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
              + row.getString(4) + " " + (row.getString(5) == null ? "-"
              : row.getString(5).replaceAll("/.*", "/{id}")) + " " + row.getString(6) + " "
              + row.getInt(7));
        }
      }
    }
    assertEquals(List.of(
        "gp A81001 C POST Procedure Procedure/{id} " + NHS + " 201",
        "null null C POST Procedure - null 401",
        "provider RWK E POST ServiceRequest/$route - null 403"), audited);
    assertEquals(start + 3, rows("audit_event"));
  }

  private static Connection database() throws Exception {
    return SERVER.hub().connect();
  }

  private static long rows(String table) throws Exception {
    try (Connection db = database(); Statement query = db.createStatement();
        ResultSet row = query.executeQuery("SELECT COUNT(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

}
