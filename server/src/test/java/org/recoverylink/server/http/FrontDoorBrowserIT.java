package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.PublicReferral;
import org.recoverylink.server.hub.Tasks;

/**
 * The public pages in a real browser (the front door issue's acceptance test): the server jar,
 * headless Chromium (Debian's {@code chromium}) with JavaScript off, driven by the keyboard over
 * the DevTools Protocol ({@link Cdp}). Every persona ({@link Personas}: every Essex district,
 * Southend, Thurrock and outside the area) completes the referral; each goes where
 * {@code $route} sends the same facts and waits in that provider's worklist. axe-core (from the
 * npm registry) finds no WCAG 2.2 A or AA violation on any page, empty, with errors or done, at
 * desktop width and at 320 px; screenshots of each state are kept in {@code target/front-door/}.
 */
class FrontDoorBrowserIT {

  private static final Path CHROMIUM = Path.of(System.getProperty("recoverylink.chromium",
      "/usr/bin/chromium"));
  private static final Path TARGET = Path.of(System.getProperty("recoverylink.server.jar"))
      .getParent();
  private static final Path ARTEFACTS = TARGET.resolve("front-door");
  private static final Pattern REFERENCE = Pattern.compile("RL-[0-9A-Z]{4}-[0-9A-Z]{4}");
  private static final List<String> CIRCUMSTANCES = List.of("pregnant", "injecting",
      "prison-release", "criminal-justice", "no-fixed-abode", "housing-problem",
      "parent-or-carer", "mental-health");
  private static final List<String> AGENCIES = List.of("police", "probation", "fire-service",
      "housing", "social-care", "peer-outreach", "other-agency");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(FrontDoorBrowserIT.class);

  @TempDir
  Path dir;

  private String root;
  private Cdp browser;
  private PageChecks pages;

  @Test
  void everyPersonaCompletesTheJourneyByKeyboardWithoutScriptsAndEveryPageIsAccessible()
      throws Exception {
    assertTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
        + ": bin/test installs Debian's chromium package");
    Path data = dir.resolve("data");
    HubProcesses.Hub hub = hubs.start("front-door", Map.of(), List.of("--data",
        data.toString(), "--page-rate", "100000"));
    root = hub.base().replaceFirst("/fhir$", "");
    String gp = DevelopmentIssuer.in(data).token(Role.GP, "A81001", Duration.ofMinutes(30),
        hub.base());
    Files.createDirectories(ARTEFACTS); // Chromium's log goes there from the start
    try (Cdp cdp = Cdp.launch(CHROMIUM, dir.resolve("profile"), ARTEFACTS.resolve(
        "chromium.log"))) {
      browser = cdp;
      pages = new PageChecks(cdp, TARGET, ARTEFACTS);
      pages.control();
      selfCheck();
      selfCheckBands();
      otherPages(hub);
      int referred = 0;
      for (Personas p : Personas.all()) {
        browser.send("Network.clearBrowserCookies", Map.of());
        boolean checked = p.name().startsWith("Amy") || p.name().startsWith("Finn")
            || p.name().startsWith("Dan") || p.name().startsWith("Gail")
            || p.name().startsWith("Eli") || p.name().startsWith("Gus");
        width(p.name().startsWith("Dan") ? 320 : 1280);
        String done = walk(p, checked);
        if (p.who().equals("other") && !p.agrees()) {
          assertTrue(done.contains("Support for you as a family member or friend"), p.name());
          continue;
        }
        referred++;
        Matcher reference = REFERENCE.matcher(done);
        assertTrue(reference.find(), p.name() + ": no reference");
        Service expected = EssexDirectory.directory().service(routed(hub.base(), gp, p))
            .orElseThrow();
        assertTrue(done.contains("We have sent the referral to " + htmlText(expected.name())),
            p.name() + " was not sent to $route's " + expected.name());
        inWorklist(hub.base(), data, expected, reference.group(), p);
      }
      assertEquals(Personas.all().size() - 2, referred);
    }
    assertEquals(List.of(), pages.violations(), "axe-core found WCAG 2.2 A/AA violations");
  }

  private void width(int pixels) throws Exception {
    pages.width(pixels);
  }

  /** The self-check to the end, checked at each question. */
  private void selfCheck() throws Exception {
    width(1280);
    browser.open(root + "/");
    check("start");
    browser.follow("main a[href='/self-check/start']");
    check("self-check-start");
    browser.follow("main a[href='/self-check/q1']");
    browser.submit("form button.rl-button");
    check("self-check-q1-error");
    for (int n = 1; n <= 10; n++) {
      check("self-check-q" + n);
      browser.choose("#audit-" + n + "-" + (n >= 9 ? 2 : 4));
      browser.submit("form button.rl-button");
    }
    check("self-check-result");
    assertTrue(browser.html().contains("Do not stop drinking suddenly"));
    browser.submit("form button.rl-button"); // refer yourself
    assertTrue(browser.url().endsWith("/refer/person"), browser.url());
  }

  /**
   * The self-check's result in each band but possible dependence ({@link #selfCheck} ends
   * there): each answer's position in its list, by question.
   */
  private void selfCheckBands() throws Exception {
    Map<String, List<Integer>> bands = Map.of(
        "lower-risk", List.of(0, 0, 0),
        "increasing-risk", List.of(2, 2, 2, 1, 1, 0, 0, 0, 0, 0),
        "higher-risk", List.of(3, 3, 3, 1, 1, 1, 1, 1, 1, 0));
    for (Map.Entry<String, List<Integer>> band : bands.entrySet()) {
      browser.send("Network.clearBrowserCookies", Map.of());
      browser.open(root + "/self-check/q1");
      List<Integer> answers = band.getValue();
      for (int n = 1; n <= answers.size(); n++) {
        browser.choose("#audit-" + n + "-" + answers.get(n - 1));
        browser.submit("form button.rl-button");
      }
      assertTrue(browser.url().endsWith("/self-check/result"), band.getKey() + " ended at "
          + browser.url());
      check("self-check-result-" + band.getKey());
    }
  }

  /**
   * The pages off the journey: privacy, a page that is not here, a form sent where there is
   * none (405), and the page of a client over the page rate, from a server whose rate is 2.
   */
  private void otherPages(HubProcesses.Hub hub) throws Exception {
    browser.open(root + "/privacy");
    check("privacy");
    browser.open(root + "/no/such/page");
    assertTrue(browser.html().contains("Page not found"));
    check("not-found");
    browser.open("data:text/html,<!DOCTYPE html><html lang=en><title>post</title><form"
        + " method=post action='" + root + "/nope'><button id=go>Go</button></form></html>");
    browser.submit("#go");
    assertTrue(browser.html().contains("There is no form to send at this address"),
        browser.html());
    check("not-allowed");
    // Room for one journey and four requests a minute (the browser's favicon requests count
    // too): a second visitor is told the service is busy, and soon after a page is too many.
    try (HubProcesses.Hub limited = hubs.start("front-door-limited", Map.of(), List.of(
        "--data", dir.resolve("limited").toString(), "--page-rate", "4", "--journeys", "1"))) {
      String other = limited.base().replaceFirst("/fhir$", "");
      browser.open(other + "/refer/who");
      assertTrue(browser.html().contains("Who are you making a referral for?"), browser.html());
      browser.clearCookies();
      browser.open(other + "/refer/who");
      assertTrue(browser.html().contains("Sorry, the service is busy"), browser.html());
      check("busy");
      for (int i = 0; i < 5 && !browser.html().contains("Too many requests"); i++) {
        browser.open(other + "/");
      }
      assertTrue(browser.html().contains("Too many requests"), browser.html());
      check("too-many-requests");
    }
  }

  /** One persona through the referral by keyboard; the last page's HTML. */
  private String walk(Personas p, boolean checked) throws Exception {
    String as = p.name().split(" ")[0].toLowerCase();
    browser.open(root + "/");
    browser.follow("main a[href='/refer/who']");
    step(checked, as + "-who", true);
    browser.choose("#who-" + List.of("self", "other", "agency").indexOf(p.who()));
    browser.submit("form button.rl-button");
    if (p.who().equals("other")) {
      step(checked, as + "-agreement", true);
      browser.choose("#agreement-" + (p.agrees() ? 0 : 1));
      browser.submit("form button.rl-button");
      if (!p.agrees()) {
        step(checked, as + "-family-support", false);
        return browser.html();
      }
    }
    if (!p.who().equals("self")) {
      step(checked, as + "-referrer", true);
      browser.type("#referrer-name", "Alex Referrer");
      if (p.who().equals("agency")) {
        browser.choose("#agency-" + AGENCIES.indexOf(p.agency()));
        browser.type("#organisation", "Essex " + p.agency());
        browser.type("#role", "Officer");
      } else {
        browser.type("#relationship", "sister");
      }
      browser.type("#referrer-contact", "07700 900111");
      browser.submit("form button.rl-button");
    }
    step(checked, as + "-person", true);
    browser.type("#given-name", p.givenName());
    browser.type("#family-name", p.familyName());
    browser.type("#birth-day", String.valueOf(p.birthDate().getDayOfMonth()));
    browser.type("#birth-month", String.valueOf(p.birthDate().getMonthValue()));
    browser.type("#birth-year", String.valueOf(p.birthDate().getYear()));
    browser.type("#postcode", p.postcode());
    if (p.postcode().isEmpty()) { // the last choice: "I do not know, or outside Essex"
      browser.choose("#district-" + EssexDirectory.directory().geography().districts().size());
    }
    browser.submit("form button.rl-button");
    step(checked, as + "-substances", true);
    for (String substance : p.substances()) {
      browser.choose("#substances-" + Arrays.stream(Substance.values()).map(Substance::code)
          .toList().indexOf(substance));
    }
    browser.submit("form button.rl-button");
    step(checked, as + "-circumstances", false);
    for (String circumstance : p.circumstances()) {
      browser.choose("#circumstances-" + CIRCUMSTANCES.indexOf(circumstance));
    }
    browser.type("#story", "In my own words");
    browser.submit("form button.rl-button");
    step(checked, as + "-safety", true);
    browser.choose("#urgent-" + (p.urgent() ? 0 : 1));
    browser.submit("form button.rl-button");
    if (p.urgent()) {
      step(checked, as + "-urgent-help", false);
      assertTrue(browser.html().contains("call 999"));
      browser.follow("main a[href='/refer/contact']");
    }
    step(checked, as + "-contact", true);
    for (String channel : p.channels()) {
      browser.choose("#channels-" + List.of("call", "text", "email").indexOf(channel));
    }
    browser.type("#phone", "07700 900982");
    if (p.channels().contains("email")) {
      browser.type("#email", "person@example.org");
    }
    browser.choose("#leave-message-1");
    browser.submit("form button.rl-button");
    step(checked, as + "-consent", true);
    browser.choose("#consent-0");
    browser.submit("form button.rl-button");
    step(checked, as + "-check", false);
    browser.submit("form button.rl-button");
    step(checked, as + "-confirmation", false);
    assertTrue(browser.url().endsWith("/refer/confirmation"), browser.url());
    return browser.html();
  }

  /**
   * For a persona whose pages are checked: the page as it is, then (for a form that refuses
   * an empty answer) sent empty, with its errors; axe and a screenshot each time.
   */
  private void step(boolean checked, String name, boolean emptyIsAnError) throws Exception {
    if (!checked) {
      return;
    }
    check(name);
    if (emptyIsAnError) {
      String url = browser.url();
      browser.submit("form button.rl-button");
      assertTrue(browser.html().contains("There is a problem"), name + " took an empty form");
      check(name + "-error");
      browser.open(url);
    }
  }

  private void check(String name) throws Exception {
    pages.check(name);
  }

  /** The primary service $route chooses for the persona's facts. */
  private static String routed(String base, String token, Personas p) throws Exception {
    Parameters in = new Parameters();
    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType(p.birthDate().getYear(),
        p.birthDate().getMonthValue() - 1, p.birthDate().getDayOfMonth()));
    if (!p.postcode().isEmpty()) {
      patient.addAddress().setPostalCode(p.postcode());
    }
    in.addParameter().setName("patient").setResource(patient);
    p.substances().forEach(s -> in.addParameter().setName("substance").setValue(
        new Coding(CodeSystems.SUBSTANCE, s, null)));
    p.routedCircumstances().forEach(c -> in.addParameter().setName("circumstance").setValue(
        new Coding(CodeSystems.CIRCUMSTANCE, c, null)));
    in.addParameter().setName("referral-source").setValue(new Coding(
        CodeSystems.REFERRAL_SOURCE, p.referralSource(), null));
    if (p.urgent()) {
      Bundle assessment = new Bundle().setType(Bundle.BundleType.COLLECTION);
      // as $route's input profile asks: each entry with its fullUrl, the flag with a subject
      assessment.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
          .setResource(new Flag().setStatus(Flag.FlagStatus.ACTIVE)
          .setCode(new CodeableConcept(new Coding(CodeSystems.FLAG, "urgent-risk", null)))
          .setSubject(new Reference().setDisplay("the person")));
      in.addParameter().setName("assessment").setResource(assessment);
    }
    HttpResponse<String> answer = fhir(base + "/ServiceRequest/$route", token,
        TestHub.FHIR.newJsonParser().encodeResourceToString(in));
    assertEquals(200, answer.statusCode(), answer.body());
    Parameters out = TestHub.FHIR.newJsonParser().parseResource(Parameters.class,
        answer.body());
    return out.getParameter().stream().filter(s -> s.getName().equals("service"))
        .filter(s -> s.getPart().stream().anyMatch(part -> part.getName().equals("role")
            && part.getValue().primitiveValue().equals("primary")))
        .map(s -> ((Reference) s.getPart().stream().filter(part -> part.getName()
            .equals("healthcareService")).findFirst().orElseThrow().getValue()).getReference())
        .findFirst().orElseThrow().substring("HealthcareService/".length());
  }

  /** The provider reads the referral with the person's answers, and its Task is waiting. */
  private static void inWorklist(String base, Path data, Service service, String reference,
      Personas p) throws Exception {
    String owner = Tasks.owner(service);
    String token = DevelopmentIssuer.in(data).token(Role.PROVIDER, owner,
        Duration.ofMinutes(5), base);
    HttpResponse<String> found = fhir(base + "/ServiceRequest?identifier="
        + PublicReferral.REFERENCE_SYSTEM + "%7C" + reference, token, null);
    assertEquals(200, found.statusCode(), found.body());
    Bundle bundle = TestHub.FHIR.newJsonParser().parseResource(Bundle.class, found.body());
    assertEquals(1, bundle.getEntry().size(), p.name());
    ServiceRequest referral = (ServiceRequest) bundle.getEntryFirstRep().getResource();
    assertEquals("HealthcareService/" + service.id(), referral.getPerformerFirstRep()
        .getReference());
    Patient person = (Patient) referral.getContained().stream()
        .filter(Patient.class::isInstance).findFirst().orElseThrow();
    assertEquals(p.familyName(), person.getNameFirstRep().getFamily());
    assertTrue(referral.getNote().stream().anyMatch(n -> n.getText().equals(
        "In their words: In my own words")), p.name());
    HttpResponse<String> tasks = fhir(base + "/Task?owner=Organization/" + owner
        + "&status=requested&focus=ServiceRequest/" + referral.getIdPart(), token, null);
    assertEquals(1, TestHub.FHIR.newJsonParser().parseResource(Bundle.class, tasks.body())
        .getEntry().size(), p.name() + " is not in the worklist");
  }

  private static HttpResponse<String> fhir(String url, String token, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/fhir+json");
    if (body != null) {
      request.header("Content-Type", "application/fhir+json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String htmlText(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
