package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;

/**
 * The provider inbox over HTTP, as staff and an attacker use it: signing in at a real OpenID
 * Connect provider ({@link StaffIdentityProvider}), seeing only their own service's referrals,
 * accepting and declining through the same Task rules as the FHIR API, and every refusal: a
 * foreign referral (by URL guessing), a form without its CSRF token, an ended session, a
 * sign-in this browser did not begin, an account without the role or a service.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxTest {

  /** Where the fixture's alcohol referral goes, and who takes it on when it is declined. */
  private static final String PHOENIX = "phoenix-futures";
  private static final String OPEN_ROAD_SPOC = "open-road-single-point-of-contact";

  private final MovingClock clock = new MovingClock(Instant.now());

  private StaffIdentityProvider idp;
  private TestHub hub;
  private String root;

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    idp = new StaffIdentityProvider();
    hub = TestHub.start(ServerSettings.builder(ServerOptions.defaults(data).toBuilder()
            .staffSignIn(idp.settings(data, "idle-minutes = 15\nuserinfo = on\n")).build())
        .clock(clock).staffClientSecret(StaffIdentityProvider.SECRET).build());
    root = hub.base().toString().replaceFirst("/fhir$", "");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      hub.close();
    } finally {
      idp.close();
    }
  }

  private String refer(String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return tasks(id).get(0).getIdPart();
  }

  private List<Task> tasks(String referral) throws Exception {
    return hub.read("Task?focus=ServiceRequest/" + referral, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).toList();
  }

  private StaffBrowser signedIn(String subject, Object organisation) throws Exception {
    StaffBrowser browser = new StaffBrowser(root);
    idp.next(subject, "Sam " + subject, organisation, List.of(StaffIdentityProvider.ROLE));
    HttpResponse<String> landed = browser.signIn();
    StaffBrowser.ok(landed);
    assertTrue(landed.uri().getPath().equals("/inbox"), landed.uri().toString());
    assertTrue(browser.page.contains("Signed in as Sam " + subject), browser.page);
    return browser;
  }

  @Test
  void onlyTheInboxPagesWithPatientDataLeaveAnAuditRow() throws Exception {
    StaffBrowser staff = signedIn("audit-1", PHOENIX); // lands on the list of referrals
    StaffBrowser.ok(staff.get("/inbox/capacity"));
    StaffBrowser.ok(staff.get("/inbox"));

    // the list shows referrals, the capacity form none: the rule is the method's, although the
    // two share the inbox's path
    assertEquals(2, hub.count("SELECT COUNT(*) FROM audit_event WHERE caller = ?"
        + " AND operation = 'GET inbox'", "audit-1"));
    assertEquals(0, hub.count("SELECT COUNT(*) FROM audit_event WHERE caller = ?"
        + " AND operation LIKE '%capacity%'", "audit-1"));
  }

  @Test
  void staffAcceptAndDeclineAndTheDeclinedReferralReachesTheNextService() throws Exception {
    String accepted = refer("I-accept");
    String declined = refer("I-decline");
    StaffBrowser phoenix = signedIn("phoenix-1", PHOENIX);
    assertTrue(phoenix.page.contains("/inbox/referrals/" + accepted), "listed");
    assertTrue(phoenix.page.contains("/inbox/referrals/" + declined), "listed");

    StaffBrowser.ok(phoenix.get("/inbox/referrals/" + accepted));
    assertTrue(phoenix.page.contains(Referrals.NHS_NUMBER.substring(0, 3)), "the story");
    StaffBrowser.ok(phoenix.post("/inbox/referrals/" + accepted + "/accept", Map.of()));
    assertTrue(phoenix.page.contains("You accepted this referral"), phoenix.page);
    Task seen = hub.read("Task/" + accepted, Role.GP, Referrals.PRACTICE, Task.class);
    assertEquals(Task.TaskStatus.ACCEPTED, seen.getStatus(), "the GP's Task shows it");
    assertEquals(List.of(), ServerValidator.get().errors(seen));

    StaffBrowser.ok(phoenix.get("/inbox/referrals/" + declined));
    StaffBrowser.ok(phoenix.post("/inbox/referrals/" + declined + "/decline", Map.of(
        "reason", "no-capacity", "details", "waiting list closed this month")));
    Task rejected = hub.read("Task/" + declined, Role.GP, Referrals.PRACTICE, Task.class);
    assertEquals(Task.TaskStatus.REJECTED, rejected.getStatus());
    assertEquals("No capacity: waiting list closed this month",
        rejected.getStatusReason().getText());
    String onward = tasks(rejected.getFocus().getReferenceElement().getIdPart()).stream()
        .filter(t -> !t.getIdPart().equals(declined)).findFirst().orElseThrow().getIdPart();

    StaffBrowser openRoad = signedIn("spoc-1", OPEN_ROAD_SPOC);
    assertTrue(openRoad.page.contains("/inbox/referrals/" + onward),
        "in the next service's inbox");
    StaffBrowser.ok(openRoad.get("/inbox/referrals/" + onward));
    assertTrue(openRoad.page.contains("No capacity"), "why it came");

    // the declined and accepted ones are in the lists of their status, not the new one
    StaffBrowser.ok(phoenix.get("/inbox"));
    assertFalse(phoenix.page.contains("/inbox/referrals/" + accepted));
    StaffBrowser.ok(phoenix.get("/inbox?status=accepted"));
    assertTrue(phoenix.page.contains("/inbox/referrals/" + accepted));
    assertEquals(1, hub.count("SELECT COUNT(*) FROM audit_event WHERE caller = ? AND entity = ?"
        + " AND operation LIKE 'POST inbox/referrals/%/accept' AND outcome < 400",
        "phoenix-1", "Task/" + accepted), "the change audited with who made it");
    assertTrue(hub.count("SELECT COUNT(*) FROM audit_event WHERE caller = ? AND entity = ?"
        + " AND operation LIKE 'GET inbox/referrals/%'", "spoc-1", "Task/" + onward) >= 1,
        "the view audited with who saw it");
  }

  @Test
  void staffNeverSeeOrChangeAnotherServicesReferralsByGuessingUrls() throws Exception {
    String phoenixTask = refer("I-guess");
    StaffBrowser spoc = signedIn("spoc-2", OPEN_ROAD_SPOC);
    assertFalse(spoc.page.contains(phoenixTask));
    assertEquals(404, spoc.get("/inbox/referrals/" + phoenixTask).statusCode());
    assertFalse(spoc.page.contains(Referrals.NHS_NUMBER));
    HttpResponse<String> change = spoc.send("/inbox/referrals/" + phoenixTask + "/accept",
        Map.of("csrf", spoc.csrf(), "version", "1"));
    assertEquals(404, change.statusCode());
    assertEquals(404, spoc.get("/inbox?after=" + phoenixTask).statusCode());
    assertEquals(404, spoc.get("/inbox/referrals/no-such-task").statusCode());
    assertEquals(Task.TaskStatus.REQUESTED, hub.read("Task/" + phoenixTask, Role.GP,
        Referrals.PRACTICE, Task.class).getStatus(), "nothing changed");
  }

  @Test
  void aFormWithoutItsTokenOrFromAnEndedSessionChangesNothing() throws Exception {
    String task = refer("I-csrf");
    StaffBrowser phoenix = signedIn("phoenix-2", PHOENIX);
    StaffBrowser.ok(phoenix.get("/inbox/referrals/" + task));
    assertEquals(403, phoenix.send("/inbox/referrals/" + task + "/accept",
        Map.of("version", "1")).statusCode(), "no token");
    assertEquals(403, phoenix.send("/inbox/referrals/" + task + "/accept",
        Map.of("version", "1", "csrf", "x".repeat(43))).statusCode(), "a wrong token");
    StaffBrowser stranger = signedIn("phoenix-3", PHOENIX);
    assertEquals(403, stranger.send("/inbox/referrals/" + task + "/accept",
        Map.of("version", "1", "csrf", phoenix.csrf())).statusCode(),
        "another session's token");
    assertEquals(Task.TaskStatus.REQUESTED, hub.read("Task/" + task, Role.GP,
        Referrals.PRACTICE, Task.class).getStatus());

    // unused for longer than the idle time: the session has ended
    String csrf = phoenix.csrf();
    clock.forward(Duration.ofMinutes(16));
    try {
      assertEquals(401, phoenix.send("/inbox/referrals/" + task + "/accept",
          Map.of("version", "1", "csrf", csrf)).statusCode());
      assertEquals(401, phoenix.get("/inbox/referrals/" + task).statusCode());
      assertFalse(phoenix.page.contains(Referrals.NHS_NUMBER));
    } finally {
      clock.back(Duration.ofMinutes(16));
    }
    assertEquals(Task.TaskStatus.REQUESTED, hub.read("Task/" + task, Role.GP,
        Referrals.PRACTICE, Task.class).getStatus());
  }

  @Test
  void signingOutEndsTheSessionEvenForACopiedCookie() throws Exception {
    StaffBrowser phoenix = signedIn("phoenix-4", PHOENIX);
    String stolen = phoenix.session();
    StaffBrowser.ok(phoenix.post("/inbox/sign-out", Map.of()));
    assertTrue(phoenix.page.contains("You have signed out"));
    StaffBrowser thief = new StaffBrowser(root);
    thief.cookies.getCookieStore().add(java.net.URI.create(root), cookie(stolen));
    StaffBrowser.ok(thief.get("/inbox"));
    assertTrue(thief.page.contains("Sign in to the provider inbox"), thief.page);
  }

  private static java.net.HttpCookie cookie(String value) {
    java.net.HttpCookie cookie = new java.net.HttpCookie(InboxPages.SESSION, value);
    cookie.setPath("/inbox");
    return cookie;
  }

  @Test
  void aSignInThisBrowserDidNotBeginIsRefused() throws Exception {
    StaffBrowser browser = new StaffBrowser(root);
    assertEquals(400, browser.get("/inbox/signed-in?code=stolen&state=guessed").statusCode());
    assertEquals(400, browser.get("/inbox/signed-in?error=access_denied").statusCode());
    StaffBrowser.ok(browser.get("/inbox"));
    assertTrue(browser.page.contains("Sign in to the provider inbox"));
  }

  @Test
  void anAccountWithoutTheRoleOrAServiceCannotSignIn() throws Exception {
    StaffBrowser noRole = new StaffBrowser(root);
    idp.next("visitor", "Val Visitor", PHOENIX, List.of("something-else"));
    assertEquals(403, noRole.signIn().statusCode());
    assertTrue(noRole.page.contains("does not have a role"), noRole.page);

    StaffBrowser noService = new StaffBrowser(root);
    idp.next("elsewhere", "Eve Elsewhere", "X99999", List.of(StaffIdentityProvider.ROLE));
    assertEquals(403, noService.signIn().statusCode());
    assertTrue(noService.page.contains("not linked to a service"), noService.page);

    StaffBrowser two = new StaffBrowser(root);
    idp.next("two", "Tam Two", List.of(PHOENIX, OPEN_ROAD_SPOC),
        List.of(StaffIdentityProvider.ROLE));
    assertEquals(403, two.signIn().statusCode());
    assertEquals(401, noRole.get("/inbox/referrals/x").statusCode(), "no session came of it");
  }

  @Test
  void aDeclineWithoutAReasonIsAskedAgainAndChangesNothing() throws Exception {
    String task = refer("I-reason");
    StaffBrowser phoenix = signedIn("phoenix-5", PHOENIX);
    StaffBrowser.ok(phoenix.get("/inbox/referrals/" + task));
    HttpResponse<String> asked = phoenix.post("/inbox/referrals/" + task + "/decline",
        Map.of());
    assertEquals(422, asked.statusCode());
    assertTrue(phoenix.page.contains("Select why you are declining the referral"));
    assertEquals(422, phoenix.post("/inbox/referrals/" + task + "/decline",
        Map.of("reason", "other")).statusCode(), "other needs words");
    assertEquals(422, phoenix.post("/inbox/referrals/" + task + "/decline",
        Map.of("reason", "<script>")).statusCode());
    assertFalse(phoenix.page.contains("<script>"));
    assertEquals(Task.TaskStatus.REQUESTED, hub.read("Task/" + task, Role.GP,
        Referrals.PRACTICE, Task.class).getStatus());

    // a stale version: someone else accepted it meanwhile
    String version = phoenix.first(java.util.regex.Pattern.compile(
        "name=\"version\" value=\"([^\"]+)\"")).orElseThrow();
    StaffBrowser.ok(phoenix.post("/inbox/referrals/" + task + "/accept", Map.of()));
    assertEquals(409, phoenix.send("/inbox/referrals/" + task + "/decline", Map.of("csrf",
        phoenix.csrf(), "version", version, "reason", "no-capacity")).statusCode());
    assertEquals(Task.TaskStatus.ACCEPTED, hub.read("Task/" + task, Role.GP,
        Referrals.PRACTICE, Task.class).getStatus());
  }

  @Test
  void staffSetTheirServicesCapacityAndTheMapShowsItButNeverAnotherServices() throws Exception {
    StaffBrowser spoc = signedIn("spoc-cap", OPEN_ROAD_SPOC);
    StaffBrowser.ok(spoc.get("/inbox/capacity"));
    assertTrue(spoc.page.contains("/inbox/capacity/" + OPEN_ROAD_SPOC));
    assertFalse(spoc.page.contains("/inbox/capacity/" + PHOENIX + "-alcohol"), "theirs only");
    StaffBrowser.ok(spoc.get("/inbox/capacity/" + OPEN_ROAD_SPOC));
    assertEquals(422, spoc.post("/inbox/capacity/" + OPEN_ROAD_SPOC, Map.of("status",
        "waiting-list", "weeks", "53")).statusCode());
    assertTrue(spoc.page.contains("a whole number from 1 to 52"));
    assertEquals(422, spoc.post("/inbox/capacity/" + OPEN_ROAD_SPOC, Map.of()).statusCode());
    assertEquals(403, spoc.send("/inbox/capacity/" + OPEN_ROAD_SPOC, Map.of("status",
        "paused")).statusCode(), "no token");
    assertEquals(404, spoc.post("/inbox/capacity/" + PHOENIX + "-alcohol", Map.of("status",
        "paused")).statusCode(), "another organisation's service");
    StaffBrowser.ok(spoc.post("/inbox/capacity/" + OPEN_ROAD_SPOC, Map.of("status",
        "waiting-list", "weeks", "6")));
    assertTrue(spoc.page.contains("Waiting list of 6 weeks"), spoc.page);
    StaffBrowser map = new StaffBrowser(root);
    StaffBrowser.ok(map.get("/map"));
    assertTrue(map.page.contains("waiting list of 6 weeks"), "the map shows it");
    assertFalse(map.page.contains("Phoenix Futures adult alcohol service</h3>")
        && map.page.contains("paused"), "Phoenix was never paused");
    StaffBrowser.ok(spoc.post("/inbox/capacity/" + OPEN_ROAD_SPOC, Map.of("status",
        "accepting")));
    assertEquals(2, hub.count("SELECT COUNT(*) FROM audit_event WHERE caller = ?"
        + " AND entity = ?", "spoc-cap", "HealthcareService/" + OPEN_ROAD_SPOC),
        "both changes audited with who made them");
  }

  @Test
  void aReferralWaitingPastItsServicesWorkingDaysIsMarkedOverdue() throws Exception {
    String task = refer("I-overdue");
    StaffBrowser phoenix = signedIn("phoenix-6", PHOENIX);
    StaffBrowser.ok(phoenix.get("/inbox/referrals/" + task));
    assertTrue(phoenix.page.contains("Accept or decline by"), phoenix.page);
    assertFalse(phoenix.page.contains("(overdue)"));
    clock.forward(Duration.ofDays(10)); // past three working days, whatever the day of the week
    try {
      StaffBrowser later = signedIn("phoenix-7", PHOENIX);
      assertTrue(later.page.contains("Overdue"), "marked in the list");
      StaffBrowser.ok(later.get("/inbox/referrals/" + task));
      assertTrue(later.page.contains("(overdue)"), later.page);
    } finally {
      clock.back(Duration.ofDays(10));
    }
  }
}
