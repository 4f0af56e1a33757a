package org.recoverylink.server.hearback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hearing-back settings file: what it takes, and every way it is refused. */
class HearBackSettingsTest {

  private static final String KEY = "live-5b3b7a1e-6c2d-4a8e-9f10-2b3c4d5e6f70"
      + "-9e8d7c6b-5a49-4837-a261-504f3e2d1c0b";
  private static final String TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";

  @Test
  void everySettingIsRead() {
    HearBackSettings settings = HearBackSettings.parse("""
        notify.sms-template=%s
        referrer.A81001=https://gp.example/fhir
        respond-within=4
        respond-within.erf-basildon=7
        lead.erf-basildon.email=lead@example.nhs.uk
        lead.erf-basildon.sms=07700900123
        bank-holiday=2028-01-03, 2028-04-14
        check-every=PT1M
        """.formatted(TEMPLATE), Optional.of(KEY), "f");
    HearBackSettings.Notify notify = settings.govNotify().orElseThrow();
    assertEquals(URI.create(HearBackSettings.NOTIFY_BASE), notify.baseUrl());
    assertEquals(Optional.of(TEMPLATE), notify.smsTemplate());
    assertEquals(Optional.empty(), notify.emailTemplate());
    assertEquals(Map.of("A81001", "https://gp.example/fhir"), settings.referrerEndpoints());
    assertEquals(4, settings.respondWithin("anything"));
    assertEquals(7, settings.respondWithin("erf-basildon"));
    assertEquals(new HearBackSettings.Lead(Optional.of("lead@example.nhs.uk"),
        Optional.of("07700900123")), settings.leads().get("erf-basildon"));
    assertEquals(Set.of(LocalDate.of(2028, 1, 3), LocalDate.of(2028, 4, 14)),
        settings.bankHolidays());
    assertEquals(Duration.ofMinutes(1), settings.checkEvery());
  }

  @Test
  void withoutAKeyOrATemplateNotifyIsOff() {
    assertEquals(Optional.empty(), HearBackSettings.parse("notify.sms-template=" + TEMPLATE,
        Optional.empty(), "f").govNotify());
    assertEquals(Optional.empty(), HearBackSettings.parse("notify.sms-template=" + TEMPLATE,
        Optional.of(" "), "f").govNotify());
    assertEquals(Optional.empty(), HearBackSettings.parse("", Optional.of(KEY), "f")
        .govNotify());
    assertEquals(HearBackSettings.DEFAULT_RESPOND_WITHIN, HearBackSettings.off()
        .respondWithin("x"));
  }

  @Test
  void theKeyIsNeverInTheSettingsText() {
    HearBackSettings settings = HearBackSettings.parse("notify.email-template=" + TEMPLATE,
        Optional.of(KEY), "f");
    assertFalse(settings.toString().contains("9e8d7c6b"), settings.toString());
    assertTrue(settings.toString().contains("apiKey=(set)"), settings.toString());
  }

  @Test
  void everyProblemIsListedAtOnce() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> HearBackSettings.parse("""
            notify.sms-template=not-a-uuid
            notify.base-url=ftp://notify.example
            referrer.A81001=javascript:alert(1)
            referrer.B82005=http://gp.example/fhir
            respond-within=0
            respond-within.x=many
            bank-holiday=2028-13-01
            check-every=soon
            colour=blue
            """, Optional.of(KEY), "hear-back.properties"));
    String message = refused.getMessage();
    for (String expected : new String[] {"notify.sms-template: not a Notify template id",
        "notify.base-url: not an https URL", "referrer.A81001: not an https URL",
        "referrer.B82005: not an https URL (http only on localhost)",
        "respond-within: working days from 1 to 60, not 0",
        "respond-within.x: working days from 1 to 60, not many",
        "bank-holiday: not a date (YYYY-MM-DD): 2028-13-01",
        "check-every: not a duration", "unknown setting colour"}) {
      assertTrue(message.contains(expected), expected + " in: " + message);
    }
    assertTrue(message.startsWith("hear-back.properties: "), message);
  }

  @Test
  void workingDaysSkipWeekendsAndEnglandsBankHolidays() {
    WorkingDays days = WorkingDays.england(Set.of());
    // Friday 3 April 2026 is Good Friday, Monday 6th Easter Monday (GOV.UK).
    assertFalse(days.isWorkingDay(LocalDate.of(2026, 4, 3)));
    assertFalse(days.isWorkingDay(LocalDate.of(2026, 4, 6)));
    assertEquals(LocalDate.of(2026, 4, 7), days.after(LocalDate.of(2026, 4, 2), 1));
    assertEquals(LocalDate.of(2026, 4, 9), days.after(LocalDate.of(2026, 4, 2), 3));
    assertEquals(LocalDate.of(2027, 12, 28), days.knownUntil());
    // Past the shipped list, a day added by configuration counts.
    assertTrue(WorkingDays.england(Set.of()).isWorkingDay(LocalDate.of(2028, 1, 3)));
    assertFalse(WorkingDays.england(Set.of(LocalDate.of(2028, 1, 3)))
        .isWorkingDay(LocalDate.of(2028, 1, 3)));
  }
}
