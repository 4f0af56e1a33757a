package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.inbox.SignInSettings;

/**
 * The provider inbox in a real browser (the inbox issue's acceptance test): the server jar,
 * headless Chromium with JavaScript off, driven by the keyboard ({@link Cdp}), and a real OpenID
 * Connect provider ({@link StaffIdentityProvider}). Staff of a service without an endpoint sign
 * in, see a GP's referrals made through the API and a person's made through the front door,
 * accept one, decline another for "no capacity" and, signed in as the next eligible service,
 * find it there; the GP's Task shows each outcome, and the GP's own FHIR endpoint hears each
 * change once, as a BaRS status message. axe-core finds no WCAG 2.2 A or AA violation
 * on any inbox page, empty, with errors or done; screenshots are kept in {@code target/inbox/}.
 */
class InboxBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("recoverylink.chromium",
      "/usr/bin/chromium"));
  private static final Path TARGET = Path.of(System.getProperty("recoverylink.server.jar"))
      .getParent();
  private static final String PHOENIX = "phoenix-futures";
  private static final String SPOC = "open-road-single-point-of-contact";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(InboxBrowserIT.class);

  @TempDir
  Path dir;

  private Cdp browser;
  private PageChecks pages;

  @Test
  void staffAcceptDeclineAndTheNextServiceSeesTheDeclinedReferralOnAccessiblePages()
      throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM);
    try (StaffIdentityProvider idp = new StaffIdentityProvider();
        ProviderEndpoint referrer = new ProviderEndpoint().start()) {
      Path data = dir.resolve("data");
      // The GP practice has a FHIR endpoint: it hears each change as a BaRS status message.
      Path hearBack = Files.writeString(dir.resolve("hear-back.properties"), "referrer."
          + Referrals.PRACTICE + "=" + referrer.address() + "\n");
      HubProcesses.Hub hub = hubs.start("inbox", Map.of(SignInSettings.SECRET,
          StaffIdentityProvider.SECRET, HearBackSettings.FILE, hearBack.toString()), List.of("--data", data.toString(), "--staff-sign-in",
          idp.settings(dir, "").toString(), "--page-rate", "100000"));
      String root = hub.base().replaceFirst("/fhir$", "");
      String gp = DevelopmentIssuer.in(data).token(Role.GP, Referrals.PRACTICE,
          Duration.ofMinutes(30), hub.base());
      String accepted = refer(hub.base(), gp, "B-accept");
      String declined = refer(hub.base(), gp, "B-decline");
      Personas amy = Personas.all().get(0); // refers herself for alcohol, in Colchester
      FormClient.Page confirmation = PublicPagesTest.walk(new FormClient(URI.create(root)),
          amy);
      assertTrue(confirmation.body().contains("Phoenix Futures"), confirmation.body());

      try (Cdp cdp = Cdp.launch(CHROMIUM, dir.resolve("profile"), TARGET.resolve(
          "inbox-chromium.log"))) {
        browser = cdp;
        pages = new PageChecks(cdp, TARGET, TARGET.resolve("inbox"));
        pages.control();
        browser.open(root + "/inbox");
        pages.check("sign-in");

        idp.next("phoenix-staff", "Robin Reid", PHOENIX, List.of(StaffIdentityProvider.ROLE));
        browser.follow("main a[href='/inbox/sign-in']");
        assertTrue(browser.url().endsWith("/inbox"), browser.url());
        String list = browser.html();
        assertTrue(list.contains("Signed in as Robin Reid"), list);
        assertTrue(list.contains(accepted) && list.contains(declined), "the API's referrals");
        assertTrue(list.contains(amy.familyName()), "the front door's referral");
        pages.check("new-referrals");

        browser.follow("a[href='/inbox/referrals/" + accepted + "']");
        assertTrue(browser.html().contains(Referrals.NHS_NUMBER.substring(0, 3)));
        pages.check("referral");
        browser.submit("form[action$='/accept'] button");
        assertTrue(browser.html().contains("You accepted this referral"));
        pages.check("accepted");
        assertEquals(Task.TaskStatus.ACCEPTED, task(hub.base(), gp, accepted).getStatus());

        browser.open(root + "/inbox/referrals/" + declined);
        browser.submit("form[action$='/decline'] button");
        assertTrue(browser.html().contains("Select why you are declining the referral"));
        pages.check("decline-error");
        browser.choose("#reason-1"); // no capacity
        browser.type("#details", "Our waiting list is closed this month");
        browser.submit("form[action$='/decline'] button");
        assertTrue(browser.html().contains("You declined this referral"), browser.html());
        pages.check("declined");
        Task rejected = task(hub.base(), gp, declined);
        assertEquals(Task.TaskStatus.REJECTED, rejected.getStatus());
        assertTrue(rejected.getStatusReason().getText().startsWith("No capacity"));

        // the front door's referral: the whole story, then accepted, seen and completed
        browser.open(root + "/inbox");
        String online = referralOf(browser.html(), amy.familyName());
        browser.open(root + "/inbox/referrals/" + online);
        String story = browser.html();
        assertTrue(story.contains("Safe contact") && story.contains("In their words"), story);
        browser.submit("form[action$='/accept'] button");
        browser.submit("form[action$='/first-contact'] button");
        pages.check("first-contact");
        browser.submit("form[action$='/complete'] button");
        assertTrue(browser.html().contains("You marked this referral as complete"));
        browser.open(root + "/inbox?status=accepted");
        pages.check("accepted-list");
        browser.open(root + "/inbox/capacity");
        pages.check("capacity");
        browser.follow("a[href='/inbox/capacity/phoenix-futures-alcohol']");
        browser.choose("#status-1"); // a waiting list, but no weeks
        browser.submit("form button.rl-button");
        assertTrue(browser.html().contains("Enter the waiting list in weeks"));
        pages.check("capacity-error");
        browser.type("#weeks", "4");
        browser.submit("form button.rl-button");
        assertTrue(browser.html().contains("Waiting list of 4 weeks"), browser.html());
        pages.check("capacity-saved");
        browser.open(root + "/inbox/referrals/" + "not-a-referral");
        pages.check("not-found");
        browser.submit("form.rl-signout button");
        assertTrue(browser.html().contains("You have signed out"));
        pages.check("signed-out");

        // the next eligible service finds the declined referral in its own inbox
        String onward = onward(hub.base(), gp, rejected);
        idp.next("spoc-staff", "Sky Shah", SPOC, List.of(StaffIdentityProvider.ROLE));
        browser.follow("main a[href='/inbox/sign-in']");
        assertTrue(browser.html().contains("/inbox/referrals/" + onward), browser.html());
        assertFalse(browser.html().contains("/inbox/referrals/" + accepted),
            "another service's referral");
        browser.follow("a[href='/inbox/referrals/" + onward + "']");
        assertTrue(browser.html().contains("No capacity"));
        pages.check("next-service-referral");
        browser.open(root + "/inbox/referrals/" + accepted);
        assertTrue(browser.html().contains("There is nothing here for your service"),
            "URL guessing");
      }
      // The GP's system heard of the acceptance once, and of the decline.
      List<ProviderEndpoint.Received> told = referrer.awaitDelivered(2, Duration.ofSeconds(60));
      Thread.sleep(3_000); // time for a wrong second telling to arrive, if there were one
      assertEquals(1, about(referrer.received(), accepted), "accepted: told exactly once");
      assertEquals(1, about(referrer.delivered(), declined), "declined: told once");
      assertTrue(told.size() >= 2);
      assertEquals(List.of(), pages.violations(), "axe-core found WCAG 2.2 A/AA violations");
    }
  }

  /** How many messages reached the referrer about this Task (by its identifier). */
  private static long about(List<ProviderEndpoint.Received> messages, String task) {
    return messages.stream().filter(r -> r.message().getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).filter(Task.class::isInstance)
        .map(Task.class::cast).anyMatch(t -> t.getIdentifier().stream()
            .anyMatch(i -> task.equals(i.getValue())))).count();
  }

  private static String referralOf(String list, String familyName) {
    // each row: the link, then the name
    Matcher m = Pattern.compile("href=\"/inbox/referrals/([^\"]+)\">[^<]*" + familyName)
        .matcher(list);
    assertTrue(m.find(), familyName + " is not in the list");
    return m.group(1);
  }

  private static String refer(String base, String token, String identifier) throws Exception {
    HttpResponse<String> created = fhir("POST", base + "/ServiceRequest", token,
        TestHub.FHIR.newJsonParser().encodeResourceToString(Referrals.referral(identifier)));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    HttpResponse<String> tasks = fhir("GET", base + "/Task?focus=ServiceRequest/" + id, token,
        null);
    return TestHub.FHIR.newJsonParser().parseResource(Bundle.class, tasks.body())
        .getEntryFirstRep().getResource().getIdElement().getIdPart();
  }

  private static Task task(String base, String token, String id) throws Exception {
    HttpResponse<String> read = fhir("GET", base + "/Task/" + id, token, null);
    assertEquals(200, read.statusCode(), read.body());
    return TestHub.FHIR.newJsonParser().parseResource(Task.class, read.body());
  }

  private static String onward(String base, String token, Task rejected) throws Exception {
    HttpResponse<String> tasks = fhir("GET", base + "/Task?focus="
        + rejected.getFocus().getReference(), token, null);
    return TestHub.FHIR.newJsonParser().parseResource(Bundle.class, tasks.body()).getEntry()
        .stream().map(e -> e.getResource().getIdElement().getIdPart())
        .filter(id -> !id.equals(rejected.getIdPart())).findFirst().orElseThrow();
  }

  private static HttpResponse<String> fhir(String method, String url, String token,
      String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token).header("Accept", "application/fhir+json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", "application/fhir+json");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
