package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.Databases;

/**
 * Referral intake over HTTP (docs/http-api.md "Refer"): routed or named, stored with its Task and
 * audit row, idempotent by identifier, every refusal a 422 listing its problems with nothing
 * stored, and the worklist scoped to the organisations involved. Run on H2 and on PostgreSQL
 * ({@link HubOnH2Test}, {@link HubOnPostgresTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReferralIntakeSuite {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Phoenix Futures has no ODS code in the directory: its token names its directory id. */
  private static final String PHOENIX = "phoenix-futures";

  private TestHub hub;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @Test
  void aReferralWithoutPerformerIsRoutedStoredAndOnTheProvidersWorklist() throws Exception {
    HttpResponse<String> created = post(Referrals.referral("R-routed"), Referrals.PRACTICE);

    assertEquals(201, created.statusCode(), created.body());
    ServiceRequest stored = FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body());
    assertEquals(List.of(), ServerValidator.get().errors(stored));
    assertTrue(created.headers().firstValue("Location").orElseThrow()
        .endsWith("/fhir/ServiceRequest/" + stored.getIdPart()));
    // AUDIT at possible dependence, alcohol, an adult in Basildon: the county alcohol service
    assertEquals("HealthcareService/phoenix-futures-alcohol",
        stored.getPerformerFirstRep().getReference());
    assertEquals(Referrals.referral("x").getContained().size(), stored.getContained().size(),
        "the assessment travels with the referral");

    Bundle mine = search("Task?focus=ServiceRequest/" + stored.getIdPart(), Role.GP,
        Referrals.PRACTICE);
    assertEquals(1, mine.getEntry().size());
    Task task = (Task) mine.getEntryFirstRep().getResource();
    assertEquals(List.of(), ServerValidator.get().errors(task));
    assertEquals(Task.TaskStatus.REQUESTED, task.getStatus());
    assertEquals("worklist", task.getBusinessStatus().getCodingFirstRep().getCode(),
        "no endpoint in the directory: the provider collects it");
    assertEquals("Organization/" + PHOENIX, task.getOwner().getReference());
    assertEquals(Referrals.NHS_NUMBER, task.getFor().getIdentifier().getValue());

    Bundle worklist = search("Task?status=requested", Role.PROVIDER, PHOENIX);
    assertTrue(worklist.getEntry().stream().anyMatch(e -> e.getResource().getIdElement()
        .getIdPart().equals(task.getIdPart())), "on the provider's worklist");
    assertEquals(200, get("ServiceRequest/" + stored.getIdPart(), Role.PROVIDER, PHOENIX)
        .statusCode());
    // Nobody else sees either.
    assertEquals(404, get("Task/" + task.getIdPart(), Role.PROVIDER, "open-road").statusCode());
    assertEquals(404, get("ServiceRequest/" + stored.getIdPart(), Role.GP, "B82005")
        .statusCode());
    assertEquals(0, search("Task?focus=ServiceRequest/" + stored.getIdPart(), Role.GP,
        "B82005").getEntry().size());
    assertEquals(1, count("SELECT COUNT(*) FROM audit_event WHERE entity = ? AND outcome = 201",
        "ServiceRequest/" + stored.getIdPart()), "one audit row, written with the referral");
  }

  @Test
  void theSameIdentifierFromTheSameOrganisationGivesTheSameReferral() throws Exception {
    HttpResponse<String> first = post(Referrals.referral("R-twice"), Referrals.PRACTICE);
    HttpResponse<String> second = post(Referrals.referral("R-twice"), Referrals.PRACTICE);

    assertEquals(201, first.statusCode(), first.body());
    assertEquals(200, second.statusCode(), second.body());
    String id = FHIR.newJsonParser().parseResource(ServiceRequest.class, first.body())
        .getIdPart();
    assertEquals(id, FHIR.newJsonParser().parseResource(ServiceRequest.class, second.body())
        .getIdPart());
    assertEquals(1, count("SELECT COUNT(*) FROM referral WHERE identifier_value = ?",
        "R-twice"));
    Bundle found = search("ServiceRequest?identifier=" + Referrals.IDENTIFIER_SYSTEM + "%7CR-twice",
        Role.GP, Referrals.PRACTICE);
    assertEquals(List.of(id), found.getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart()).toList());
  }

  @Test
  void theIdentifierSearchFindsTheReferralForThoseWhoMayReadItAndNoOneElse() throws Exception {
    HttpResponse<String> created = post(Referrals.referral("R-readers"), Referrals.PRACTICE);
    assertEquals(201, created.statusCode(), created.body());
    String id = FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body())
        .getIdPart();

    assertSearchAsRead(id, Role.GP, Referrals.PRACTICE, true);
    assertSearchAsRead(id, Role.PROVIDER, PHOENIX, true);
    assertSearchAsRead(id, Role.PROVIDER, "open-road", false);
    assertSearchAsRead(id, Role.GP, "B82005", false);

    // Phoenix has no capacity: the referral goes on to the single point of contact.
    Task task = (Task) search("Task?focus=ServiceRequest/" + id, Role.PROVIDER, PHOENIX)
        .getEntryFirstRep().getResource();
    task.setStatus(Task.TaskStatus.REJECTED).setStatusReason(new CodeableConcept(new Coding(
        CodeSystems.REJECTION_REASON, "no-capacity", "No capacity")));
    HttpResponse<String> rejected = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER,
        PHOENIX, task);
    assertEquals(200, rejected.statusCode(), rejected.body());

    assertSearchAsRead(id, Role.PROVIDER, "open-road", true);
    assertSearchAsRead(id, Role.PROVIDER, PHOENIX, true);
    assertSearchAsRead(id, Role.GP, Referrals.PRACTICE, true);
    assertSearchAsRead(id, Role.PROVIDER, "eput", false);
  }

  /**
   * The referral's identifier finds it for a caller exactly when the caller may read it by id;
   * for anyone else the search is empty, not refused, so it says nothing of its existence.
   */
  private void assertSearchAsRead(String id, Role role, String org, boolean mayRead)
      throws Exception {
    Bundle found = search("ServiceRequest?identifier=" + Referrals.IDENTIFIER_SYSTEM
        + "%7CR-readers", role, org);
    assertEquals(mayRead ? List.of(id) : List.of(), found.getEntry().stream()
        .map(e -> e.getResource().getIdElement().getIdPart()).toList(), role + " " + org);
    assertEquals(found.getEntry().size(), found.getTotal());
    assertEquals(mayRead ? 200 : 404, get("ServiceRequest/" + id, role, org).statusCode());
  }

  @Test
  void aNamedEligibleServiceIsKept() throws Exception {
    ServiceRequest referral = Referrals.referral("R-named");
    referral.addPerformer(new Reference("HealthcareService/erf-basildon"));

    HttpResponse<String> created = post(referral, Referrals.PRACTICE);

    assertEquals(201, created.statusCode(), created.body());
    assertEquals("HealthcareService/erf-basildon", FHIR.newJsonParser()
        .parseResource(ServiceRequest.class, created.body()).getPerformerFirstRep()
        .getReference());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("no consent", "ServiceRequest.supportingInfo", r -> {
          r.getContained().removeIf(c -> c.getIdPart().equals("consent"));
          r.getSupportingInfo().removeIf(s -> s.getReference().equals("#consent"));
        }),
        refusal("an invalid NHS number",
            "ServiceRequest.contained.where(id = 'patient').identifier",
            r -> patient(r).getIdentifierFirstRep().setValue("9434765918")),
        refusal("an unknown performer", "ServiceRequest.performer[0]",
            r -> r.addPerformer(new Reference("HealthcareService/nowhere"))),
        refusal("an ineligible performer", "ServiceRequest.performer[0]",
            r -> r.addPerformer(new Reference("HealthcareService/eypdas"))), // up to 24
        refusal("no birth date",
            "ServiceRequest.contained.where(id = 'patient').birthDate",
            r -> patient(r).setBirthDate(null)),
        refusal("another organisation as referrer", "ServiceRequest.requester",
            r -> r.getContained().stream().filter(c -> c.getIdPart().equals("practice"))
                .forEach(c -> ((org.hl7.fhir.r4.model.Organization) c).getIdentifierFirstRep()
                    .setValue("B82005"))),
        refusal("status draft", "ServiceRequest.status",
            r -> r.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)));
  }

  private static Arguments refusal(String name, String expression,
      Consumer<ServiceRequest> spoil) {
    return Arguments.of(name, expression, spoil);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void anInvalidReferralIsRefusedWithItsProblemAndNothingStored(String name, String expression,
      Consumer<ServiceRequest> spoil) throws Exception {
    ServiceRequest referral = Referrals.referral("R-bad-" + name);
    spoil.accept(referral);
    long referrals = count("SELECT COUNT(*) FROM referral");
    long tasks = count("SELECT COUNT(*) FROM task");

    HttpResponse<String> refused = post(referral, Referrals.PRACTICE);

    assertEquals(422, refused.statusCode(), refused.body());
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
        refused.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome));
    assertEquals(List.of(expression), outcome.getIssue().stream()
        .map(i -> i.getExpression().get(0).getValue()).distinct().toList(), refused.body());
    assertEquals(referrals, count("SELECT COUNT(*) FROM referral"));
    assertEquals(tasks, count("SELECT COUNT(*) FROM task"));
  }

  @Test
  void onlyReferrersReferAndEveryProblemIsListed() throws Exception {
    assertEquals(403, post(Referrals.referral("R-provider"), PHOENIX, Role.PROVIDER)
        .statusCode());
    ServiceRequest referral = Referrals.referral("R-many");
    referral.setIntent(ServiceRequest.ServiceRequestIntent.PLAN);
    patient(referral).getIdentifierFirstRep().setValue("123");
    referral.addPerformer(new Reference("HealthcareService/nowhere"));

    HttpResponse<String> refused = post(referral, Referrals.PRACTICE);

    assertEquals(422, refused.statusCode());
    assertEquals(3, FHIR.newJsonParser().parseResource(OperationOutcome.class, refused.body())
        .getIssue().size(), refused.body());
  }

  private static Patient patient(ServiceRequest referral) {
    return (Patient) referral.getContained().stream()
        .filter(c -> c.getIdPart().equals("patient")).findFirst().orElseThrow();
  }

  private HttpResponse<String> post(ServiceRequest referral, String org)
      throws Exception {
    return post(referral, org, Role.GP);
  }

  private HttpResponse<String> post(ServiceRequest referral, String org, Role role)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(hub.base() + "/ServiceRequest"))
        .POST(HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser()
            .encodeResourceToString(referral)))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + hub.token(role, org))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String path, Role role, String org) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(hub.base() + "/" + path))
        .header("Authorization", "Bearer " + hub.token(role, org))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private Bundle search(String path, Role role, String org) throws Exception {
    HttpResponse<String> response = get(path, role, org);
    assertEquals(200, response.statusCode(), response.body());
    return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
  }

  private long count(String sql, String... parameters) throws Exception {
    return hub.count(sql, parameters);
  }

}
