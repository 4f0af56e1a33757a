package org.recoverylink.server.pharmacy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.store.Databases;
import org.recoverylink.server.store.OstStore;
import org.recoverylink.server.usecase.Refused;

/**
 * OST at the counter as a use case, on H2, with a fixed clock: what is stored and when, the
 * day a check is for, and every refusal. Summer 2026: Monday 29 June to Sunday 12 July.
 */
class OstServiceTest {

  private static final LocalDate MON = LocalDate.of(2026, 6, 29);
  /** 23:30 UTC on Tuesday 30 June is 00:30 on Wednesday 1 July in England (BST). */
  private static final Instant NOW = Instant.parse("2026-06-30T23:30:00Z");
  private static final String NHS = "9434765919";
  private static final String PHARMACY = "FA123";
  private static final OstPrescription METHADONE = new OstPrescription("rx-1", NHS,
      OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.of(MONDAY, TUESDAY,
      WEDNESDAY, THURSDAY, FRIDAY, SATURDAY), Optional.empty(), MON, MON.plusDays(13),
      new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
      new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));

  private Databases.Scratch db;
  private OstService service;

  @BeforeEach
  void open() {
    db = Databases.Kind.H2.open();
    service = new OstService(new OstStore(db.store()), new OstRules(OstSettings.ukDefault()),
        FhirContext.forR4Cached(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private OstStore.Prescription registered() {
    return service.register(OstResources.write(METHADONE), PHARMACY, new Notes())
        .prescription();
  }

  private static MedicationDispense supply(LocalDate day, UUID key, String pharmacy) {
    return OstResources.dispensed(METHADONE, new OstEvent.Dispensed("rx-1", day, List.of(day),
        true, new BigDecimal("60")), key, pharmacy);
  }

  private static List<String> expressions(InvalidFhirInputException e) {
    return e.issues().stream().map(FhirIssue::expression).toList();
  }

  private static Parameters review(String prescription, String date, String id) {
    Parameters review = new Parameters();
    review.addParameter().setName("prescription").setValue(new StringType(prescription));
    review.addParameter().setName("date").setValue(new DateType(date));
    review.addParameter().setName("id").setValue(new StringType(id));
    return review;
  }

  @Test
  void registeringStampsByTheClockAndTheSameIdAgainAnswersTheFirst() {
    Notes notes = new Notes();
    OstService.Registered first = service.register(OstResources.write(METHADONE), PHARMACY,
        notes);
    assertTrue(first.created());
    assertEquals(NOW, first.prescription().created());
    MedicationRequest stored = FhirContext.forR4Cached().newJsonParser().parseResource(
        MedicationRequest.class, first.prescription().json());
    assertEquals(Date.from(NOW), stored.getMeta().getLastUpdated());
    String id = first.prescription().id();
    assertEquals(List.of("patient " + NHS, "entity MedicationRequest/" + id, "entry 201",
        "written"), notes.noted);

    OstService.Registered again = service.register(OstResources.write(METHADONE), PHARMACY,
        new Notes());
    assertFalse(again.created());
    assertEquals(id, again.prescription().id());
    assertEquals(Optional.empty(), service.prescription(id, "FA999"), "another pharmacy's");
  }

  @Test
  void aCheckWithoutADayIsForTodayInEnglandByTheClock() {
    String id = registered().id();
    OstService.Checked checked = service.check(id, Optional.empty(), Presentation.USUAL,
        PHARMACY, new Notes());
    assertEquals(LocalDate.of(2026, 7, 1), checked.decision().date());
    assertEquals(MON.plusDays(3), service.check(id, Optional.of(MON.plusDays(3)),
        Presentation.USUAL, PHARMACY, new Notes()).decision().date());
  }

  @Test
  void aCheckOnAPrescriptionThatIsNotTheCallersIsNotFound() {
    String id = registered().id();
    Refused refused = assertThrows(Refused.class, () -> service.check(id,
        Optional.empty(), Presentation.USUAL, "FA999", new Notes()));
    assertEquals(Refused.Reason.NOT_FOUND, refused.reason());
  }

  @Test
  void aSupplyIsStoredOnceUnderItsKeyAndTheKeyIsNoOneElses() {
    registered();
    UUID key = UUID.randomUUID();
    OstService.Recorded first = service.record(supply(MON, key, PHARMACY), PHARMACY,
        new Notes());
    assertTrue(first.created());
    assertEquals(NOW, first.event().recorded());
    assertEquals(Optional.empty(), first.warning());

    OstService.Recorded again = service.record(supply(MON, key, PHARMACY), PHARMACY,
        new Notes());
    assertFalse(again.created());
    assertEquals(first.event().json(), again.event().json());
    assertEquals(Optional.of(first.event().id()),
        service.dispense(key.toString(), PHARMACY).map(OstStore.Event::id));
    assertEquals(Optional.empty(), service.dispense(key.toString(), "FA999"));

    Refused refused = assertThrows(Refused.class, () -> service.record(
        supply(MON, key, "FA999"), "FA999", new Notes()));
    assertEquals(Refused.Reason.CONFLICT, refused.reason());
    assertEquals("MedicationDispense.identifier", refused.issues().get(0).expression());
  }

  @Test
  void whatIsNotTheCallersToRecordIsInvalid() {
    registered();
    assertEquals(List.of("MedicationDispense.performer"), expressions(assertThrows(
        InvalidFhirInputException.class, () -> service.record(supply(MON, UUID.randomUUID(),
            "FA999"), PHARMACY, new Notes()))));
    assertEquals(List.of("MedicationDispense.authorizingPrescription"), expressions(
        assertThrows(InvalidFhirInputException.class, () -> service.record(supply(MON,
            UUID.randomUUID(), "FA999"), "FA999", new Notes()))));
    assertEquals(List.of("MedicationDispense.dosageInstruction[0].timing.repeat.boundsPeriod"),
        expressions(assertThrows(InvalidFhirInputException.class, () -> service.record(
            supply(MON.minusDays(1), UUID.randomUUID(), PHARMACY), PHARMACY, new Notes()))));
  }

  @Test
  void aReviewIsStoredOnceAndEveryProblemOfItIsNamed() {
    registered();
    String id = UUID.randomUUID().toString();
    OstService.Reviewed first = service.review(review("rx-1", "2026-07-02", id), PHARMACY,
        new Notes());
    assertTrue(first.created());
    assertEquals("2026-07-02", first.answer().getParameter("date").getValue()
        .primitiveValue());
    assertFalse(service.review(review("rx-1", "2026-07-02", id), PHARMACY, new Notes())
        .created());
    assertEquals(Optional.empty(), service.dispense(id, PHARMACY), "a review is no dispense");

    assertEquals(List.of("Parameters.parameter.where(name = 'prescription')",
        "Parameters.parameter.where(name = 'id')", "Parameters.parameter.where(name = 'date')"),
        expressions(assertThrows(InvalidFhirInputException.class, () -> service.review(
            new Parameters(), PHARMACY, new Notes()))));
    assertEquals(List.of("Parameters.parameter.where(name = 'id')",
        "Parameters.parameter.where(name = 'date')"), expressions(assertThrows(
            InvalidFhirInputException.class, () -> service.review(review("rx-1", "2026-07",
                "not-a-uuid"), PHARMACY, new Notes()))));

    assertEquals(Refused.Reason.NOT_FOUND, assertThrows(Refused.class,
        () -> service.review(review("rx-2", "2026-07-02", UUID.randomUUID().toString()),
            PHARMACY, new Notes())).reason());
    UUID supplied = UUID.randomUUID();
    service.record(supply(MON, supplied, PHARMACY), PHARMACY, new Notes());
    assertEquals(Refused.Reason.CONFLICT, assertThrows(Refused.class,
        () -> service.review(review("rx-1", "2026-07-02", supplied.toString()), PHARMACY,
            new Notes())).reason());
  }

  @Test
  void aRefusalSaysWhy() {
    assertThrows(IllegalArgumentException.class,
        () -> new Refused(Refused.Reason.CONFLICT, List.of()));
  }
}
