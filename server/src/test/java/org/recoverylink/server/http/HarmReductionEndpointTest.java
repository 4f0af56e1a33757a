package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/** POST $nsp-transaction and $naloxone-supply over HTTP against the real server. */
class HarmReductionEndpointTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PHARMACY = "FA123";
  private static final String NHS = "9434765919";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  private static HttpResponse<String> post(String operation, Role role, String org,
      Resource body) throws Exception {
    return SERVER.send("POST", operation, role, org, body);
  }

  private static HttpResponse<String> nsp(NspTransaction visit) throws Exception {
    return post(NspResources.OPERATION, Role.PHARMACY, PHARMACY, NspResources.toParameters(visit));
  }

  private static HttpResponse<String> naloxone(NaloxoneSupply supply) throws Exception {
    return post(NaloxoneResources.OPERATION, Role.PHARMACY, PHARMACY,
        NaloxoneResources.toParameters(supply));
  }

  /** The answer, checked to validate with zero errors. */
  private static Parameters answer(HttpResponse<String> response) {
    Parameters answer = FHIR.newJsonParser().parseResource(Parameters.class, response.body());
    assertEquals(List.of(), ServerValidator.get().errors(answer));
    return answer;
  }

  private static List<Resource> record(Parameters answer) {
    return ((Bundle) answer.getParameter("record").getResource()).getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).toList();
  }

  @Test
  void aVisitIsStoredOnceAndARepeatGetsTheSameAnswer() throws Exception {
    NspTransaction visit = Examples.fullVisit(PHARMACY);
    HttpResponse<String> created = nsp(visit);
    assertEquals(201, created.statusCode(), created.body());
    Parameters answer = answer(created);
    assertEquals(visit.id(), answer.getParameter("id").getValue().primitiveValue());
    assertEquals(15, record(answer).size(), "Patient, Encounter, 5 SupplyDelivery,"
        + " Observations of 2 substances, returns and 3 offers made, 2 advice Procedures");
    assertEquals(1, count("SELECT COUNT(*) FROM nsp_transaction WHERE id = ?", visit.id()));
    assertEquals(5, count("SELECT COUNT(*) FROM nsp_item WHERE nsp_transaction = ?",
        visit.id()));
    assertEquals(40, count("SELECT syringes_and_needles FROM nsp_transaction WHERE id = ?",
        visit.id()));
    assertEquals(2, count("SELECT returned_sharps_bins FROM nsp_transaction WHERE id = ?",
        visit.id()));

    HttpResponse<String> repeat = nsp(visit);
    assertEquals(200, repeat.statusCode(), repeat.body());
    assertEquals(created.body(), repeat.body());
    assertEquals(1, count("SELECT COUNT(*) FROM nsp_transaction WHERE id = ?", visit.id()));
    assertEquals(5, count("SELECT COUNT(*) FROM nsp_item WHERE nsp_transaction = ?",
        visit.id()));
  }

  @Test
  void aSupplyWithoutReturnsIsAccepted() throws Exception {
    NspTransaction visit = Examples.packsOnly(PHARMACY);
    HttpResponse<String> created = nsp(visit);
    assertEquals(201, created.statusCode(), created.body());
    answer(created);
    assertEquals(0, count("SELECT returned_sharps_bins FROM nsp_transaction WHERE id = ?",
        visit.id()));
    assertEquals(2, count("SELECT packs FROM nsp_transaction WHERE id = ?", visit.id()));
  }

  @Test
  void anNhsNumberIsRefusedUnquotedAndNothingStored() throws Exception {
    long before = count("SELECT COUNT(*) FROM nsp_transaction");
    Parameters parameters = NspResources.toParameters(Examples.fullVisit(PHARMACY));
    parameters.getParameter("client").setValue(new Identifier().setSystem(Systems.NHS_NUMBER)
        .setValue(NHS));
    HttpResponse<String> refused = post(NspResources.OPERATION, Role.PHARMACY, PHARMACY,
        parameters);
    // The client parameter's profile fixes its system: the NHS number's is refused there.
    assertRefused(refused, "Parameters.parameter[3].value.ofType(Identifier).system");

    Parameters asCode = NspResources.toParameters(Examples.fullVisit(PHARMACY));
    asCode.getParameter("client").setValue(new Identifier()
        .setSystem(HarmReductionCodes.CLIENT_CODE).setValue(NHS));
    assertRefused(post(NspResources.OPERATION, Role.PHARMACY, PHARMACY, asCode),
        "Parameters.parameter[3].valueIdentifier.value");
    assertEquals(before, count("SELECT COUNT(*) FROM nsp_transaction"));
  }

  @Test
  void aNameIsRefusedAndNothingStored() throws Exception {
    long before = count("SELECT COUNT(*) FROM nsp_transaction");
    Parameters parameters = NspResources.toParameters(Examples.packsOnly(PHARMACY));
    Patient patient = new Patient();
    patient.addName().setFamily("Smith").addGiven("Alex");
    parameters.addParameter().setName("client-details").setResource(patient);
    // No parameter of that name in the definition (the profile's slices are closed).
    assertRefused(post(NspResources.OPERATION, Role.PHARMACY, PHARMACY, parameters),
        "Parameters.parameter[6]");

    Parameters supply = NaloxoneResources.toParameters(Examples.firstSupply(PHARMACY));
    supply.addParameter().setName("recipient-details").setResource(patient);
    long supplies = count("SELECT COUNT(*) FROM naloxone_supply");
    assertRefused(post(NaloxoneResources.OPERATION, Role.PHARMACY, PHARMACY, supply),
        "Parameters.parameter[10]");
    assertEquals(before, count("SELECT COUNT(*) FROM nsp_transaction"));
    assertEquals(supplies, count("SELECT COUNT(*) FROM naloxone_supply"));
  }

  private static void assertRefused(HttpResponse<String> refused, String expression) {
    assertEquals(422, refused.statusCode(), refused.body());
    assertFalse(refused.body().contains(NHS) || refused.body().contains("943 476")
        || refused.body().contains("Smith"), refused.body());
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
        refused.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome));
    assertEquals(List.of(expression), outcome.getIssue().stream()
        .map(i -> i.getExpression().get(0).getValue()).toList());
  }

  @Test
  void aReplacementAfterUseRecordsExactlyOneUsedEvent() throws Exception {
    NaloxoneSupply supply = Examples.replacementAfterUse(PHARMACY);
    HttpResponse<String> created = naloxone(supply);
    assertEquals(201, created.statusCode(), created.body());
    Parameters answer = answer(created);
    assertTrue(((BooleanType) answer.getParameter("naloxone-used").getValue()).booleanValue());
    assertEquals(1, record(answer).stream().filter(Observation.class::isInstance)
        .map(Observation.class::cast).filter(o -> o.getCode().getCodingFirstRep().getCode()
            .equals(HarmReductionCodes.NALOXONE_USED)).count());
    assertEquals(1, answer.getParameter().stream().filter(p -> p.getName().equals("prompt"))
        .count(), "no ambulance was called: advise 999");

    HttpResponse<String> repeat = naloxone(supply);
    assertEquals(200, repeat.statusCode(), repeat.body());
    assertEquals(created.body(), repeat.body());
    assertEquals(1, count("SELECT COUNT(*) FROM naloxone_supply WHERE id = ? AND naloxone_used",
        supply.id()));
    assertEquals(2, count("SELECT kits FROM naloxone_supply WHERE id = ?", supply.id()));
  }

  @Test
  void aFirstSupplyRecordsNoUsedEventAndPromptsAboutTraining() throws Exception {
    NaloxoneSupply supply = Examples.firstSupply(PHARMACY);
    HttpResponse<String> created = naloxone(supply);
    assertEquals(201, created.statusCode(), created.body());
    Parameters answer = answer(created);
    assertFalse(((BooleanType) answer.getParameter("naloxone-used").getValue()).booleanValue());
    assertEquals("thn-first-supply-training", answer.getParameter("prompt").getPart().get(0)
        .getValue().primitiveValue());
    assertEquals(0, count("SELECT COUNT(*) FROM naloxone_supply WHERE id = ? AND naloxone_used",
        supply.id()));
  }

  @Test
  void onlyPharmaciesRecordAndOnlyTheirOwnEvents() throws Exception {
    long visits = count("SELECT COUNT(*) FROM nsp_transaction");
    long supplies = count("SELECT COUNT(*) FROM naloxone_supply");
    for (Role role : List.of(Role.GP, Role.PROVIDER, Role.COMMISSIONER)) {
      assertEquals(403, post(NspResources.OPERATION, role, PHARMACY,
          NspResources.toParameters(Examples.fullVisit(PHARMACY))).statusCode(), role.claim());
      assertEquals(403, post(NaloxoneResources.OPERATION, role, PHARMACY,
          NaloxoneResources.toParameters(Examples.firstSupply(PHARMACY))).statusCode());
    }
    HttpResponse<String> another = post(NspResources.OPERATION, Role.PHARMACY, "FB999",
        NspResources.toParameters(Examples.fullVisit(PHARMACY)));
    assertEquals(422, another.statusCode(), another.body());
    assertTrue(another.body().contains("Parameters.parameter[1]"), another.body());
    assertEquals(visits, count("SELECT COUNT(*) FROM nsp_transaction"));
    assertEquals(supplies, count("SELECT COUNT(*) FROM naloxone_supply"));

    NspTransaction ours = Examples.packsOnly(PHARMACY);
    assertEquals(201, nsp(ours).statusCode());
    NspTransaction theirs = new NspTransaction(ours.id(), "FB999", ours.at(), ours.client(),
        ours.level(), ours.items(), ours.returns(), ours.substances(), ours.advice(),
        ours.offers());
    HttpResponse<String> taken = post(NspResources.OPERATION, Role.PHARMACY, "FB999",
        NspResources.toParameters(theirs));
    assertEquals(409, taken.statusCode(), "another pharmacy's id: " + taken.body());
    assertEquals(1, count("SELECT COUNT(*) FROM nsp_transaction WHERE id = ? AND pharmacy = ?",
        ours.id(), PHARMACY));
  }

  @Test
  void everyRequestIsAuditedWithoutAPatient() throws Exception {
    NspTransaction visit = Examples.packsOnly(PHARMACY);
    nsp(visit);
    nsp(visit);
    post(NspResources.OPERATION, Role.GP, "A81001", NspResources.toParameters(visit));
    List<String> rows = new ArrayList<>();
    try (Connection db = SERVER.connect(); PreparedStatement query = db.prepareStatement(
        "SELECT caller_role, action, operation, patient, outcome FROM audit_event"
            + " WHERE entity = ? OR (caller_role = 'gp' AND operation LIKE '%nsp%')"
            + " ORDER BY id")) {
      query.setString(1, "nsp-transaction/" + visit.id());
      try (ResultSet row = query.executeQuery()) {
        while (row.next()) {
          rows.add(row.getString(1) + " " + row.getString(2) + " " + row.getString(3) + " "
              + row.getString(4) + " " + row.getInt(5));
        }
      }
    }
    assertTrue(rows.containsAll(List.of(
        "pharmacy E POST $nsp-transaction null 201",
        "pharmacy E POST $nsp-transaction null 200",
        "gp E POST $nsp-transaction null 403")), rows.toString());
  }

  @Test
  void theCapabilityStatementListsBothOperations() throws Exception {
    HttpResponse<String> metadata = HTTP.send(HttpRequest.newBuilder(
        URI.create(SERVER.base() + "/metadata")).build(), HttpResponse.BodyHandlers.ofString());
    CapabilityStatement statement = FHIR.newJsonParser().parseResource(
        CapabilityStatement.class, metadata.body());
    List<String> operations = statement.getRestFirstRep().getOperation().stream()
        .map(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getName)
        .toList();
    assertTrue(operations.containsAll(List.of("nsp-transaction", "naloxone-supply")),
        operations.toString());
  }

  private static long count(String sql, String... arguments) throws Exception {
    return SERVER.count(sql, arguments);
  }

}
