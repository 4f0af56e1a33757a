package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.hub.PublicReferral;
import org.recoverylink.server.hub.Tasks;

/**
 * The public pages over HTTP against a running server (docs/front-door.md), without a browser
 * (the browser's own test is {@code FrontDoorBrowserIT}): every persona's referral goes where
 * {@code $route} sends the same facts and is in that provider's worklist with the person's
 * answers; someone else's referral without their agreement stores nothing; the forms' token,
 * honeypot, bounds and rate; the headers; unknown paths; the self-check carried into a referral.
 */
class PublicPagesTest {

  private static final Pattern REFERENCE = Pattern.compile("RL-[0-9A-Z]{4}-[0-9A-Z]{4}");
  private static final String PRACTICE = "A81001";

  @TempDir
  static Path dir;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(ServerOptions.defaults(dir.resolve("data")).toBuilder()
        .pageRate(100_000).build());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static FormClient person() {
    return new FormClient(FormClient.root(hub.base()));
  }

  /** Fills in the referral as this persona; the last page (confirmation or family support). */
  static FormClient.Page walk(FormClient client, Personas p) throws Exception {
    return walk(client, p, Optional.empty());
  }

  /**
   * Fills in the referral as {@link #walk(FormClient, Personas)} does; a persona without a
   * postcode chooses {@code district} (sent as its ONS code), or "I do not know" when empty.
   */
  static FormClient.Page walk(FormClient client, Personas p, Optional<District> district)
      throws Exception {
    return walk(client, p, district, false);
  }

  /** As {@link #walk(FormClient, Personas, Optional)}, saying whether a message may be left. */
  static FormClient.Page walk(FormClient client, Personas p, Optional<District> district,
      boolean leaveMessage) throws Exception {
    client.get("/refer/who");
    FormClient.Page page = client.next("/refer/who", "who", p.who());
    if (p.who().equals("other")) {
      FormClient.Page asked = client.post("/refer/agreement", "agreement",
          p.agrees() ? "yes" : "no");
      assertEquals(303, asked.status());
      page = client.get(URI.create(asked.location()).getPath());
      if (!p.agrees()) {
        return page;
      }
    }
    if (p.who().equals("other")) {
      client.next("/refer/referrer", "referrer-name", "Sam Carer", "relationship", "sister",
          "referrer-contact", "07700 900111");
    } else if (p.who().equals("agency")) {
      client.next("/refer/referrer", "referrer-name", "Alex Officer", "agency", p.agency(),
          "organisation", "Essex " + p.agency(), "role", "Officer",
          "referrer-contact", "alex@example.org");
    }
    client.next("/refer/person", "given-name", p.givenName(), "family-name", p.familyName(),
        "birth-day", String.valueOf(p.birthDate().getDayOfMonth()),
        "birth-month", String.valueOf(p.birthDate().getMonthValue()),
        "birth-year", String.valueOf(p.birthDate().getYear()), "postcode", p.postcode(),
        "district", district.map(District::code).orElse(p.postcode().isEmpty() ? "unknown"
            : ""), "nhs-number", p.nhsNumber());
    List<String> substances = new ArrayList<>();
    p.substances().forEach(s -> substances.addAll(List.of("substances", s)));
    client.next("/refer/substances", substances.toArray(String[]::new));
    List<String> circumstances = new ArrayList<>();
    p.circumstances().forEach(c -> circumstances.addAll(List.of("circumstances", c)));
    circumstances.addAll(List.of("story", "I want to " + p.givenName().toLowerCase()
        + " <b>stop</b>"));
    client.next("/refer/circumstances", circumstances.toArray(String[]::new));
    FormClient.Page safety = client.next("/refer/safety", "urgent", p.urgent() ? "yes" : "no");
    if (p.urgent()) {
      assertTrue(safety.body().contains("call 999"), "urgent help shown first");
      client.get("/refer/contact");
    }
    List<String> contact = new ArrayList<>();
    p.channels().forEach(c -> contact.addAll(List.of("channels", c)));
    contact.addAll(List.of("phone", "07700 900982", "email", p.channels().contains("email")
        ? "person@example.org" : "", "leave-message", leaveMessage ? "yes" : "no"));
    client.next("/refer/contact", contact.toArray(String[]::new));
    FormClient.Page check = client.next("/refer/consent", "consent", "yes");
    if (p.postcode().isEmpty()) {
      assertTrue(FormClient.text(check.body()).contains("District " + district.map(
          District::name).orElse("Not known, or outside Essex") + " Change district"),
          "check your answers shows the district, to change: " + FormClient.text(check.body()));
    } else {
      assertTrue(check.body().contains(p.postcode()), "check your answers shows the postcode");
    }
    return client.next("/refer/check");
  }

  /** What $route answers for the same facts: the primary service's id. */
  static String routed(TestHub hub, Personas p) throws Exception {
    return routed(hub, p, Optional.empty());
  }

  /** What $route answers for the same facts, told the district (by name) and no postcode. */
  static String routed(TestHub hub, Personas p, Optional<District> district) throws Exception {
    Parameters in = new Parameters();
    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType(p.birthDate().getYear(),
        p.birthDate().getMonthValue() - 1, p.birthDate().getDayOfMonth()));
    if (!p.postcode().isEmpty()) {
      patient.addAddress().setPostalCode(p.postcode());
    }
    district.ifPresent(d -> in.addParameter().setName("district").setValue(
        new StringType(d.name())));
    in.addParameter().setName("patient").setResource(patient);
    for (String s : p.substances()) {
      in.addParameter().setName("substance").setValue(new Coding(CodeSystems.SUBSTANCE, s,
          null));
    }
    for (String c : p.routedCircumstances()) {
      in.addParameter().setName("circumstance").setValue(new Coding(CodeSystems.CIRCUMSTANCE,
          c, null));
    }
    in.addParameter().setName("referral-source").setValue(new Coding(
        CodeSystems.REFERRAL_SOURCE, p.referralSource(), null));
    if (p.urgent()) {
      Bundle assessment = new Bundle().setType(Bundle.BundleType.COLLECTION);
      Flag flag = new Flag().setStatus(Flag.FlagStatus.ACTIVE).setCode(new CodeableConcept(
          new Coding(CodeSystems.FLAG, "urgent-risk", null)))
          .setSubject(new Reference().setDisplay("the person referred"));
      assessment.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.randomUUID())
          .setResource(flag);
      in.addParameter().setName("assessment").setResource(assessment);
    }
    var response = hub.send("POST", "ServiceRequest/$route", Role.GP, PRACTICE, in);
    assertEquals(200, response.statusCode(), response.body());
    Parameters out = TestHub.FHIR.newJsonParser().parseResource(Parameters.class,
        response.body());
    return out.getParameter().stream().filter(s -> s.getName().equals("service"))
        .filter(s -> s.getPart().stream().anyMatch(part -> part.getName().equals("role")
            && part.getValue().primitiveValue().equals("primary")))
        .map(s -> ((Reference) s.getPart().stream().filter(part -> part.getName()
            .equals("healthcareService")).findFirst().orElseThrow().getValue()).getReference())
        .findFirst().orElseThrow().substring("HealthcareService/".length());
  }

  @Test
  void everyPersonaGoesWhereRouteSendsThemAndWaitsInThatWorklist() throws Exception {
    int referred = 0;
    long before = hub.count("SELECT COUNT(*) FROM referral WHERE requester = ?",
        PublicReferral.ORGANISATION);
    long audited = hub.count("SELECT COUNT(*) FROM audit_event WHERE operation ="
        + " 'POST refer/check' AND outcome = 201 AND entity LIKE 'ServiceRequest/%'");
    for (Personas p : Personas.all()) {
      FormClient.Page last = walk(person(), p);
      if (p.who().equals("other") && !p.agrees()) {
        assertTrue(last.body().contains("Support for you as a family member or friend"),
            p.name() + ": " + FormClient.text(last.body()));
        continue;
      }
      referred++;
      assertEquals(200, last.status(), p.name());
      Matcher reference = REFERENCE.matcher(last.body());
      assertTrue(reference.find(), p.name() + ": no reference on " + FormClient.text(
          last.body()));
      Service expected = EssexDirectory.directory().service(routed(hub, p)).orElseThrow();
      assertTrue(FormClient.text(last.body()).contains("We have sent the referral to "
          + expected.name()), p.name() + " sent elsewhere than $route's " + expected.name()
          + ": " + FormClient.text(last.body()));

      String owner = Tasks.owner(expected);
      Bundle found = hub.read("ServiceRequest?identifier=" + PublicReferral.REFERENCE_SYSTEM
          + "%7C" + reference.group(), Role.PROVIDER, owner, Bundle.class);
      assertEquals(1, found.getEntry().size(), p.name());
      ServiceRequest referral = (ServiceRequest) found.getEntryFirstRep().getResource();
      assertEquals("HealthcareService/" + expected.id(),
          referral.getPerformerFirstRep().getReference(), p.name());
      Patient person = contained(referral, Patient.class);
      assertEquals(p.familyName(), person.getNameFirstRep().getFamily());
      assertEquals(p.postcode().isEmpty() ? null : p.postcode(),
          person.hasAddress() ? person.getAddressFirstRep().getPostalCode() : null, p.name());
      assertEquals(p.urgent() ? ServiceRequest.ServiceRequestPriority.URGENT
          : ServiceRequest.ServiceRequestPriority.ROUTINE, referral.getPriority(), p.name());
      List<String> notes = referral.getNote().stream().map(Annotation::getText).toList();
      assertTrue(notes.contains("In their words: I want to " + p.givenName().toLowerCase()
          + " <b>stop</b>"), p.name() + ": " + notes);
      assertEquals(p.substances(), referral.getReasonCode().stream()
          .map(c -> c.getCodingFirstRep().getCode()).toList());

      Bundle worklist = hub.read("Task?owner=Organization/" + owner
          + "&status=requested&focus=ServiceRequest/" + referral.getIdPart(), Role.PROVIDER,
          owner, Bundle.class);
      assertEquals(1, worklist.getEntry().size(), p.name() + " not in the worklist");
      Task task = (Task) worklist.getEntryFirstRep().getResource();
      assertEquals(PublicReferral.ORGANISATION, task.getRequester().getIdentifier().getValue());
      // as the package's profiles say, with or without an NHS number
      assertEquals(List.of(), ServerValidator.get().errors(referral), p.name());
      assertEquals(List.of(), ServerValidator.get().errors(task), p.name());
      assertEquals(1, hub.count("SELECT COUNT(*) FROM referral WHERE id = ? AND source = ?",
          referral.getIdPart(), p.referralSource()), p.name() + ": the referral source is"
          + " recorded");
      if (p.who().equals("agency")) {
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("Agency: ")), p.name() + ": the"
            + " agency's kind is in the notes: " + notes);
      }
    }
    assertEquals(Personas.all().size() - 2, referred);
    assertEquals(before + referred, hub.count("SELECT COUNT(*) FROM referral WHERE requester"
        + " = ?", PublicReferral.ORGANISATION), "someone else's referral without agreement stores"
        + " nothing");
    assertEquals(audited + referred, hub.count("SELECT COUNT(*) FROM audit_event WHERE"
        + " operation = 'POST refer/check' AND outcome = 201 AND entity LIKE"
        + " 'ServiceRequest/%'"),
        "every referral sent is audited");
  }

  /** A persona who gives no postcode, placed by the district chosen instead. */
  private static Personas placed(String name, String who, String agency, String substance,
      List<String> circumstances) {
    String[] names = name.split(" ");
    return new Personas(name, who, agency, true, names[0], names[1], LocalDate.of(1984, 3, 15),
        "", "", List.of(substance), circumstances, false, List.of("call"));
  }

  @Test
  void aPersonPlacedByTheirDistrictGoesWhereRouteSendsThatDistrict() throws Exception {
    var geography = EssexDirectory.directory().geography();
    Map<Personas, Optional<District>> placed = new LinkedHashMap<>();
    placed.put(placed("Rae Tendring", "self", "", "alcohol", List.of()),
        geography.district("Tendring"));
    placed.put(placed("Sol Basildon", "agency", "police", "cocaine",
        List.of("criminal-justice")), geography.district("Basildon"));
    placed.put(placed("Tia Uttlesford", "other", "", "opioids", List.of("injecting")),
        geography.district("Uttlesford"));
    placed.put(placed("Uma Harlow", "self", "", "cannabis", List.of()),
        geography.district("Harlow"));
    placed.put(placed("Vic Southend", "self", "", "alcohol", List.of()),
        geography.district("Southend-on-Sea"));
    placed.put(placed("Wyn Nowhere", "self", "", "alcohol", List.of()), Optional.empty());
    Set<String> destinations = new HashSet<>();
    for (Map.Entry<Personas, Optional<District>> entry : placed.entrySet()) {
      Personas p = entry.getKey();
      Optional<District> district = entry.getValue();
      assertTrue(district.isPresent() || p.name().equals("Wyn Nowhere"), p.name()
          + ": the directory knows the district");
      FormClient.Page last = walk(person(), p, district);
      assertEquals(200, last.status(), p.name());
      Matcher reference = REFERENCE.matcher(last.body());
      assertTrue(reference.find(), p.name() + ": " + FormClient.text(last.body()));
      Service expected = EssexDirectory.directory().service(routed(hub, p, district))
          .orElseThrow();
      destinations.add(expected.id());
      assertTrue(FormClient.text(last.body()).contains("We have sent the referral to "
          + expected.name()), p.name() + " sent elsewhere than $route's " + expected.name()
          + ": " + FormClient.text(last.body()));
      String owner = Tasks.owner(expected);
      Bundle found = hub.read("ServiceRequest?identifier=" + PublicReferral.REFERENCE_SYSTEM
          + "%7C" + reference.group(), Role.PROVIDER, owner, Bundle.class);
      assertEquals(1, found.getEntry().size(), p.name());
      ServiceRequest referral = (ServiceRequest) found.getEntryFirstRep().getResource();
      Patient person = contained(referral, Patient.class);
      assertEquals(district.map(District::name).orElse(null),
          person.hasAddress() ? person.getAddressFirstRep().getDistrict() : null, p.name());
      assertFalse(person.getAddressFirstRep().hasPostalCode(), p.name());
      assertEquals(List.of(), ServerValidator.get().errors(referral), p.name());
      // kept with the routing facts, so that a re-route places the person in the same district
      assertEquals(district.isPresent() ? 1 : 0, hub.count("SELECT COUNT(*) FROM"
          + " referral_routing WHERE referral = ? AND district = ?", referral.getIdPart(),
          district.map(District::name).orElse("")), p.name());
    }
    assertTrue(destinations.size() >= 3, "the districts lead to different services: "
        + destinations);
  }

  @Test
  void neitherPostcodeNorDistrictIsAnErrorAndAPostcodeWinsOverADistrict() throws Exception {
    FormClient client = person();
    client.get("/refer/who");
    client.next("/refer/who", "who", "self");
    String[] person = {"given-name", "Xan", "family-name", "Doe", "birth-day", "1",
        "birth-month", "2", "birth-year", "1970", "nhs-number", ""};
    FormClient.Page neither = client.post("/refer/person", person);
    assertEquals(400, neither.status());
    assertTrue(FormClient.text(neither.body()).contains("There is a problem Enter your"
        + " postcode, or choose the district if you do not know it"),
        FormClient.text(neither.body()));
    assertTrue(neither.body().contains("href=\"#postcode\""), "the summary links the field");

    List<String> bad = new ArrayList<>(List.of(person));
    bad.addAll(List.of("postcode", "", "district", "E99999999"));
    FormClient.Page unknown = client.post("/refer/person", bad.toArray(String[]::new));
    assertEquals(400, unknown.status());
    assertTrue(FormClient.text(unknown.body()).contains("Select only the choices shown"),
        FormClient.text(unknown.body()));

    District colchester = EssexDirectory.directory().geography().district("Colchester")
        .orElseThrow();
    List<String> both = new ArrayList<>(List.of(person));
    both.addAll(List.of("postcode", "CM1 1AA", "district", colchester.code()));
    client.next("/refer/person", both.toArray(String[]::new));
    FormClient.Page again = client.get("/refer/person");
    assertFalse(again.body().contains("value=\"" + colchester.code() + "\" checked"),
        "a postcode given, the district is forgotten");
  }

  private static <T extends Resource> T contained(ServiceRequest referral, Class<T> type) {
    return referral.getContained().stream().filter(type::isInstance).map(type::cast)
        .findFirst().orElseThrow();
  }

  @Test
  void theSelfCheckCarriesItsResultIntoTheReferral() throws Exception {
    FormClient client = person();
    assertTrue(client.get("/self-check/start").body().contains("/self-check/q1"));
    FormClient.Page page = client.get("/self-check/q1");
    List<String> heaviest = List.of("4-or-more-times-a-week", "10-or-more",
        "daily-or-almost-daily", "daily-or-almost-daily", "daily-or-almost-daily",
        "daily-or-almost-daily", "daily-or-almost-daily", "daily-or-almost-daily",
        "yes-in-last-year", "yes-in-last-year");
    for (int n = 1; n <= 10; n++) {
      page = client.next("/self-check/q" + n, "audit-" + n, heaviest.get(n - 1));
    }
    String result = FormClient.text(page.body());
    assertTrue(result.contains("You scored 40 out of 40"), result);
    assertTrue(result.contains("Do not stop drinking suddenly"), result);
    assertTrue(result.contains("14 units a week"), result);
    hub.writeCounts(); // none held either
    assertEquals(0, hub.count("SELECT COUNT(*) FROM screening"), "the self-check stores"
        + " nothing");

    FormClient.Page person = client.next("/self-check/refer");
    assertTrue(person.body().contains("About you"), FormClient.text(person.body()));
    client.next("/refer/person", "given-name", "Gus", "family-name", "Selfcheck",
        "birth-day", "1", "birth-month", "2", "birth-year", "1970", "postcode", "CM1 1AA",
        "nhs-number", "943 476 5919");
    FormClient.Page substances = client.get("/refer/substances");
    assertTrue(substances.body().contains("value=\"alcohol\" checked"), "alcohol carried in");
    client.next("/refer/substances", "substances", "alcohol");
    client.next("/refer/circumstances");
    client.next("/refer/safety", "urgent", "no");
    client.next("/refer/contact", "channels", "text", "phone", "07700 900333",
        "leave-message", "yes");
    FormClient.Page check = client.next("/refer/consent", "consent", "yes");
    assertTrue(FormClient.text(check.body()).contains("Possible dependence (40)"));
    FormClient.Page done = client.next("/refer/check");
    Matcher reference = REFERENCE.matcher(done.body());
    assertTrue(reference.find());
    assertEquals(1, hub.count("SELECT COUNT(*) FROM referral WHERE patient = '9434765919'"),
        "the NHS number given is kept");
    assertEquals(1, hub.count("SELECT COUNT(*) FROM referral_code WHERE kind = 'flag' AND"
        + " code = 'possible-alcohol-dependence'"), "the self-check's finding goes with it");
  }

  @Test
  void aFormIsTakenOnlyWithItsJourneysTokenAndAnEmptyHoneypot() throws Exception {
    FormClient client = person();
    client.get("/refer/who");
    FormClient.Page forged = client.postRaw("/refer/who", List.of("csrf", "forged", "who",
        "self"));
    assertEquals(403, forged.status());
    FormClient.Page untokened = client.postRaw("/refer/who", List.of("who", "self"));
    assertEquals(403, untokened.status());
    FormClient.Page bot = client.post("/refer/who", "who", "self", "website", "http://spam");
    assertEquals(400, bot.status());
    FormClient.Page stranger = person().postRaw("/refer/who", List.of("csrf", client.csrf(),
        "who", "self"));
    assertEquals(400, stranger.status(), "another client's token without the journey");
    assertTrue(stranger.body().contains("Your answers have been deleted"));
    FormClient.Page flooded = client.post("/refer/who", "who", "self", "x",
        "y".repeat(5_000));
    assertEquals(400, flooded.status());
  }

  @Test
  void noQuestionCanBeSkippedNorHalfAnswered() throws Exception {
    FormClient client = person();
    FormClient.Page early = client.get("/refer/check");
    assertEquals(303, early.status());
    assertEquals("/refer/who", URI.create(early.location()).getPath());
    client.get("/refer/who");
    client.next("/refer/who", "who", "agency");
    FormClient.Page half = client.post("/refer/referrer", "referrer-name", "Alex",
        "referrer-contact", "alex@example.org");
    assertEquals(400, half.status(), "the agency, organisation and role are missing");
    FormClient.Page skipped = client.get("/refer/person");
    assertEquals("/refer/referrer", URI.create(skipped.location()).getPath());
    FormClient.Page sent = client.post("/refer/check");
    assertEquals(303, sent.status());
    assertEquals("/refer/referrer", URI.create(sent.location()).getPath(),
        "nothing is referred before every question is answered");
  }

  @Test
  void answersTooLongOrWrongAreShownWithAnErrorSummaryNeverCut() throws Exception {
    FormClient client = person();
    client.get("/refer/who");
    FormClient.Page empty = client.post("/refer/who");
    assertEquals(400, empty.status());
    assertTrue(empty.body().contains("There is a problem"));
    assertTrue(empty.body().contains("href=\"#who-0\""), "the summary links to the field");
    assertTrue(empty.body().contains("<title>Error: "));
    client.next("/refer/who", "who", "self");
    FormClient.Page wrong = client.post("/refer/person", "given-name", "A".repeat(101),
        "family-name", "<script>alert(1)</script>", "birth-day", "31", "birth-month", "2",
        "birth-year", "1990", "postcode", "NOT A CODE", "nhs-number", "943 476 5918");
    assertEquals(400, wrong.status());
    String text = FormClient.text(wrong.body());
    assertTrue(text.contains("Must be 100 characters or fewer"), text);
    assertTrue(text.contains("Date of birth must be a real date"), text);
    assertTrue(text.contains("Enter a real postcode"), text);
    assertTrue(text.contains("Enter a valid NHS number"), text);
    assertFalse(wrong.body().contains("<script>alert"), "answers are escaped");
    assertTrue(wrong.body().contains("value=\"&lt;script>alert(1)&lt;/script>\""),
        "kept, as text, for correcting");
  }

  @Test
  void everyPageHasTheStrictPolicyAndTheCookieOnlyTheJourneysId() throws Exception {
    FormClient client = person();
    for (String path : List.of("/", "/self-check/start", "/refer/who", "/privacy", "/nope")) {
      FormClient.Page page = client.get(path);
      assertEquals("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
          + " frame-ancestors 'none'; base-uri 'none'", page.response().headers()
          .firstValue("Content-Security-Policy").orElse(""), path);
      assertEquals("no-store", page.response().headers().firstValue("Cache-Control")
          .orElse(""), path);
      assertTrue(page.body().contains("Exit this page"), path);
      assertTrue(page.body().contains("href=\"#maincontent\""), path);
      assertFalse(page.body().contains("<script"), path);
      assertFalse(page.body().contains("http://") || page.body().replace(
          "https://www.bbc.co.uk/weather", "").replace("https://www.nhs.uk/", "")
          .contains("src=\"https:"), path + " loads nothing from elsewhere");
    }
    FormClient fresh = person();
    FormClient.Page started = fresh.get("/refer/who");
    String cookie = started.response().headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cookie.matches("rl-journey=[A-Za-z0-9_-]{43};.*"), cookie);
    assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
    FormClient.Page next = fresh.post("/refer/who", "who", "self");
    assertEquals("/refer/person", URI.create(next.location()).getPath());
    assertEquals(null, URI.create(next.location()).getQuery(), "no answers in URLs");
  }

  @Test
  void unknownPathsAnswerAPageAndFhirPathsAnOutcome() throws Exception {
    FormClient client = person();
    FormClient.Page root = client.get("/");
    assertEquals(200, root.status());
    assertTrue(FormClient.text(root.body()).contains("call 999"));
    assertTrue(FormClient.text(root.body()).contains("NHS 111 and choose option 2"));
    assertTrue(FormClient.text(root.body()).contains("116 123"));
    FormClient.Page unknown = client.get("/no/such/page");
    assertEquals(404, unknown.status());
    assertTrue(unknown.response().headers().firstValue("Content-Type").orElse("")
        .startsWith("text/html"));
    assertTrue(unknown.body().contains("Page not found"));
    FormClient.Page slash = client.get("/map/");
    assertEquals(308, slash.status());
    assertEquals("/map", URI.create(slash.location()).getPath());
    FormClient.Page map = client.get("/map");
    assertEquals(200, map.status());
    assertFalse(map.body().contains("seeds/"), "the map cites no internal notes");
    FormClient.Page fhir = client.get("/fhir/NoSuchType");
    assertEquals(404, fhir.status());
    assertTrue(fhir.response().headers().firstValue("Content-Type").orElse("")
        .startsWith("application/fhir+json"));
    FormClient.Page noToken = client.get("/fhir/Task");
    assertEquals(401, noToken.status(), "the FHIR API still needs a token");
  }

  @Test
  void aClientOverThePageRateGetsAPageSayingWhenToTryAgain() throws Exception {
    try (TestHub slow = TestHub.start(ServerOptions.defaults(dir.resolve("slow")).toBuilder()
        .pageRate(3).build())) {
      FormClient client = new FormClient(FormClient.root(slow.base()));
      for (int i = 0; i < 3; i++) {
        assertEquals(200, client.get("/").status());
      }
      FormClient.Page limited = client.get("/refer/who");
      assertEquals(429, limited.status());
      assertTrue(limited.body().contains("Too many requests"));
      assertTrue(limited.response().headers().firstValue("Content-Type").orElse("")
          .startsWith("text/html"));
      assertTrue(limited.response().headers().firstValue("Content-Security-Policy")
          .orElse("").startsWith("default-src 'none';"), "the busy page keeps the policy");
      long retry = Long.parseLong(limited.response().headers().firstValue("Retry-After")
          .orElseThrow());
      assertTrue(retry >= 1 && retry <= 60, "Retry-After " + retry);
    }
  }

  @Test
  void aGpReferralStillNeedsTheNhsNumber() throws Exception {
    // A GP's referral complete but for the person's NHS number, which the profile leaves to
    // the intake rules (a self-referral may come without one).
    ServiceRequest referral = Referrals.referral("R-no-nhs-number");
    referral.getContained().stream().filter(Patient.class::isInstance)
        .forEach(patient -> ((Patient) patient).getIdentifier().clear());
    var refused = hub.send("POST", "ServiceRequest", Role.GP, PRACTICE, referral);
    assertEquals(422, refused.statusCode());
    assertTrue(refused.body().contains("NHS number is required"), refused.body());
  }
}
