package org.recoverylink.server.web;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.screening.Item;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.server.hub.PublicReferral;
import org.recoverylink.server.hub.ReferralIntakeService;
import org.recoverylink.server.store.StoreException;
import org.recoverylink.server.usecase.AuditNotes;

/**
 * The public pages' use case (docs/front-door.md): answers a GET or a form of the start page,
 * the self-check and the referral with the page to show, or where to go next. A form is taken
 * only with its journey's token and an empty honeypot; a referral is sent through the hub's
 * intake exactly as a GP's is. Thread-safe.
 */
public final class FrontDoor {

  /** The most fields, and the longest value, a form may carry before it is refused whole. */
  static final int MAX_FIELDS = 40;
  static final int MAX_VALUE = 2 * ReferralForm.LONG_TEXT;

  /** What to answer: a page with its status, or a redirect (303) to {@code location}. */
  public record Answer(int status, String html, String location, Optional<Journey> started) {

    static Answer page(int status, String html) {
      return new Answer(status, html, "", Optional.empty());
    }

    static Answer redirect(String location) {
      return new Answer(303, "", location, Optional.empty());
    }

    Answer started(Journey journey) {
      return new Answer(status, html, location, Optional.of(journey));
    }
  }

  private final Pages pages;
  private final Journeys journeys;
  private final SelfCheck selfCheck;
  private final ReferralIntakeService intake;
  private final Directory directory;
  private final TypicalWait typicalWait;
  private final Clock clock;

  public FrontDoor(Pages pages, Journeys journeys, SelfCheck selfCheck,
      ReferralIntakeService intake, Directory directory, TypicalWait typicalWait, Clock clock) {
    this.pages = pages;
    this.journeys = journeys;
    this.selfCheck = selfCheck;
    this.intake = intake;
    this.directory = directory;
    this.typicalWait = typicalWait;
    this.clock = clock;
  }

  /** The start page. */
  public Answer start() {
    return Answer.page(200, pages.message(new View.Message(page("Get help with drinking or"
        + " drugs in Essex"), "Get help with drinking or drugs in Essex", "", "", List.of(
        new View.Section("care", "If you need help now", List.of(
            "If someone's life is at risk, or they are seriously ill or injured, call 999.",
            "For urgent mental health help, call NHS 111 and choose option 2. It is open day"
                + " and night.",
            "Samaritans are there to listen, day or night: call 116 123 for free."), List.of()),
        new View.Section("text", "Check your drinking", List.of("Answer a few questions about"
            + " your drinking to see whether it puts your health at risk. Nothing is kept"
            + " unless you then ask for help."), List.of(new View.Link("/self-check/start",
            "Check your drinking"))),
        new View.Section("text", "Get help from a local service", List.of("Free,"
            + " confidential drug and alcohol services in Essex take referrals from anyone."
            + " We send your referral to the service that fits best."), List.of(
            new View.Link("/refer/who", "Get help for yourself"),
            new View.Link("/refer/who", "Get help for someone else"),
            new View.Link("/refer/who", "Refer someone as a professional"))),
        new View.Section("text", "Treatment services in Essex", List.of("See which services"
            + " there are, who they are for and how referrals reach them."), List.of(
            new View.Link("/map", "The treatment system map")))), List.of())));
  }

  /** A page that is not here. */
  public Answer notFound() {
    return message(404, "Page not found", List.of(new View.Section("text", "", List.of(
        "If you typed the web address, check it is correct.", "If you pasted the web address,"
            + " check you copied the entire address."), List.of(new View.Link("/",
        "Get help with drinking or drugs")))));
  }

  /** A method the page does not take: a form sent where there is none, say. */
  public Answer notAllowed() {
    return message(405, "Sorry, that did not work", List.of(new View.Section("text", "",
        List.of("There is no form to send at this address. Go to the start page and try"
            + " again.", "If you need help now, call NHS 111, or 999 in an emergency."),
        List.of(new View.Link("/", "Get help with drinking or drugs")))));
  }

  /** A form sent as something other than a form. */
  public Answer notAForm() {
    return message(415, "Sorry, that did not work", List.of(new View.Section("text", "",
        List.of("The answers did not arrive as a form from these pages. Go back, reload the"
            + " page and try again."), List.of(new View.Link("/", "Start again")))));
  }

  /** The page for a client over the page rate. */
  public Answer tooMany() {
    return message(429, "Too many requests", List.of(new View.Section("text", "", List.of(
        "There have been too many requests from your connection in the last minute. Wait a"
            + " minute, then try again. Your answers are kept for 30 minutes.",
        "If you need help now, call NHS 111, or 999 in an emergency."), List.of())));
  }

  /** How we use information. */
  public Answer privacy() {
    return message(200, "How we use your information", List.of(new View.Section("text", "",
        List.of("Your answers are kept in the server's memory while you fill in the pages,"
            + " linked to you only by a random cookie, and deleted 30 minutes after you last"
            + " use them.", "The self-check stores nothing. A referral stores your answers"
            + " with the referral, sends them to the one service chosen, and is used for"
            + " nothing else. Every referral sent is recorded in an audit trail.",
            "There is no tracking, no advertising and nothing loaded from other websites."),
        List.of())));
  }

  /** Answers a GET of a journey page; starts a journey if there is none. */
  public Answer get(String path, Optional<String> journeyId) {
    Optional<Journey> found = journeys.find(journeyId.orElse(null));
    if (path.equals("self-check/start")) {
      return message(200, "Check your drinking", List.of(new View.Section("text", "",
          List.of("Answer 3 questions about your drinking in the last year. If your answers"
              + " suggest a risk, 7 more questions follow.", "It takes about 2 minutes. Nothing"
              + " is stored: your answers are deleted after 30 minutes."), List.of(
          new View.Link("/self-check/q1", "Start now")))));
    }
    Journey journey;
    boolean started = false;
    // After a referral is sent only its confirmation is shown; anything else starts afresh.
    if (found.isPresent() && found.get().confirmation().isPresent()
        && !path.equals("refer/confirmation")) {
      found = Optional.empty();
    }
    if (found.isPresent()) {
      journey = found.get();
    } else {
      try {
        journey = journeys.start();
      } catch (Journeys.Full full) {
        return busy();
      }
      started = true;
    }
    Answer answer = getIn(journey, path);
    return started ? answer.started(journey) : answer;
  }

  private Answer getIn(Journey journey, String path) {
    if (path.startsWith("self-check/q")) {
      int n = question(path);
      if (n < 1) {
        return notFound();
      }
      if (answered(journey) < n - 1) {
        return Answer.redirect("/self-check/q" + (answered(journey) + 1));
      }
      return Answer.page(200, pages.form(question(journey, n, "")));
    }
    if (path.equals("self-check/result")) {
      return result(journey);
    }
    if (!path.startsWith("refer/")) {
      return notFound();
    }
    String step = path.substring("refer/".length());
    if (step.equals("confirmation")) {
      return journey.confirmation().map(page -> Answer.page(200, pages.message(page)))
          .orElseGet(() -> Answer.redirect("/refer/who"));
    }
    if (step.equals("family-support")) {
      return familySupport(journey);
    }
    if (step.equals("urgent-help")) {
      return urgentHelp(journey);
    }
    if (!ReferralForm.isStep(step)) {
      return notFound();
    }
    if (!ReferralForm.applies(journey, step)) {
      return Answer.redirect(ReferralForm.BASE + ReferralForm.next(journey, step));
    }
    Optional<String> missing = ReferralForm.missingBefore(journey, step);
    if (missing.isPresent()) {
      return Answer.redirect(ReferralForm.BASE + missing.get());
    }
    if (step.equals("check")) {
      return Answer.page(200, pages.check(check(journey, List.of())));
    }
    return Answer.page(200, pages.form(ReferralForm.form(journey, step, Map.of(),
        directory.geography().districts(), directory.geography().name())));
  }

  /**
   * Answers a form: checks its token and honeypot, then its answers; on to the next page, or
   * the same page with its problems.
   */
  public Answer post(String path, Optional<String> journeyId, Map<String, List<String>> form,
      AuditNotes audit) {
    Optional<Journey> found = journeys.find(journeyId.orElse(null));
    if (found.isEmpty()) {
      return message(400, "Your answers have been deleted", List.of(new View.Section("text",
          "", List.of("We delete answers after 30 minutes without use, to keep them private."
              + " You need to start again."), List.of(new View.Link("/", "Start again")))));
    }
    Journey journey = found.get();
    if (!sameToken(journey.csrf(), ReferralForm.single(form, "csrf"))) {
      return message(403, "We could not accept that form", List.of(new View.Section("text",
          "", List.of("The form did not come from these pages, or is out of date. Go back,"
              + " reload the page and try again."), List.of(new View.Link("/", "Start again")))));
    }
    if (!ReferralForm.single(form, "website").isEmpty() || tooBig(form)) {
      return message(400, "We could not accept that form", List.of(new View.Section("text",
          "", List.of("Go back, check your answers and try again."), List.of())));
    }
    if (path.startsWith("self-check/q")) {
      return answerQuestion(journey, question(path), form);
    }
    if (path.equals("self-check/refer")) {
      return referAfterSelfCheck(journey);
    }
    if (!path.startsWith("refer/")) {
      return notFound();
    }
    String step = path.substring("refer/".length());
    if (step.equals("check")) {
      return submit(journey, audit);
    }
    if (!ReferralForm.isStep(step) || !ReferralForm.applies(journey, step)) {
      return notFound();
    }
    Map<String, String> errors = ReferralForm.accept(journey, step, form, today(),
        directory.geography().districts());
    if (!errors.isEmpty()) {
      return Answer.page(400, pages.form(ReferralForm.form(journey, step, errors,
          directory.geography().districts(), directory.geography().name())));
    }
    if (step.equals("agreement") && journey.answer("agreement").equals("no")) {
      return Answer.redirect("/refer/family-support");
    }
    if (step.equals("safety") && journey.answer("urgent").equals("yes")) {
      return Answer.redirect("/refer/urgent-help");
    }
    return Answer.redirect(ReferralForm.BASE + ReferralForm.next(journey, step));
  }

  // The self-check

  private static int question(String path) {
    try {
      int n = Integer.parseInt(path.substring("self-check/q".length()));
      return n >= 1 && n <= 10 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** How many questions in a row, from the first, are answered. */
  private int answered(Journey journey) {
    int n = 0;
    while (n < 10 && !journey.answer("audit-" + (n + 1)).isEmpty()) {
      n++;
    }
    return n;
  }

  private View.Form question(Journey journey, int n, String error) {
    Item item = selfCheck.questions().get(n - 1);
    String name = "audit-" + n;
    View.Field field = new View.Field(name, "radios", "", n <= 3 ? "One unit is half a pint"
        + " of ordinary beer, a single 25 ml measure of spirits, or half a standard 175 ml"
        + " glass of wine." : "", item.options().stream().map(o -> new View.Choice(o.code(),
            o.text(), "")).toList(), journey.answers(name), error, 0, "", "");
    View.Page page = new View.Page(item.text(), journey.csrf(), n == 1 ? "/self-check/start"
        : "/self-check/q" + (n - 1), error.isEmpty() ? List.of()
        : List.of(new View.Problem(field.anchor(), error)));
    return new View.Form(page, "Question " + n + (n <= 3 && answered(journey) < 4 ? " of 3"
        : " of 10"), item.text(), List.of(), List.of(field), "/self-check/q" + n, "Continue");
  }

  private Answer answerQuestion(Journey journey, int n, Map<String, List<String>> form) {
    if (n < 1 || answered(journey) < n - 1) {
      return notFound();
    }
    Item item = selfCheck.questions().get(n - 1);
    String chosen = ReferralForm.single(form, "audit-" + n);
    if (item.option(chosen).isEmpty()) {
      return Answer.page(400, pages.form(question(journey, n, "Select an answer")));
    }
    journey.put("audit-" + n, chosen);
    if (n == SelfCheck.AUDIT_C_QUESTIONS) {
      // A changed AUDIT-C answer can change whether the rest is asked: ask it again.
      for (int i = 4; i <= 10; i++) {
        journey.remove("audit-" + i);
      }
      return Answer.redirect(score(journey, 3).auditCPositive() ? "/self-check/q4"
          : "/self-check/result");
    }
    return Answer.redirect(n == 10 ? "/self-check/result" : "/self-check/q" + (n + 1));
  }

  private SelfCheck.Result score(Journey journey, int questions) {
    List<String> answers = new ArrayList<>();
    for (int i = 1; i <= questions; i++) {
      answers.add(journey.answer("audit-" + i));
    }
    return selfCheck.score(answers);
  }

  /** The self-check's result: the full AUDIT's when all ten are answered, else AUDIT-C's. */
  private Optional<SelfCheck.Result> result(Journey journey, boolean any) {
    int answered = answered(journey);
    if (answered == 10) {
      return Optional.of(score(journey, 10));
    }
    if (answered >= 3) {
      SelfCheck.Result auditC = score(journey, 3);
      return auditC.auditCPositive() && !any ? Optional.empty() : Optional.of(auditC);
    }
    return Optional.empty();
  }

  private Answer result(Journey journey) {
    Optional<SelfCheck.Result> result = result(journey, false);
    if (result.isEmpty()) {
      return Answer.redirect("/self-check/q" + (answered(journey) + 1));
    }
    List<View.Section> sections = new ArrayList<>(SelfCheck.feedback(result.get()));
    sections.add(new View.Section("text", "", List.of(), List.of(new View.Link("/map",
        "See the drug and alcohol services in Essex"))));
    boolean offer = !result.get().band().equals(
        org.recoverylink.core.screening.Band.LOWER_RISK);
    return Answer.page(200, pages.message(new View.Message(new View.Page("Your result",
        journey.csrf(), "/self-check/q" + answered(journey), List.of()), "Your result", "", "",
        sections, offer ? List.of(new View.Button("/self-check/refer", "Refer yourself for"
            + " help")) : List.of())));
  }

  private Answer referAfterSelfCheck(Journey journey) {
    if (result(journey, true).isEmpty()) {
      return Answer.redirect("/self-check/q1");
    }
    journey.put("who", "self");
    ReferralForm.done(journey, "who", true);
    if (journey.answers("substances").isEmpty()) {
      journey.put("substances", Substance.ALCOHOL.code());
    }
    return Answer.redirect("/refer/person");
  }

  // The referral

  private Answer familySupport(Journey journey) {
    Service first = directory.singlePointOfContact();
    List<String> reach = new ArrayList<>();
    reach.add("We cannot refer someone who has not agreed: services work with people who"
        + " choose to come. But you can get support yourself, as a family member, partner or"
        + " friend affected by someone's drinking or drug use.");
    reach.add(first.name() + " is the place to start: it offers support to family members and"
        + " carers, and can tell you about local groups."
        + first.contact().phone().map(p -> " Phone " + p + ".").orElse(""));
    reach.add("When the person is ready, they can refer themselves on these pages, or you can"
        + " refer them with their agreement.");
    return Answer.page(200, pages.message(new View.Message(new View.Page("Support for family"
        + " and friends", journey.csrf(), "/refer/agreement", List.of()), "Support for you as"
        + " a family member or friend", "", "", List.of(new View.Section("text", "", reach,
            List.of(new View.Link("/map", "Find local services, including support for"
                + " families"), new View.Link("/self-check/start", "The drinking self-check"
                + " to share with them")))), List.of())));
  }

  private Answer urgentHelp(Journey journey) {
    return Answer.page(200, pages.message(new View.Message(new View.Page("Get help now",
        journey.csrf(), "/refer/safety", List.of()), "Get help now", "", "", List.of(
        new View.Section("care", "Do not wait for the referral", List.of(
            "If someone's life is at risk now, or they have seriously harmed themselves, call"
                + " 999 or go to A&E.",
            "For urgent mental health help, call NHS 111 and choose option 2, day or night.",
            "Samaritans: call 116 123 for free, day or night.",
            "If someone has stopped drinking suddenly and is shaking, sweating, confused or"
                + " seeing things, call NHS 111 or 999."), List.of()),
        new View.Section("text", "", List.of("We will mark the referral as urgent so the"
            + " service sees it first."), List.of(new View.Link("/refer/contact",
            "Continue with the referral")))), List.of())));
  }

  private View.Check check(Journey journey, List<View.Problem> errors) {
    List<View.Row> rows = new ArrayList<>();
    String who = ReferralForm.who(journey);
    rows.add(new View.Row("Referral for", switch (who) {
      case "self" -> "Myself";
      case "other" -> "Someone else, who agrees";
      default -> "As a professional";
    }, "/refer/who", "who the referral is for"));
    if (!who.equals("self")) {
      rows.add(new View.Row("Referred by", journey.answer("referrer-name")
          + (who.equals("agency") ? ", " + journey.answer("role") + ", "
              + journey.answer("organisation") : ", " + journey.answer("relationship"))
          + " (" + journey.answer("referrer-contact") + ")", "/refer/referrer",
          "who is referring"));
    }
    rows.add(new View.Row("Name", journey.answer("given-name") + " "
        + journey.answer("family-name"), "/refer/person", "name"));
    rows.add(new View.Row("Date of birth", ReferralForm.birthDate(journey).format(
        java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.UK)),
        "/refer/person", "date of birth"));
    if (!journey.answer("postcode").isEmpty()) {
      rows.add(new View.Row("Postcode", journey.answer("postcode"), "/refer/person",
          "postcode"));
    } else {
      rows.add(new View.Row("District", district(journey).map(District::name).orElse(
          "Not known, or outside " + directory.geography().name()), "/refer/person",
          "district"));
    }
    rows.add(new View.Row("NHS number", journey.answer("nhs-number").isEmpty() ? "Not given"
        : journey.answer("nhs-number"), "/refer/person", "NHS number"));
    rows.add(new View.Row("Help with", substances(journey).stream().map(Substance::display)
        .collect(Collectors.joining(", ")), "/refer/substances", "what help is for"));
    rows.add(new View.Row("Circumstances", journey.answers("circumstances").isEmpty()
        ? "None given" : journey.answers("circumstances").stream().map(FrontDoor::describe)
        .collect(Collectors.joining(", ")), "/refer/circumstances", "circumstances"));
    if (!journey.answer("story").isEmpty()) {
      rows.add(new View.Row("Anything else", journey.answer("story"), "/refer/circumstances",
          "anything else"));
    }
    rows.add(new View.Row("At risk of harm now", journey.answer("urgent").equals("yes")
        ? "Yes: the referral will be marked urgent" : "No", "/refer/safety", "risk of harm"));
    rows.add(new View.Row("Safe ways to contact", journey.answers("channels").isEmpty()
        ? "None" : String.join(", ", journey.answers("channels")), "/refer/contact",
        "safe ways to contact"));
    if (!journey.answer("phone").isEmpty()) {
      rows.add(new View.Row("Phone", journey.answer("phone"), "/refer/contact", "phone"));
    }
    if (!journey.answer("email").isEmpty()) {
      rows.add(new View.Row("Email", journey.answer("email"), "/refer/contact", "email"));
    }
    rows.add(new View.Row("Safe times", journey.answer("safe-times").isEmpty() ? "Any"
        : journey.answer("safe-times"), "/refer/contact", "safe times"));
    rows.add(new View.Row("Leave a message", journey.answer("leave-message").equals("yes")
        ? "Yes" : "No", "/refer/contact", "whether to leave a message"));
    result(journey, true).ifPresent(r -> rows.add(new View.Row("Self-check", r.band()
        .display() + " (" + r.total() + ")", "", "")));
    return new View.Check(new View.Page("Check your answers", journey.csrf(), "/refer/consent",
        errors), rows, "By sending this referral you confirm the answers are right to the best"
        + " of your knowledge" + (who.equals("self") ? "." : ", and that the person agreed to"
        + " it."), "/refer/check");
  }

  private static String describe(String code) {
    return code.equals("mental-health") ? "Worries about mental health"
        : Coded.fromCode(Circumstance.class, code).map(Circumstance::display).orElse(code);
  }

  private static List<Substance> substances(Journey journey) {
    return journey.answers("substances").stream()
        .flatMap(code -> Coded.fromCode(Substance.class, code).stream()).toList();
  }

  private Answer submit(Journey journey, AuditNotes audit) {
    if (journey.confirmation().isPresent()) { // sent already: the same page again
      return Answer.redirect("/refer/confirmation");
    }
    Optional<String> missing = ReferralForm.missingBefore(journey, "check");
    if (missing.isPresent()) {
      return Answer.redirect(ReferralForm.BASE + missing.get());
    }
    PublicReferral referral = referral(journey);
    ReferralIntakeService.Taken taken;
    try {
      taken = intake.takePublic(referral, audit);
    } catch (InvalidFhirInputException refused) {
      List<View.Problem> problems = refused.issues().stream().map(FhirIssue::diagnostics)
          .map(text -> new View.Problem("maincontent", "We could not send the referral: "
              + text)).toList();
      return Answer.page(422, pages.check(check(journey, problems)));
    } catch (StoreException unavailable) {
      return message(503, "Sorry, there is a problem with the service", List.of(
          new View.Section("text", "", List.of("The referral was not sent. Your answers are"
              + " kept for 30 minutes: try again in a few minutes.", "If you need help now,"
              + " call NHS 111, or 999 in an emergency."), List.of(new View.Link("/refer/check",
              "Try again")))));
    }
    View.Message confirmation = confirmation(journey, referral, taken);
    journey.sent(confirmation);
    return Answer.redirect("/refer/confirmation");
  }

  PublicReferral referral(Journey journey) {
    String who = ReferralForm.who(journey);
    ReferralSource source = who.equals("self") ? ReferralSource.SELF
        : who.equals("other") ? ReferralSource.FAMILY
        : ReferralForm.Agency.of(journey.answer("agency")).orElse(ReferralForm.Agency.OTHER)
            .source;
    Set<Circumstance> circumstances = journey.answers("circumstances").stream()
        .flatMap(code -> Coded.fromCode(Circumstance.class, code).stream())
        .collect(Collectors.toSet());
    Set<FlagCode> flags = new java.util.HashSet<>();
    if (journey.answer("urgent").equals("yes")) {
      flags.add(FlagCode.URGENT_RISK);
    }
    Optional<SelfCheck.Result> checked = who.equals("self") ? result(journey, true)
        : Optional.empty();
    checked.ifPresent(r -> flags.addAll(r.flags()));
    String nhs = journey.answer("nhs-number");
    PublicReferral.Person person = new PublicReferral.Person(journey.answer("given-name"),
        journey.answer("family-name"), ReferralForm.birthDate(journey),
        optional(journey.answer("postcode")), district(journey).map(District::name),
        nhs.isEmpty() ? Optional.empty()
        : Optional.of(NhsNumber.digits(nhs)));
    PublicReferral.Contact contact = new PublicReferral.Contact(
        optional(journey.answer("phone")), optional(journey.answer("email")),
        Set.copyOf(journey.answers("channels")), journey.answer("safe-times"),
        journey.answer("leave-message").equals("yes"));
    Optional<PublicReferral.Referrer> referrer = who.equals("self") ? Optional.empty()
        : Optional.of(new PublicReferral.Referrer(journey.answer("referrer-name"),
            who.equals("agency") ? journey.answer("role") : journey.answer("relationship"),
            who.equals("agency") ? optional(journey.answer("organisation")) : Optional.empty(),
            journey.answer("referrer-contact")));
    List<String> notes = new ArrayList<>();
    if (who.equals("agency")) { // the kind the report cannot tell apart (police, housing...)
      notes.add("Agency: " + ReferralForm.Agency.of(journey.answer("agency"))
          .orElse(ReferralForm.Agency.OTHER).label);
    }
    if (journey.answers("circumstances").contains("mental-health")) {
      notes.add("Worries about mental health");
    }
    if (!journey.answer("story").isEmpty()) {
      notes.add("In their words: " + journey.answer("story"));
    }
    Optional<String> agency = who.equals("agency") ? Optional.of(ReferralForm.Agency.of(
        journey.answer("agency")).orElse(ReferralForm.Agency.OTHER).code) : Optional.empty();
    return new PublicReferral(journey.reference(), source, agency, person, substances(journey),
        circumstances, flags, contact, referrer, checked.map(r ->
            new PublicReferral.SelfCheckResult(r.instrument(), r.total(), r.band().code())),
        notes);
  }

  /** The district chosen instead of a postcode, if a known one. */
  private Optional<District> district(Journey journey) {
    String code = journey.answer("district");
    return code.isEmpty() || code.equals(ReferralForm.NO_DISTRICT) ? Optional.empty()
        : directory.geography().district(code);
  }

  private View.Message confirmation(Journey journey, PublicReferral referral,
      ReferralIntakeService.Taken taken) {
    boolean self = referral.source() == ReferralSource.SELF;
    List<View.Section> sections = new ArrayList<>();
    if (referral.flags().contains(FlagCode.URGENT_RISK)) {
      sections.add(new View.Section("care", "If you need help now", List.of("Call 999 if a"
          + " life is at risk. For urgent mental health help call NHS 111 and choose option"
          + " 2. Samaritans: 116 123."), List.of()));
    }
    List<String> service = new ArrayList<>();
    service.add("We have sent the referral to " + taken.service().name() + ".");
    service.addAll(PlainReasons.of(taken.why(), taken.service().name(), self));
    sections.add(new View.Section("text", "Where the referral has gone", service, List.of()));
    List<String> next = new ArrayList<>();
    next.add(referral.flags().contains(FlagCode.URGENT_RISK)
        ? "The referral is marked urgent, so the service will see it first."
        : "The service will look at the referral and get in touch.");
    typicalWait(taken.service()).ifPresent(next::add);
    next.add(contactedBy(referral.contact(), self));
    next.add("If you need to ask about the referral, quote the reference "
        + referral.reference() + ".");
    sections.add(new View.Section("text", "What happens next", next, List.of()));
    taken.service().contact().phone().ifPresent(phone -> sections.add(new View.Section("text",
        "Contact the service", List.of(taken.service().name() + ": " + phone + "."),
        List.of())));
    return new View.Message(new View.Page("Referral sent", "", "", List.of()), "Referral sent",
        "Referral sent", "Your reference is " + referral.reference(), sections, List.of());
  }

  /**
   * When the service usually takes a referral on, where the reports know it; nothing when they
   * do not, or cannot be read now (the referral is sent all the same).
   */
  private Optional<String> typicalWait(Service service) {
    try {
      return typicalWait(service.name(), typicalWait.medianDays(service.id()));
    } catch (StoreException unavailable) {
      return Optional.empty();
    }
  }

  /** The sentence for a median of {@code days} from referral to acceptance, if known. */
  static Optional<String> typicalWait(String service, OptionalDouble days) {
    if (days.isEmpty()) {
      return Optional.empty();
    }
    long whole = (long) Math.ceil(days.getAsDouble());
    return Optional.of("In the last 3 months, half the referrals to " + service + " were"
        + " taken on within " + (whole <= 1 ? "a day" : whole + " days") + ".");
  }

  /** How the person will be contacted: only by the channels marked safe. */
  static String contactedBy(PublicReferral.Contact contact, boolean self) {
    List<String> channels = contact.safeChannels().stream().sorted().map(c ->
        switch (c) {
          case "call" -> "a phone call";
          case "text" -> "a text message";
          default -> "email";
        }).toList();
    return channels.isEmpty() ? "No way of contacting " + (self ? "you" : "the person")
        + " directly was marked safe, so the service will contact "
        + (self ? "you through your GP" : "the referrer") + "."
        : "They will contact " + (self ? "you" : "the person") + " only by "
            + String.join(" or ", channels) + (contact.leaveMessage()
            ? "" : ", and will not leave a message") + ".";
  }

  // Shared

  private static Optional<String> optional(String value) {
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  private static boolean tooBig(Map<String, List<String>> form) {
    int fields = 0;
    for (List<String> values : form.values()) {
      for (String value : values) {
        fields++;
        if (value.length() > MAX_VALUE) {
          return true;
        }
      }
    }
    return fields > MAX_FIELDS;
  }

  private static boolean sameToken(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.getBytes(StandardCharsets.UTF_8));
  }

  /** The page for a visitor the server has no room for just now. */
  public Answer busy() {
    return message(503, "Sorry, the service is busy", List.of(new View.Section("text", "",
        List.of("Try again in a few minutes. If you need help now, call NHS 111, or 999 in an"
            + " emergency."), List.of())));
  }

  private Answer message(int status, String title, List<View.Section> sections) {
    return Answer.page(status, pages.message(new View.Message(page(title), title, "", "",
        sections, List.of())));
  }

  private static View.Page page(String title) {
    return new View.Page(title, "", "", List.of());
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), England.ZONE);
  }
}
