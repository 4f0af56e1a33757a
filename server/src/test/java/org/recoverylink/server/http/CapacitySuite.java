package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.hub.CapacityService;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.CapacityStore;
import org.recoverylink.server.store.Databases;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * Capacity (docs/http-api.md "Capacity"), set through {@link CapacityService} as the provider
 * inbox will, seen through the real interfaces: $route, a GP's referral, the front door and a
 * re-route never choose a paused service (the single point of contact aside) and prefer an
 * accepting one to a waiting list; the map page and HealthcareService show it; only the
 * service's organisation sets it, every attempt audited; concurrent sets leave one row.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CapacitySuite {

  private static final String PILOT = "ne-essex-medicines-pilot";
  private static final String NORTH = "open-road-north";
  private static final String SPOC = "open-road-single-point-of-contact";
  private static final String MEDICINES = "prescribed-or-otc-medicines";
  private static final Caller OPEN_ROAD = new Caller("staff-1", Role.PROVIDER, "open-road");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TestHub hub;
  private CapacityService capacities;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data).toBuilder().pageRate(100_000)
        .build());
    capacities = hub.server().capacities();
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  @BeforeEach
  void everyoneAccepting() {
    for (String service : List.of(PILOT, NORTH, SPOC)) {
      capacities.set(service, Capacity.accepting(), OPEN_ROAD, new Notes(OPEN_ROAD));
    }
  }

  /** What the inbox's request would note for the audit: the caller, the service, a status. */
  private static final class Notes implements AuditNotes {
    private final Caller caller;
    private Optional<String> entity = Optional.empty();
    private int written;

    Notes(Caller caller) {
      this.caller = caller;
    }

    @Override
    public void patient(String nhsNumber) {
      throw new AssertionError("capacity concerns no patient");
    }

    @Override
    public void entity(String reference) {
      entity = Optional.of(reference);
    }

    @Override
    public AuditTrail.Entry entry(int status) {
      return new AuditTrail.Entry(Instant.now(), Optional.of(new AuditTrail.Who(
          caller.subject(), caller.role().claim(), caller.organisation())), 'U',
          "POST inbox/capacity", entity, Optional.empty(), status);
    }

    @Override
    public void written() {
      written++;
    }
  }

  private Parameters route(String postcode, String substance) throws Exception {
    Patient patient = new Patient();
    patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-05-06"));
    patient.addAddress().setPostalCode(postcode);
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient);
    parameters.addParameter().setName("substance").setValue(
        new org.hl7.fhir.r4.model.CodeType(substance));
    HttpResponse<String> response = hub.send("POST", "ServiceRequest/$route", Role.GP,
        Referrals.PRACTICE, parameters);
    assertEquals(200, response.statusCode(), response.body());
    Parameters answer = TestHub.FHIR.newJsonParser().parseResource(Parameters.class,
        response.body());
    assertEquals(List.of(), ServerValidator.get().errors(answer));
    return answer;
  }

  private static Parameters.ParametersParameterComponent primary(Parameters answer) {
    return answer.getParameter().stream().filter(p -> p.getName().equals("service"))
        .filter(p -> p.getPart().stream().anyMatch(part -> part.getName().equals("role")
            && part.getValue().primitiveValue().equals("primary"))).findFirst().orElseThrow();
  }

  private static String primaryId(Parameters answer) {
    return ((Reference) primary(answer).getPart().get(0).getValue()).getReferenceElement()
        .getIdPart();
  }

  private static List<String> reasons(Parameters.ParametersParameterComponent service) {
    return service.getPart().stream().filter(p -> p.getName().equals("reason"))
        .map(p -> p.getValue().primitiveValue()).toList();
  }

  private static List<String> destinations(Parameters answer) {
    return answer.getParameter().stream().filter(p -> p.getName().equals("service"))
        .map(p -> ((Reference) p.getPart().get(0).getValue()).getReferenceElement()
            .getIdPart()).toList();
  }

  @Test
  void routePrefersAnAcceptingServiceToANearerOneWithAWaitingList() throws Exception {
    assertEquals(PILOT, primaryId(route("CO1 1AA", MEDICINES)), "all accepting: the nearest");

    capacities.set(PILOT, Capacity.waitingList(6), OPEN_ROAD, new Notes(OPEN_ROAD));
    Parameters answer = route("CO1 1AA", MEDICINES);

    assertEquals(NORTH, primaryId(answer));
    assertTrue(reasons(primary(answer)).contains("North East Essex prescribed and"
        + " over-the-counter medicines pilot has a waiting list of 6 weeks, so Open Road North"
        + " Essex (accepting referrals) is chosen: the person is seen sooner"),
        reasons(primary(answer)).toString());

    capacities.set(NORTH, Capacity.waitingList(8), OPEN_ROAD, new Notes(OPEN_ROAD));
    assertEquals(PILOT, primaryId(route("CO1 1AA", MEDICINES)), "the shorter waiting list");
  }

  @Test
  void routeNeverChoosesAPausedServiceButTheSinglePointOfContactStaysTheLastResort()
      throws Exception {
    capacities.set(PILOT, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    Parameters pilotPaused = route("CO1 1AA", MEDICINES);
    assertEquals(NORTH, primaryId(pilotPaused));
    assertFalse(destinations(pilotPaused).contains(PILOT));

    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    capacities.set(SPOC, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    Parameters allPaused = route("CO1 1AA", MEDICINES);

    assertEquals(SPOC, primaryId(allPaused));
    assertFalse(destinations(allPaused).contains(PILOT));
    assertFalse(destinations(allPaused).contains(NORTH));
    List<String> why = reasons(primary(allPaused));
    assertTrue(why.contains("Open Road single point of contact is paused (not taking new"
        + " referrals), but as the single point of contact it is the last resort and is never"
        + " left out"), why.toString());
    assertTrue(why.contains("Open Road North Essex is paused (not taking new referrals), so it"
        + " is left out"), why.toString());
  }

  private static ServiceRequest medicinesReferral(String identifier) {
    ServiceRequest referral = Referrals.referral(identifier);
    referral.getReasonCode().clear();
    referral.addReasonCode(new CodeableConcept(new Coding(CodeSystems.SUBSTANCE, MEDICINES,
        "Prescribed or over-the-counter medicines")));
    ((Patient) referral.getContained().get(0)).getAddressFirstRep().setPostalCode("CO1 1AA");
    return referral;
  }

  private String refer(ServiceRequest referral) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, referral);
    assertEquals(201, created.statusCode(), created.body());
    return TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body())
        .getIdPart();
  }

  private long tasksTo(String referral, String service) throws Exception {
    return hub.count("SELECT COUNT(*) FROM task WHERE referral = ? AND service = ?", referral,
        service);
  }

  @Test
  void aReferralIsNeverRoutedToAPausedServiceNorTakenWhenItNamesOne() throws Exception {
    capacities.set(PILOT, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    String routed = refer(medicinesReferral("C-routed"));
    assertEquals(1, tasksTo(routed, NORTH), "the next eligible service");
    assertEquals(0, tasksTo(routed, PILOT));

    ServiceRequest named = medicinesReferral("C-named");
    named.addPerformer(new Reference("HealthcareService/" + PILOT));
    HttpResponse<String> refused = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, named);
    assertEquals(422, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("is paused: it is not taking new referrals just now"),
        refused.body());
  }

  @Test
  void aReRouteAfterARejectionPassesOverAPausedService() throws Exception {
    String referral = refer(medicinesReferral("C-reroute"));
    assertEquals(1, tasksTo(referral, PILOT));
    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    Task task = hub.read("Task?focus=ServiceRequest/" + referral, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).findFirst()
        .orElseThrow();

    Task change = task.copy().setStatus(Task.TaskStatus.REJECTED);
    change.setStatusReason(new CodeableConcept(new Coding(CodeSystems.REJECTION_REASON,
        "no-capacity", "No capacity")));
    HttpResponse<String> rejected = hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER,
        "open-road", change);

    assertEquals(200, rejected.statusCode(), rejected.body());
    assertEquals(0, tasksTo(referral, NORTH), "paused: passed over");
    assertEquals(1, tasksTo(referral, SPOC), "the last resort takes it on");
  }

  @Test
  void theFrontDoorNeverSendsAPersonToAPausedService() throws Exception {
    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    Personas person = new Personas("Cara Paused", "self", "", true, "Cara", "Paused",
        LocalDate.of(1980, 4, 12), "CO1 1AA", "", List.of("cocaine"), List.of(), false,
        List.of("call"));

    long toNorth = hub.count("SELECT COUNT(*) FROM task WHERE service = ?", NORTH);

    FormClient.Page done = PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())),
        person);

    String text = FormClient.text(done.body());
    assertTrue(text.contains("We have sent the referral to Open Road single point of"
        + " contact"), text);
    assertEquals(toNorth, hub.count("SELECT COUNT(*) FROM task WHERE service = ?", NORTH));
  }

  private HttpResponse<String> map() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(FormClient.root(hub.base()).resolve("/map"))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theMapPageShowsEachServicesCapacityInPlainWords() throws Exception {
    HttpResponse<String> before = map();
    assertEquals(200, before.statusCode());
    assertFalse(before.body().contains("Paused"), "everyone accepting");

    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    capacities.set(PILOT, Capacity.waitingList(6), OPEN_ROAD, new Notes(OPEN_ROAD));
    HttpResponse<String> after = map();

    assertEquals(200, after.statusCode());
    String north = card(after.body(), "Open Road North Essex");
    assertTrue(north.contains("<dt>Taking referrals</dt><dd>Paused: not taking new referrals"
        + " just now. A referral goes to the next service that fits you instead.</dd>"), north);
    String pilot = card(after.body(), "North East Essex prescribed and over-the-counter"
        + " medicines pilot");
    assertTrue(pilot.contains("<dd>Yes, with a waiting list of 6 weeks for a first"
        + " appointment.</dd>"), pilot);
    assertNotEquals(before.headers().firstValue("ETag"), after.headers().firstValue("ETag"),
        "a cache holding the old page revalidates to the new");
  }

  @Test
  void withoutItsCapacitiesTheMapShowsTheLastPageAndNothingIsRoutedBlind() throws Exception {
    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    HttpResponse<String> shown = map();
    assertEquals(200, shown.statusCode());
    try (java.sql.Connection db = hub.connect();
        java.sql.Statement statement = db.createStatement()) {
      db.setAutoCommit(true);
      statement.execute("ALTER TABLE service_capacity RENAME TO service_capacity_away");
      try {
        HttpResponse<String> fallback = map();
        assertEquals(200, fallback.statusCode());
        assertEquals(shown.headers().firstValue("ETag"), fallback.headers().firstValue("ETag"));
        assertTrue(fallback.body().contains("Paused: not taking new referrals just now"));

        Patient patient = new Patient();
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1970-05-06"));
        patient.addAddress().setPostalCode("CO1 1AA");
        Parameters parameters = new Parameters();
        parameters.addParameter().setName("patient").setResource(patient);
        HttpResponse<String> route = hub.send("POST", "ServiceRequest/$route", Role.GP,
            Referrals.PRACTICE, parameters);
        assertNotEquals(200, route.statusCode(), "no decision without the capacities");
      } finally {
        statement.execute("ALTER TABLE service_capacity_away RENAME TO service_capacity");
      }
    }
    assertEquals(Capacity.paused(), capacities.current(NORTH));
  }

  /** The first card of the service with this name. */
  private static String card(String html, String name) {
    int heading = html.indexOf("-name\">" + name + "</h3>");
    assertTrue(heading > 0, name + " has a card");
    return html.substring(heading, html.indexOf("</article>", heading));
  }

  @Test
  void healthcareServiceShowsTheCapacityInBaseElementsAndValidates() throws Exception {
    capacities.set(NORTH, Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD));
    capacities.set(PILOT, Capacity.waitingList(3), OPEN_ROAD, new Notes(OPEN_ROAD));

    HealthcareService north = hub.read("HealthcareService/" + NORTH, Role.GP,
        Referrals.PRACTICE, HealthcareService.class);
    assertEquals(List.of(), ServerValidator.get().errors(north));
    assertTrue(north.getAvailabilityExceptions().startsWith("Capacity: paused (not taking new"
        + " referrals), set on "), north.getAvailabilityExceptions());
    assertEquals("Paused: not taking new referrals",
        north.getNotAvailableFirstRep().getDescription());
    assertTrue(north.getNotAvailableFirstRep().getDuring().hasStart());
    assertTrue(north.getActive(), "still in the directory");

    Bundle all = hub.read("HealthcareService", Role.PHARMACY, "FA123", Bundle.class);
    assertEquals(List.of(), ServerValidator.get().errors(all));
    for (Bundle.BundleEntryComponent entry : all.getEntry()) {
      HealthcareService service = (HealthcareService) entry.getResource();
      String id = service.getIdElement().getIdPart();
      String expected = id.equals(NORTH) ? "Capacity: paused" : id.equals(PILOT)
          ? "Capacity: waiting list of 3 weeks, set on " : "Capacity: accepting referrals";
      assertTrue(service.getAvailabilityExceptions().startsWith(expected),
          id + ": " + service.getAvailabilityExceptions());
      assertEquals(id.equals(NORTH), service.hasNotAvailable(), id);
    }
  }

  private long audited(String org, int outcome) throws Exception {
    return hub.count("SELECT COUNT(*) FROM audit_event WHERE caller_org = ? AND outcome = "
        + outcome + " AND entity = ?", org, "HealthcareService/" + NORTH);
  }

  @Test
  void onlyTheServicesOwnOrganisationSetsItAndEveryAttemptIsAudited() throws Exception {
    Caller phoenix = new Caller("staff-2", Role.PROVIDER, "phoenix-futures");
    Caller gp = new Caller("gp-1", Role.GP, "open-road"); // its organisation, not its staff
    long refusedBefore = audited("phoenix-futures", 403);
    long setBefore = audited("open-road", 200);

    Notes notes = new Notes(phoenix);
    Refused refused = assertThrows(Refused.class, () -> capacities.set(NORTH,
        Capacity.paused(), phoenix, notes));
    assertEquals(Refused.Reason.FORBIDDEN, refused.reason());
    assertEquals(1, notes.written, "the refusal's row is written, once");
    assertEquals(Refused.Reason.FORBIDDEN, assertThrows(Refused.class, () -> capacities.set(
        NORTH, Capacity.paused(), gp, new Notes(gp))).reason());
    assertEquals(Capacity.accepting(), capacities.current(NORTH), "unchanged");
    assertEquals(refusedBefore + 1, audited("phoenix-futures", 403));

    Refused unknown = assertThrows(Refused.class, () -> capacities.set("no-such-service'--",
        Capacity.paused(), OPEN_ROAD, new Notes(OPEN_ROAD)));
    assertEquals(Refused.Reason.NOT_FOUND, unknown.reason());
    assertThrows(Refused.class, () -> capacities.current("no-such-service"));
    assertThrows(IllegalArgumentException.class, () -> Capacity.waitingList(53));

    CapacityStore.Setting set = capacities.set(NORTH, Capacity.waitingList(2), OPEN_ROAD,
        new Notes(OPEN_ROAD));
    assertEquals("staff-1", set.setBy());
    assertEquals("open-road", set.organisation());
    assertEquals(Capacity.waitingList(2), capacities.current(NORTH));
    assertEquals(Optional.of(set), capacities.setting(NORTH));
    assertEquals(setBefore + 1, audited("open-road", 200));
    assertEquals(List.of(NORTH, PILOT), capacities
        .servicesOf(OPEN_ROAD).stream().map(s -> s.id()).filter(Set.of(PILOT, NORTH)::contains)
        .toList());
    assertTrue(capacities.servicesOf(phoenix).stream().noneMatch(s -> s.id().equals(NORTH)));
  }

  @Test
  void concurrentSetsLeaveOneConsistentRow() throws Exception {
    int threads = 6;
    int each = 5;
    long versionBefore = capacities.setting(PILOT).orElseThrow().version();
    long auditedBefore = hub.count("SELECT COUNT(*) FROM audit_event WHERE entity = ?",
        "HealthcareService/" + PILOT);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Capacity> sent = new ArrayList<>();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Capacity capacity = t == 0 ? Capacity.paused() : Capacity.waitingList(t);
        sent.add(capacity);
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            capacities.set(PILOT, capacity, OPEN_ROAD, new Notes(OPEN_ROAD));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    assertEquals(1, hub.count("SELECT COUNT(*) FROM service_capacity WHERE service = ?",
        PILOT));
    CapacityStore.Setting now = capacities.setting(PILOT).orElseThrow();
    assertEquals(versionBefore + threads * each, now.version(), "every set counted");
    assertTrue(sent.contains(now.capacity()), now.toString());
    assertEquals(now.capacity(), capacities.all().capacity(PILOT));
    assertEquals(auditedBefore + threads * each, hub.count("SELECT COUNT(*) FROM audit_event"
        + " WHERE entity = ?", "HealthcareService/" + PILOT), "every set audited");
    Capacities all = capacities.all();
    assertEquals(Capacity.accepting(), all.capacity("stars"), "never set: accepting");
  }
}
