package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.fhir.referral.BarsStatusMessage;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.hub.PublicReferral;
import org.recoverylink.server.store.Databases;

/**
 * The referrer hears back (issue 24, point 3), through the real server: a GP whose FHIR base is
 * configured gets a BaRS status message at a real HAPI FHIR server for every change of its
 * referral's Task, once each, retried through a failure with the same X-Request-ID; a person who
 * referred themselves on the public pages gets a text and an email from a stand-in of GOV.UK
 * Notify's HTTP API (the real client talks to it, JWT and all), by the channels they marked safe
 * only, once each despite Notify failing first, and in words with nothing clinical in them.
 * Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HearBackSuite {

  private static final String SERVICE_OWNER = "phoenix-futures";
  private static final String SMS_TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";
  private static final String EMAIL_TEMPLATE = "a8f8b0f1-3a3c-4e0e-9f5b-7a1b2c3d4e5f";
  private static final Duration WAIT = Duration.ofSeconds(30);
  /** Words that would tell a reader of the person's phone or inbox what the referral is about. */
  private static final List<String> CLINICAL = List.of("alcohol", "drug", "substance",
      "treatment", "recovery", "addiction", "opioid", "heroin", "crack", "cannabis", "cocaine",
      "detox", "phoenix", "futures", "misuse", "dependence");

  private TestHub hub;
  private ProviderEndpoint referrer;
  private NotifyStandIn notify;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    referrer = new ProviderEndpoint().start();
    notify = new NotifyStandIn();
    HearBackSettings settings = HearBackSettings.parse("""
        notify.base-url=%s
        notify.sms-template=%s
        notify.email-template=%s
        referrer.%s=%s
        """.formatted(notify.base(), SMS_TEMPLATE, EMAIL_TEMPLATE, Referrals.PRACTICE,
        referrer.address()), Optional.of(NotifyStandIn.API_KEY), "test")
        .withPace(Duration.ofMinutes(5), Duration.ofMillis(100), Duration.ofHours(1),
            Duration.ofSeconds(10));
    hub = TestHub.start(kind(), ServerSettings.builder(ServerOptions.defaults(data)
        .toBuilder().pageRate(100_000).build()).hearBack(settings).build());
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
    referrer.close();
    notify.close();
  }

  // --- a referrer with a FHIR endpoint ---

  @Test
  void aReferrerWithAnEndpointGetsOneValidBarsStatusMessagePerChange() throws Exception {
    Task task = referByGp("HB-bars");
    awaitQuiet();
    referrer.answerNext(503, 1); // the first is retried, with the same X-Request-ID

    Task accepted = ok(put(task, "accepted", null));
    Task started = ok(put(accepted, "in-progress", null));
    ok(put(started, "completed", null));

    List<ProviderEndpoint.Received> delivered = awaitDeliveredFor(task.getIdPart(), 3);
    Set<String> ids = delivered.stream().map(ProviderEndpoint.Received::requestId)
        .collect(Collectors.toSet());
    assertEquals(3, ids.size(), "one message per change, each with its own X-Request-ID");
    List<String> told = new ArrayList<>();
    for (ProviderEndpoint.Received received : delivered) {
      Bundle message = received.message();
      assertEquals(List.of(), ServerValidator.get().errors(message));
      MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
      assertEquals(BarsMessage.EVENT, header.getEventCoding().getCode());
      assertEquals(BarsStatusMessage.REASON_UPDATE, header.getReason().getCodingFirstRep()
          .getCode());
      assertEquals(referrer.address(), header.getDestinationFirstRep().getEndpoint());
      assertEquals(Referrals.PRACTICE, header.getDestinationFirstRep().getReceiver()
          .getIdentifier().getValue());
      ServiceRequest request = resource(message, ServiceRequest.class);
      assertEquals("HB-bars", request.getIdentifierFirstRep().getValue(),
          "the referrer knows it by its own identifier");
      assertEquals(header.getFocusFirstRep().getReference(), message.getEntry().get(1)
          .getFullUrl());
      Task sent = resource(message, Task.class);
      assertEquals(message.getEntry().get(1).getFullUrl(), sent.getFocus().getReference());
      told.add(sent.getStatus().toCode());
    }
    assertEquals(Set.of("accepted", "in-progress", "completed"), new HashSet<>(told));
    // Each row is sent once: 3 messages, 4 attempts (the 503 and its retry carry one id).
    awaitState(task.getIdPart(), "sent", 3);
    assertEquals(4, referrer.received().stream().filter(r -> ids.contains(r.requestId()))
        .count());
  }

  @Test
  void aRejectionThatReRoutesIsToldWithWhereItWent() throws Exception {
    Task task = referByGp("HB-reroute");
    ok(put(task, "rejected", new CodeableConcept(new Coding(CodeSystems.REJECTION_REASON,
        "no-capacity", "No capacity"))));
    List<ProviderEndpoint.Received> delivered = awaitDeliveredFor(task.getIdPart(), 1);
    Task sent = resource(delivered.get(0).message(), Task.class);
    assertEquals(Task.TaskStatus.REJECTED, sent.getStatus());
    assertTrue(sent.getNoteFirstRep().getText().contains("re-routed to"),
        sent.getNoteFirstRep().getText());
    assertEquals(List.of(), ServerValidator.get().errors(delivered.get(0).message()));
  }

  // --- a person who referred themselves on the public pages ---

  @Test
  void aSelfReferrerIsTextedAndEmailedOnceEachByTheirSafeChannelsWithNothingClinical()
      throws Exception {
    Personas person = new Personas("Self, text and email", "self", "", true, "Jo", "Hearback",
        LocalDate.of(1985, 3, 3), "CM1 1AA", "", List.of("alcohol", "cocaine"), List.of(),
        false, List.of("text", "email"));
    String task = referOnline(person, true);
    String reference = reference(task);
    awaitQuiet();
    notify.failNext(1); // Notify in trouble at first: tried again, never sent twice

    ok(put(readAsOwner(task), "accepted", null));

    awaitState(task, "sent", 2);
    List<NotifyStandIn.Taken> taken = notify.taken().stream()
        .filter(t -> t.message().contains(reference)).toList();
    assertEquals(2, taken.size(), taken.toString());
    NotifyStandIn.Taken text = taken.stream().filter(t -> t.kind().equals("sms")).findFirst()
        .orElseThrow();
    NotifyStandIn.Taken email = taken.stream().filter(t -> t.kind().equals("email"))
        .findFirst().orElseThrow();
    assertEquals("07700 900982", text.to());
    assertEquals(SMS_TEMPLATE, text.template());
    assertEquals("person@example.org", email.to());
    assertEquals(EMAIL_TEMPLATE, email.template());
    assertEquals("Your referral (reference " + reference + ") has been accepted. The service"
        + " will contact you.", text.message());
    assertEquals(text.message(), email.message());
    assertEquals(2, taken.stream().map(NotifyStandIn.Taken::reference).distinct().count(),
        "each telling has its own reference");
    for (NotifyStandIn.Taken t : taken) {
      assertNoClinicalWords(t.message());
      assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE id = ? AND task = ?",
          t.reference(), task), "the reference is the outbox row's");
    }
    assertEquals(3, hub.count("SELECT SUM(attempts) FROM hear_back WHERE task = ?", task),
        "one failed attempt, then one each");
  }

  @Test
  void nothingIsSentByAChannelNotMarkedSafeNorWhenNoMessageMayBeLeft() throws Exception {
    // Calls only: a text is not a call, and nothing is written down for anyone to read.
    String callsOnly = referOnline(new Personas("Self, calls only", "self", "", true, "Al",
        "Callsonly", LocalDate.of(1979, 1, 9), "CM1 1AA", "", List.of("alcohol"), List.of(),
        false, List.of("call")), true);
    // Texts and email safe, but no message may be left: a text or email is one.
    String noMessage = referOnline(new Personas("Self, no messages", "self", "", true, "Bo",
        "Nomessage", LocalDate.of(1990, 6, 6), "CM1 1AA", "", List.of("alcohol"), List.of(),
        false, List.of("text", "email")), false);
    // Email safe, texts not: the phone number given is not texted.
    String emailOnly = referOnline(new Personas("Self, email only", "self", "", true, "Cy",
        "Emailonly", LocalDate.of(1970, 2, 2), "CM1 1AA", "", List.of("alcohol"), List.of(),
        false, List.of("email", "call")), true);

    for (String task : List.of(callsOnly, noMessage, emailOnly)) {
      ok(put(readAsOwner(task), "accepted", null));
    }

    assertEquals(0, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", callsOnly));
    assertEquals(0, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", noMessage));
    assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", emailOnly));
    assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND channel ="
        + " 'email'", emailOnly));
    awaitState(emailOnly, "sent", 1);
    String reference = reference(emailOnly);
    assertEquals(List.of("email"), notify.taken().stream()
        .filter(t -> t.message().contains(reference)).map(NotifyStandIn.Taken::kind).toList());
    assertEquals(0, hub.count("SELECT COUNT(*) FROM referral_contact c JOIN task t"
        + " ON t.referral = c.referral WHERE t.id = ? OR t.id = ?", callsOnly, noMessage),
        "nothing kept to contact them by");
  }

  @Test
  void aRefusalIsNotRetriedAndKeepsNoContactDetailInItsReason() throws Exception {
    String task = referOnline(new Personas("Self, texts", "self", "", true, "Fi", "Refused",
        LocalDate.of(1992, 9, 9), "CM1 1AA", "", List.of("alcohol"), List.of(), false,
        List.of("text")), true);
    awaitQuiet();
    notify.failNext(1, 400); // Notify refuses the number: the same again would be refused too
    ok(put(readAsOwner(task), "accepted", null));
    awaitState(task, "failed", 1);
    assertEquals(1, hub.count("SELECT SUM(attempts) FROM hear_back WHERE task = ?", task));
    assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND last_error ="
        + " 'GOV.UK Notify answered HTTP 400'", task), "the status only, never the number");

    Task byGp = referByGp("HB-refused");
    awaitQuiet();
    referrer.answerNext(422, 1); // the referrer's system refuses the message
    ok(put(byGp, "accepted", null));
    awaitState(byGp.getIdPart(), "failed", 1);
    assertEquals(1, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND last_error ="
        + " 'the referrer answered HTTP 422'", byGp.getIdPart()));
    // The outcome is still on the Task for the referrer to read.
    assertEquals(Task.TaskStatus.ACCEPTED, hub.read("Task/" + byGp.getIdPart(), Role.GP,
        Referrals.PRACTICE, Task.class).getStatus());
  }

  @Test
  void anAgencysReferralIsNotToldToThePerson() throws Exception {
    String task = referOnline(new Personas("Agency", "agency", "police", true, "Di",
        "Agencyref", LocalDate.of(1988, 8, 8), "CM1 1AA", "", List.of("alcohol"), List.of(),
        false, List.of("text", "email")), true);
    ok(put(readAsOwner(task), "accepted", null));
    assertEquals(0, hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", task));
  }

  @Test
  void everyWordingIsFreeOfClinicalWordsAndNamesTheReference() {
    for (String status : List.of("accepted", "rejected", "in-progress", "completed",
        "cancelled")) {
      for (boolean rerouted : List.of(true, false)) {
        String words = org.recoverylink.server.hub.HearBack.words(status, rerouted, "RL-X1")
            .orElseThrow();
        assertTrue(words.contains("RL-X1"), words);
        assertNoClinicalWords(words);
      }
    }
    assertTrue(org.recoverylink.server.hub.HearBack.words("requested", false, "RL-X1")
        .isEmpty());
  }

  // --- helpers ---

  private static void assertNoClinicalWords(String words) {
    String lower = words.toLowerCase(Locale.ROOT);
    for (String word : CLINICAL) {
      assertFalse(lower.contains(word), "'" + word + "' in: " + words);
    }
    for (Substance substance : Substance.values()) {
      assertFalse(lower.contains(substance.display().toLowerCase(Locale.ROOT)),
          substance.display() + " in: " + words);
    }
    EssexDirectory.directory().services().forEach(s -> assertFalse(words.contains(s.name()),
        s.name() + " in: " + words));
  }

  private Task referByGp(String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return hub.read("Task?focus=ServiceRequest/" + id, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).findFirst()
        .orElseThrow();
  }

  /** Refers on the public pages; the new Task's id. */
  private String referOnline(Personas person, boolean leaveMessage) throws Exception {
    Instant before = Instant.now();
    FormClient.Page last = PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())),
        person, Optional.empty(), leaveMessage);
    assertEquals(200, last.status(), FormClient.text(last.body()));
    try (Connection db = hub.connect(); PreparedStatement select = db.prepareStatement(
        "SELECT t.id FROM task t JOIN referral r ON r.id = t.referral WHERE r.requester = ?"
        + " ORDER BY t.created DESC, t.id DESC FETCH FIRST 1 ROWS ONLY")) {
      select.setString(1, PublicReferral.ORGANISATION);
      try (ResultSet row = select.executeQuery()) {
        assertTrue(row.next(), "a referral was made after " + before);
        return row.getString(1);
      }
    }
  }

  /** The reference the person was given, as the referral's identifier says. */
  private String reference(String task) throws Exception {
    try (Connection db = hub.connect(); PreparedStatement select = db.prepareStatement(
        "SELECT r.identifier_value FROM referral r JOIN task t ON t.referral = r.id"
        + " WHERE t.id = ?")) {
      select.setString(1, task);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private Task readAsOwner(String task) throws Exception {
    String owner = owner(task);
    return hub.read("Task/" + task, Role.PROVIDER, owner, Task.class);
  }

  private String owner(String task) throws Exception {
    try (Connection db = hub.connect(); PreparedStatement select = db.prepareStatement(
        "SELECT owner FROM task WHERE id = ?")) {
      select.setString(1, task);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getString(1);
      }
    }
  }

  private HttpResponse<String> put(Task task, String status, CodeableConcept reason)
      throws Exception {
    Task change = task.copy();
    change.setStatus(Task.TaskStatus.fromCode(status));
    change.setStatusReason(reason);
    return hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER, owner(task.getIdPart()),
        change);
  }

  private Task ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    Task task = TestHub.FHIR.newJsonParser().parseResource(Task.class, response.body());
    assertEquals(List.of(), ServerValidator.get().errors(task));
    return task;
  }

  /** The messages delivered to the referrer about this Task (by the Task's own identifier). */
  private List<ProviderEndpoint.Received> awaitDeliveredFor(String task, int n)
      throws Exception {
    Instant end = Instant.now().plus(WAIT);
    while (true) {
      List<ProviderEndpoint.Received> mine = referrer.delivered().stream()
          .filter(r -> resource(r.message(), Task.class).getIdentifier().stream()
              .anyMatch(i -> i.getValue().equals(task))).toList();
      if (mine.size() >= n) {
        return mine;
      }
      if (Instant.now().isAfter(end)) {
        throw new AssertionError(mine.size() + " of " + n + " messages for Task/" + task);
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits until nothing is left to tell from earlier tests, so that a failure a test arranges
   * meets its own telling.
   */
  private void awaitQuiet() throws Exception {
    Instant end = Instant.now().plus(WAIT);
    while (hub.count("SELECT COUNT(*) FROM hear_back WHERE state = 'pending'") > 0) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("tellings still pending");
      }
      Thread.sleep(50);
    }
  }

  /** Waits until {@code n} of the Task's tellings are in {@code state}. */
  private void awaitState(String task, String state, int n) throws Exception {
    Instant end = Instant.now().plus(WAIT);
    while (hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND state = ?", task,
        state) < n) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("tellings of Task/" + task + " not " + state + ": "
            + hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ?", task) + " queued");
      }
      Thread.sleep(50);
    }
  }

  private static <T> T resource(Bundle message, Class<T> type) {
    return message.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
  }
}
