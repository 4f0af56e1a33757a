package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;
import org.recoverylink.server.hearback.Escalations;
import org.recoverylink.server.hearback.HearBackSettings;
import org.recoverylink.server.hub.Tasks;
import org.recoverylink.server.store.Databases;

/**
 * Nothing waits unseen (issue 24, point 4), through the real server on a clock the test moves: a
 * referral neither accepted nor declined within its service's working days (England's: weekends
 * and England and Wales bank holidays skipped) is escalated once - the Task carries a timed note
 * a validator finds clean, the service's lead gets one email through a stand-in of GOV.UK
 * Notify, and the referral report counts it - and one accepted in time is not. Run on H2 and on
 * PostgreSQL.
 */
abstract class EscalationSuite {

  /** The fixture's alcohol referral goes here (DeliverySuite). */
  private static final String SERVICE = "phoenix-futures-alcohol";
  private static final String OWNER = "phoenix-futures";
  private static final String LEAD = "lead.phoenix@example.nhs.uk";
  private static final String EMAIL_TEMPLATE = "a8f8b0f1-3a3c-4e0e-9f5b-7a1b2c3d4e5f";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path data;
  private TestHub hub;
  private NotifyStandIn notify;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  private TestHub start(MovingClock clock, String extra) throws Exception {
    notify = new NotifyStandIn();
    HearBackSettings settings = HearBackSettings.parse("""
        notify.base-url=%s
        notify.email-template=%s
        respond-within=5
        lead.%s.email=%s
        %s
        """.formatted(notify.base(), EMAIL_TEMPLATE, SERVICE, LEAD, extra),
        Optional.of(NotifyStandIn.API_KEY), "test")
        // The job's own looks come rarely: the test looks when it has moved the clock.
        .withPace(Duration.ofHours(1), Duration.ofMillis(100), Duration.ofHours(1),
            Duration.ofSeconds(10));
    // Exact counts: rounding has a test of its own (ReportRoundingTest).
    hub = TestHub.start(kind(), ServerSettings.builder(ServerOptions.defaults(data)
        .toBuilder().reportRounding(1).build()).clock(clock).smallNumbers(new SmallNumbers(1, 1)).hearBack(settings).build());
    return hub;
  }

  @AfterEach
  void stop() throws Exception {
    if (hub != null) {
      hub.close();
    }
    if (notify != null) {
      notify.close();
    }
  }

  @Test
  void aReferralLeftWaitingPastItsWorkingDaysIsEscalatedOnceAndCounted() throws Exception {
    // Wednesday 23 December 2026; two working days: Thursday 24th, then Christmas Day (Fri),
    // the weekend and Boxing Day's substitute (Mon 28th) skipped: Tuesday 29th.
    MovingClock clock = new MovingClock(Instant.parse("2026-12-23T10:00:00Z"));
    start(clock, "respond-within." + SERVICE + "=2");
    Task waiting = refer("ESC-waits");
    Task alsoWaiting = refer("ESC-waits-too");
    Task answered = refer("ESC-answered");
    ok(put(answered, "accepted"));

    Escalations escalations = hub.server().escalations();
    clock.set(Instant.parse("2026-12-29T17:00:00Z")); // the last day it has: not yet
    assertEquals(0, escalations.escalateDue());
    Escalations.Deadline deadline = escalations.deadline(waiting.getIdPart()).orElseThrow();
    assertEquals(LocalDate.of(2026, 12, 29), deadline.respondBy());
    assertFalse(deadline.overdue());
    assertEquals(Optional.empty(), deadline.escalated());

    clock.set(Instant.parse("2026-12-30T08:00:00Z"));
    assertTrue(escalations.deadline(waiting.getIdPart()).orElseThrow().overdue());
    assertEquals(2, escalations.escalateDue(), "the waiting ones, not the accepted one");
    assertEquals(0, escalations.escalateDue(), "once");
    Escalations.Deadline escalated = escalations.deadline(waiting.getIdPart()).orElseThrow();
    assertEquals(Optional.of(Instant.parse("2026-12-30T08:00:00Z")), escalated.escalated());

    // The Task says so, in a note a validator finds clean; the accepted one does not.
    Task read = hub.read("Task/" + waiting.getIdPart(), Role.GP, Referrals.PRACTICE,
        Task.class);
    assertEquals(List.of(), ServerValidator.get().errors(read));
    Annotation note = read.getNote().stream().filter(n -> n.getText().equals(Tasks.ESCALATED))
        .findFirst().orElseThrow(() -> new AssertionError("no escalation note"));
    assertEquals(Instant.parse("2026-12-30T08:00:00Z"), note.getTime().toInstant());
    assertTrue(hub.read("Task/" + answered.getIdPart(), Role.GP, Referrals.PRACTICE,
        Task.class).getNote().stream().noneMatch(n -> Tasks.ESCALATED.equals(n.getText())));

    // The lead: one email a Task, naming the service and the Task, nothing about the person.
    notify.await(2, WAIT);
    awaitSent(waiting.getIdPart());
    awaitSent(alsoWaiting.getIdPart());
    assertEquals(2, notify.taken().size(), notify.taken().toString());
    NotifyStandIn.Taken email = notify.taken().stream().filter(t -> t.message()
        .contains(waiting.getIdPart())).findFirst().orElseThrow();
    assertEquals(LEAD, email.to());
    assertTrue(email.message().contains(waiting.getIdPart()), email.message());
    assertTrue(email.message().contains("2 working days"), email.message());
    assertFalse(email.message().contains(Referrals.NHS_NUMBER), email.message());
    assertEquals(2, hub.count("SELECT COUNT(*) FROM hear_back WHERE change_key = 'escalated'"));

    // Once escalated, accepting it still works: the escalation stays on record.
    ok(put(hub.read("Task/" + waiting.getIdPart(), Role.PROVIDER, OWNER, Task.class),
        "accepted"));
    assertEquals(0, escalations.escalateDue());

    HttpResponse<String> response = hub.send("GET", "Measure/referral-activity/"
        + "$evaluate-measure?periodStart=2026-12-01&periodEnd=2026-12-31&organization="
        + Referrals.PRACTICE, Role.COMMISSIONER,
        "essex-cc", null);
    assertEquals(200, response.statusCode(), response.body());
    MeasureReport report = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        response.body());
    assertEquals(List.of(), ServerValidator.get().errors(report));
    assertEquals(3, count(report, "referrals"));
    assertEquals(2, count(report, "referrals-accepted"));
    assertEquals(2, count(report, "referrals-escalated"), "the accepted one escalated first"
        + " still counts: it waited too long");
  }

  @Test
  void aServiceWithoutItsOwnDaysHasTheDefaultAndABankHolidayAddedByConfigurationCounts()
      throws Exception {
    // Monday 4 January 2027 with 5 working days: to Monday 11th; with the 6th a holiday added
    // by configuration (as a year GOV.UK had not yet published would be), to Tuesday 12th.
    MovingClock clock = new MovingClock(Instant.parse("2027-01-04T09:00:00Z"));
    start(clock, "bank-holiday=2027-01-06\nrespond-within.nonesuch=9");
    Task task = refer("ESC-default");
    Escalations escalations = hub.server().escalations();
    assertEquals(LocalDate.of(2027, 1, 12), escalations.deadline(task.getIdPart())
        .orElseThrow().respondBy());
    clock.set(Instant.parse("2027-01-12T20:00:00Z"));
    assertEquals(0, escalations.escalateDue());
    clock.set(Instant.parse("2027-01-13T00:30:00Z")); // overdue, but the lead is asleep
    assertTrue(escalations.deadline(task.getIdPart()).orElseThrow().overdue());
    assertEquals(0, escalations.escalateDue());
    clock.set(Instant.parse("2027-01-13T08:30:00Z")); // the working day's morning
    assertEquals(1, escalations.escalateDue());
    assertEquals(Optional.empty(), escalations.deadline("no-such-task"));
  }

  // --- helpers ---

  private Task refer(String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    String id = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body()).getIdPart();
    return hub.read("Task?focus=ServiceRequest/" + id, Role.GP, Referrals.PRACTICE,
        Bundle.class).getEntry().stream().map(e -> (Task) e.getResource()).findFirst()
        .orElseThrow();
  }


  private HttpResponse<String> put(Task task, String status) throws Exception {
    Task change = task.copy();
    change.setStatus(Task.TaskStatus.fromCode(status));
    return hub.send("PUT", "Task/" + task.getIdPart(), Role.PROVIDER, OWNER, change);
  }

  private static Task ok(HttpResponse<String> response) {
    assertEquals(200, response.statusCode(), response.body());
    return TestHub.FHIR.newJsonParser().parseResource(Task.class, response.body());
  }

  private void awaitSent(String task) throws Exception {
    Instant end = Instant.now().plus(WAIT);
    while (hub.count("SELECT COUNT(*) FROM hear_back WHERE task = ? AND state = 'sent'",
        task) < 1) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("the lead's email was not marked sent");
      }
      Thread.sleep(50);
    }
  }

  /** A group's count as published; -1 when suppressed. */
  private static long count(MeasureReport report, String code) {
    var count = report.getGroup().stream().filter(g -> g.getCode().getCodingFirstRep()
        .getCode().equals(code)).findFirst().orElseThrow(() -> new AssertionError("no "
            + code)).getPopulationFirstRep().getCountElement();
    return count.hasValue() ? count.getValue() : -1;
  }
}
