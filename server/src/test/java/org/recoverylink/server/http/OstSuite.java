package org.recoverylink.server.http;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.Databases;

/**
 * Shared-care OST at the endpoint, over HTTP: a pharmacy registers a prescription, checks before
 * dispensing, records supplies and missed days; notifications are stored once per occasion;
 * every refusal is an OperationOutcome with nothing stored; every answer validates. March 2026:
 * Monday 2 to Sunday 15 is one fortnight's form, collected Monday to Saturday. Each test has
 * a patient of its own. Run on H2 and on PostgreSQL ({@link HubOnH2Test},
 * {@link HubOnPostgresTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OstSuite {

  static final LocalDate MON = LocalDate.of(2026, 3, 2);
  static final String PHARMACY = "FA123";
  static final String OTHER_PHARMACY = "FB456";
  static final Contact GP = new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel",
      "F81001");
  static final Contact KEYWORKER = new Contact(Contact.Role.KEYWORKER, "Sam Jones",
      "phoenix-futures");
  private static final AtomicInteger PATIENTS = new AtomicInteger();
  private static final String DAYS =
      "MedicationDispense.dosageInstruction[0].timing.repeat.boundsPeriod";

  private TestHub hub;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  /** A valid NHS number not used by another test of this run. */
  static String newPatient() {
    while (true) {
      String nine = String.format("%09d", 400_000_000 + PATIENTS.incrementAndGet() * 7919);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (nine.charAt(i) - '0') * (10 - i);
      }
      int check = (11 - sum % 11) % 11;
      if (check != 10) {
        return nine + check;
      }
    }
  }

  static OstPrescription methadone(String id, String patient) {
    return new OstPrescription(id, patient, OstMedicine.METHADONE, new BigDecimal("60"),
        InstalmentSchedule.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY),
        Optional.of(LocalDate.of(2026, 3, 31)), MON, MON.plusDays(13), GP, KEYWORKER);
  }

  private HttpResponse<String> post(String path, Role role, String org, IBaseResource body)
      throws Exception {
    return hub.send("POST", path, role, org, body);
  }

  private static <T extends Resource> T answered(HttpResponse<String> response, int status,
      Class<T> type) {
    assertEquals(status, response.statusCode(), response.body());
    T resource = TestHub.FHIR.newJsonParser().parseResource(type, response.body());
    assertEquals(List.of(), ServerValidator.get().errors(resource), response.body());
    return resource;
  }

  private static List<String> expressions(HttpResponse<String> response, int status) {
    OperationOutcome outcome = answered(response, status, OperationOutcome.class);
    return outcome.getIssue().stream().map(i -> i.getExpression().isEmpty() ? ""
        : i.getExpression().get(0).getValue()).toList();
  }

  /** Registers the prescription for {@link #PHARMACY}; its id here. */
  private String register(OstPrescription prescription) throws Exception {
    return answered(post("MedicationRequest", Role.PHARMACY, PHARMACY,
        OstResources.write(prescription)), 201, MedicationRequest.class).getIdPart();
  }

  private Parameters check(String id, LocalDate date, Parameters body) throws Exception {
    return answered(post("MedicationDispense/$check?prescription=MedicationRequest/" + id
        + "&date=" + date, Role.PHARMACY, PHARMACY, body), 200, Parameters.class);
  }

  private HttpResponse<String> notCollected(OstPrescription prescription, LocalDate day)
      throws Exception {
    MissedDay missed = new MissedDay(prescription.id(), day, 1, false, OstRules.MISSED_DAY,
        OstSettings.ukDefault().version(), List.of()); // the server decides the rest
    return post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.notCollected(
        prescription, missed, UUID.randomUUID(), PHARMACY));
  }

  private long count(String sql, String... parameters) throws Exception {
    return hub.count(sql, parameters);
  }

  /** A parameter's value as text; a quantity's as its number. */
  private static String value(Parameters parameters, String name) {
    var value = parameters.getParameter(name).getValue();
    return value instanceof Quantity quantity ? quantity.getValue().toPlainString()
        : value.primitiveValue();
  }

  @Test
  void aPrescriptionIsRegisteredOnceAndReadByItsPharmacyOnly() throws Exception {
    OstPrescription prescription = methadone("rx-register", newPatient());

    HttpResponse<String> created = post("MedicationRequest", Role.PHARMACY, PHARMACY,
        OstResources.write(prescription));

    MedicationRequest stored = answered(created, 201, MedicationRequest.class);
    assertTrue(created.headers().firstValue("Location").orElseThrow()
        .endsWith("/fhir/MedicationRequest/" + stored.getIdPart()));
    assertEquals(prescription, OstResources.read(stored), "stored as sent");
    assertEquals(1, count("SELECT COUNT(*) FROM audit_event WHERE entity = ? AND outcome = 201"
        + " AND patient = ?", "MedicationRequest/" + stored.getIdPart(), prescription.patient()));

    MedicationRequest again = answered(post("MedicationRequest", Role.PHARMACY, PHARMACY,
        OstResources.write(prescription)), 200, MedicationRequest.class);
    assertEquals(stored.getIdPart(), again.getIdPart(), "the same identifier: the first");
    assertEquals(1, count("SELECT COUNT(*) FROM ost_prescription WHERE patient = ?",
        prescription.patient()));
    assertTrue(answered(hub.send("GET", "MedicationRequest/" + stored.getIdPart(),
        Role.PHARMACY, PHARMACY, null), 200, MedicationRequest.class).equalsDeep(stored));
    assertEquals(404, hub.send("GET", "MedicationRequest/" + stored.getIdPart(), Role.PHARMACY,
        OTHER_PHARMACY, null).statusCode(), "another pharmacy's");

    String elsewhere = answered(post("MedicationRequest", Role.PHARMACY, OTHER_PHARMACY,
        OstResources.write(prescription)), 201, MedicationRequest.class).getIdPart();
    assertFalse(elsewhere.equals(stored.getIdPart()), "the id is the pharmacy's own");
  }

  @Test
  void anInvalidPrescriptionIsRefusedWithEveryProblemAndNothingStored() throws Exception {
    MedicationRequest request = OstResources.write(methadone("rx-invalid", newPatient()));
    request.getSubject().getIdentifier().setValue("9434765918");
    request.getDispenseRequest().getValidityPeriod().getEndElement().setValueAsString(
        MON.plusDays(14).toString());
    long before = count("SELECT COUNT(*) FROM ost_prescription");

    HttpResponse<String> refused = post("MedicationRequest", Role.PHARMACY, PHARMACY, request);

    assertEquals(List.of("MedicationRequest.subject.identifier.value",
        "MedicationRequest.dispenseRequest.validityPeriod.end"), expressions(refused, 422));
    assertTrue(refused.body().contains("at most 14 days"), refused.body());
    assertFalse(refused.body().contains("9434765918"), "no NHS number echoed");
    assertEquals(before, count("SELECT COUNT(*) FROM ost_prescription"));
  }

  @Test
  void onlyAPharmacyMayUseTheOstOperations() throws Exception {
    OstPrescription prescription = methadone("rx-roles", newPatient());
    String id = register(prescription);
    for (Role role : List.of(Role.GP, Role.PROVIDER, Role.COMMISSIONER)) {
      assertEquals(403, post("MedicationRequest", role, PHARMACY,
          OstResources.write(prescription)).statusCode());
      assertEquals(403, post("MedicationDispense/$check?prescription=MedicationRequest/" + id
          + "&date=" + MON, role, PHARMACY, null).statusCode());
      assertEquals(403, post("MedicationDispense", role, PHARMACY, OstResources.dispensed(
          prescription, supply(prescription, MON), UUID.randomUUID(), PHARMACY)).statusCode());
      assertEquals(403, hub.send("GET", "MedicationRequest/" + id, role, PHARMACY, null)
          .statusCode());
    }
    assertEquals(0, count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()));
    assertEquals(3, count("SELECT COUNT(*) FROM audit_event WHERE operation = ? AND outcome ="
        + " 403", "POST MedicationDispense/$check"), "each refusal audited");
  }

  private static OstEvent.Dispensed supply(OstPrescription prescription, LocalDate day) {
    return new OstEvent.Dispensed(prescription.id(), day, List.of(day), true,
        prescription.dailyDose());
  }

  @Test
  void aCheckAnswersTheDecisionAndASupplyIsRecordedOnce() throws Exception {
    OstPrescription prescription = methadone("rx-supply", newPatient());
    String id = register(prescription);
    for (int day = 0; day <= 4; day++) { // Monday to Friday: nothing missed
      answered(post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(
          prescription, supply(prescription, MON.plusDays(day)), UUID.randomUUID(), PHARMACY)),
          201, MedicationDispense.class);
    }

    Parameters decision = check(id, MON.plusDays(5), null); // Saturday: Sunday's dose too

    assertEquals("dispense", value(decision, "decision"));
    assertEquals("true", value(decision, "supervised"));
    assertEquals("120", value(decision, "quantity"));
    assertEquals("60", value(decision, "take-away-quantity"));
    assertEquals("0", value(decision, "consecutive-missed"));
    assertEquals("ost-instalment", value(decision, "rule"));
    assertEquals("uk-ost|2015.1.0", value(decision, "rule-set"));

    UUID key = UUID.randomUUID();
    OstEvent.Dispensed saturday = new OstEvent.Dispensed(prescription.id(), MON.plusDays(5),
        List.of(MON.plusDays(5), MON.plusDays(6)), true, new BigDecimal("120"));
    MedicationDispense sent = OstResources.dispensed(prescription, saturday, key, PHARMACY);
    HttpResponse<String> created = post("MedicationDispense", Role.PHARMACY, PHARMACY, sent);

    MedicationDispense stored = answered(created, 201, MedicationDispense.class);
    assertEquals(key.toString(), stored.getIdPart());
    assertTrue(created.headers().firstValue("Location").orElseThrow()
        .endsWith("/fhir/MedicationDispense/" + key));
    assertEquals("MedicationRequest/" + id, stored.getAuthorizingPrescriptionFirstRep()
        .getReference());
    assertEquals(saturday, ((org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent.Dispensed)
        OstResources.read(stored)).event());

    MedicationDispense again = answered(post("MedicationDispense", Role.PHARMACY, PHARMACY,
        sent), 200, MedicationDispense.class);
    assertTrue(again.equalsDeep(stored), "the same key again: what was stored");
    assertEquals(6, count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()), "Monday's to Saturday's");
    MedicationDispense theirs = OstResources.dispensed(prescription, saturday, key,
        OTHER_PHARMACY);
    assertEquals(409, post("MedicationDispense", Role.PHARMACY, OTHER_PHARMACY, theirs)
        .statusCode(), "another pharmacy's key");
    assertEquals(200, hub.send("GET", "MedicationDispense/" + key, Role.PHARMACY, PHARMACY,
        null).statusCode());
    assertEquals(404, hub.send("GET", "MedicationDispense/" + key, Role.PHARMACY,
        OTHER_PHARMACY, null).statusCode());

    Parameters sunday = check(id, MON.plusDays(6), null);
    assertEquals("withhold", value(sunday, "decision"));
    assertEquals(WithholdReason.ALREADY_DISPENSED.code(), value(sunday, "reason"));
  }

  @Test
  void theThirdMissedDayRaisesExactlyOneNotification() throws Exception {
    OstPrescription prescription = methadone("rx-missed", newPatient());
    String id = register(prescription);
    post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(prescription,
        supply(prescription, MON), UUID.randomUUID(), PHARMACY));

    for (int day = 1; day <= 2; day++) {
      answered(notCollected(prescription, MON.plusDays(day)), 201, MedicationDispense.class);
      assertEquals(0, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ?",
          prescription.patient()), "day " + day);
    }
    MedicationDispense third = answered(notCollected(prescription, MON.plusDays(3)), 201,
        MedicationDispense.class);
    assertEquals("not-collected", third.getStatusReasonCodeableConcept().getCodingFirstRep()
        .getCode());
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ?"
        + " AND notification_key = ? AND flag_id IS NOT NULL", prescription.patient(),
        "missed-doses/" + MON.plusDays(1)));
    answered(notCollected(prescription, MON.plusDays(4)), 201, MedicationDispense.class);
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ?",
        prescription.patient()), "the same run of missed days: raised once");

    Parameters decision = check(id, MON.plusDays(5), null);
    assertEquals("withhold", value(decision, "decision"));
    assertEquals("missed-doses", value(decision, "reason"));
    assertEquals("4", value(decision, "consecutive-missed"));
    assertFalse(decision.getParameter().stream().anyMatch(p -> p.getName().equals(
        "notification")), "raised already when the third day was recorded");
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ?",
        prescription.patient()));
  }

  private static Parameters review(String prescription, String date, String id) {
    Parameters review = new Parameters();
    review.addParameter().setName("prescription").setValue(new StringType(prescription));
    if (date != null) {
      review.addParameter().setName("date").setValue(new DateType(date));
    }
    review.addParameter().setName("id").setValue(new StringType(id));
    return review;
  }

  @Test
  void aPrescribersReviewLetsDispensingResumeOnce() throws Exception {
    OstPrescription prescription = methadone("rx-review", newPatient());
    String id = register(prescription);
    for (int day = 0; day < 3; day++) {
      answered(notCollected(prescription, MON.plusDays(day)), 201, MedicationDispense.class);
    }
    assertEquals("withhold", value(check(id, MON.plusDays(3), null), "decision"));

    String key = UUID.randomUUID().toString();
    Parameters reviewed = answered(post("MedicationRequest/$prescriber-review", Role.PHARMACY,
        PHARMACY, review("rx-review", MON.plusDays(3).toString(), key)), 201,
        Parameters.class);
    assertEquals(MON.plusDays(3).toString(), value(reviewed, "date"));
    answered(post("MedicationRequest/$prescriber-review", Role.PHARMACY, PHARMACY,
        review("rx-review", MON.plusDays(3).toString(), key)), 200, Parameters.class);
    assertEquals(1, count("SELECT COUNT(*) FROM ost_event WHERE patient = ? AND kind ="
        + " 'reviewed'", prescription.patient()));

    Parameters thursday = check(id, MON.plusDays(3), null);
    assertEquals("dispense", value(thursday, "decision"));
    assertEquals("0", value(thursday, "consecutive-missed"));
  }

  @Test
  void aReviewWithoutItsFactsOrForAnotherPharmacysPrescriptionIsRefused() throws Exception {
    OstPrescription prescription = methadone("rx-review-bad", newPatient());
    register(prescription);
    // Both problems at once: the date missing, the id not a UUID (its profile's uuid-1).
    HttpResponse<String> refused = post("MedicationRequest/$prescriber-review", Role.PHARMACY,
        PHARMACY, review("rx-review-bad", null, "not-a-uuid"));
    List<String> at = expressions(refused, 422);
    assertEquals(2, at.size(), refused.body());
    assertTrue(at.contains("Parameters.parameter.where(name = 'date')"), refused.body());
    assertTrue(refused.body().contains("uuid-1"), refused.body());
    expressions(post("MedicationRequest/$prescriber-review", Role.PHARMACY, OTHER_PHARMACY,
        review("rx-review-bad", MON.toString(), UUID.randomUUID().toString())), 404);
    expressions(post("MedicationRequest/$prescriber-review", Role.GP, "A81001",
        review("rx-review-bad", MON.toString(), UUID.randomUUID().toString())), 403);
    assertEquals(0, count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()));
  }

  @Test
  void aCheckRaisesItsNotificationOnceHoweverOftenItIsRepeated() throws Exception {
    OstPrescription prescription = methadone("rx-check-again", newPatient());
    String id = register(prescription);

    Parameters first = check(id, MON.plusDays(3), null); // nothing collected since Monday

    assertEquals("withhold", value(first, "decision"));
    assertEquals("missed-doses", value(first, "reason"));
    Communication notification = assertInstanceOf(Communication.class,
        first.getParameter("notification").getResource());
    assertEquals(PHARMACY + "/rx-check-again/missed-doses/" + MON,
        notification.getIdentifierFirstRep().getValue());
    assertEquals("MedicationRequest/" + id, notification.getAboutFirstRep().getReference());
    assertEquals(2, notification.getRecipient().size(), "prescriber and keyworker");
    Flag flag = assertInstanceOf(Flag.class, first.getParameter("flag").getResource());
    assertEquals(prescription.patient(), flag.getSubject().getIdentifier().getValue());
    assertEquals(1, count("SELECT COUNT(*) FROM audit_event WHERE entity = ? AND outcome = 200"
        + " AND action = 'E'", "MedicationRequest/" + id));

    for (int i = 0; i < 2; i++) {
      Parameters again = check(id, MON.plusDays(3 + i), null);
      assertEquals("withhold", value(again, "decision"));
      assertFalse(again.getParameter().stream().anyMatch(p -> p.getName().equals(
          "notification") || p.getName().equals("flag")), "nothing new");
    }
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ?",
        prescription.patient()));
    assertEquals(4, count("SELECT COUNT(*) FROM audit_event WHERE entity = ?",
        "MedicationRequest/" + id), "the registration's audit row and one per check");
  }

  @Test
  void anIntoxicatedPatientIsNotDosedAndBothAreTold() throws Exception {
    OstPrescription prescription = methadone("rx-intoxicated", newPatient());
    String id = register(prescription);

    Parameters decision = check(id, MON, new Parameters().addParameter("intoxicated", true));

    assertEquals("withhold", value(decision, "decision"));
    assertEquals("intoxicated", value(decision, "reason"));
    assertEquals(1, decision.getParameter().stream().filter(p -> p.getName().equals(
        "notification")).count());
    assertFalse(decision.getParameter().stream().anyMatch(p -> p.getName().equals("flag")),
        "withheld today, not pending review");
  }

  @Test
  void aCheckOfAnUnknownOrAnotherPharmacysPrescriptionIsNotFound() throws Exception {
    String id = register(methadone("rx-unknown", newPatient()));

    assertEquals(List.of(""), expressions(post("MedicationDispense/$check?prescription="
        + "MedicationRequest/nothing&date=" + MON, Role.PHARMACY, PHARMACY, null), 404));
    assertEquals(404, post("MedicationDispense/$check?prescription=MedicationRequest/" + id
        + "&date=" + MON, Role.PHARMACY, OTHER_PHARMACY, null).statusCode());
    assertEquals(400, post("MedicationDispense/$check?prescription=" + id + "&date=" + MON,
        Role.PHARMACY, PHARMACY, null).statusCode(), "not a reference");
    assertEquals(400, post("MedicationDispense/$check?prescription=MedicationRequest/" + id
        + "&date=2026-3-2", Role.PHARMACY, PHARMACY, null).statusCode(), "not a date");
    assertEquals(422, post("MedicationDispense/$check?prescription=MedicationRequest/" + id
        + "&date=" + MON, Role.PHARMACY, PHARMACY, new Parameters().addParameter("drunk",
        true)).statusCode(), "an unknown parameter");
  }

  @Test
  void aDispenseThatDoesNotFitItsPrescriptionIsRefusedAndNothingStored() throws Exception {
    OstPrescription prescription = methadone("rx-misfit", newPatient());
    register(prescription);
    OstPrescription unknown = methadone("rx-never-registered", prescription.patient());
    OstPrescription someoneElse = methadone("rx-misfit", newPatient());

    assertEquals(List.of("MedicationDispense.authorizingPrescription"), expressions(post(
        "MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(unknown,
            supply(unknown, MON), UUID.randomUUID(), PHARMACY)), 422));
    assertEquals(List.of("MedicationDispense.subject"), expressions(post("MedicationDispense",
        Role.PHARMACY, PHARMACY, OstResources.dispensed(someoneElse, supply(someoneElse, MON),
            UUID.randomUUID(), PHARMACY)), 422));
    assertEquals(List.of("MedicationDispense.performer"), expressions(post(
        "MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(prescription,
            supply(prescription, MON), UUID.randomUUID(), OTHER_PHARMACY)), 422));
    assertEquals(List.of(DAYS), expressions(post("MedicationDispense", Role.PHARMACY, PHARMACY,
        OstResources.dispensed(prescription, supply(prescription, MON.minusDays(1)),
            UUID.randomUUID(), PHARMACY)), 422), "before the prescription");
    answered(post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(
        prescription, supply(prescription, MON), UUID.randomUUID(), PHARMACY)), 201,
        MedicationDispense.class);
    assertEquals(List.of(DAYS), expressions(notCollected(prescription, MON), 422),
        "a day supplied cannot be missed");
    MedicationDispense noKey = OstResources.dispensed(prescription, supply(prescription,
        MON.plusDays(1)), UUID.randomUUID(), PHARMACY);
    noKey.getIdentifier().clear();
    assertEquals(List.of("MedicationDispense.identifier"), expressions(post(
        "MedicationDispense", Role.PHARMACY, PHARMACY, noKey), 422));
    assertEquals(1, count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()));
  }

  // ---- issue 17: the withhold holds until the prescriber's review ----

  private HttpResponse<String> supplied(OstPrescription prescription, LocalDate day, UUID key)
      throws Exception {
    return post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.dispensed(
        prescription, supply(prescription, day), key, PHARMACY));
  }

  /** The answer to a supply against a withhold: one warning naming the rule. */
  private static OperationOutcome.OperationOutcomeIssueComponent againstWithhold(
      HttpResponse<String> response, int status) {
    OperationOutcome outcome = answered(response, status, OperationOutcome.class);
    assertEquals(1, outcome.getIssue().size(), response.body());
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
    assertEquals(OperationOutcome.IssueSeverity.WARNING, issue.getSeverity());
    assertEquals(OperationOutcome.IssueType.BUSINESSRULE, issue.getCode());
    assertTrue(issue.getDiagnostics().contains("ost-missed-doses-review"), response.body());
    assertTrue(issue.getDiagnostics().contains("pending prescriber review"), response.body());
    return issue;
  }

  /** One text value from the server's database. */
  private String text(String sql, String parameter) throws Exception {
    try (var db = hub.connect(); var select = db.prepareStatement(sql)) {
      select.setString(1, parameter);
      try (var row = select.executeQuery()) {
        assertTrue(row.next(), sql);
        return row.getString(1);
      }
    }
  }

  private List<String> notificationKeys(String patient) throws Exception {
    List<String> keys = new java.util.ArrayList<>();
    try (var db = hub.connect(); var select = db.prepareStatement("SELECT notification_key"
        + " FROM ost_notification WHERE patient = ? ORDER BY notification_key")) {
      select.setString(1, patient);
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
    }
    return keys;
  }

  @Test
  void aSupplyAgainstTheWithholdIsKeptWarnedToldOnceAndDoesNotLiftIt() throws Exception {
    OstPrescription prescription = methadone("rx-against", newPatient());
    String id = register(prescription);
    answered(supplied(prescription, MON, UUID.randomUUID()), 201, MedicationDispense.class);
    for (int day = 1; day <= 3; day++) { // Tuesday to Thursday not collected
      answered(notCollected(prescription, MON.plusDays(day)), 201, MedicationDispense.class);
    }
    LocalDate friday = MON.plusDays(4);
    assertEquals("withhold", value(check(id, friday, null), "decision"));

    UUID key = UUID.randomUUID();
    HttpResponse<String> created = supplied(prescription, friday, key);

    againstWithhold(created, 201);
    assertTrue(created.headers().firstValue("Location").orElseThrow()
        .endsWith("/fhir/MedicationDispense/" + key), "where the supply was kept");
    MedicationDispense stored = answered(hub.send("GET", "MedicationDispense/" + key,
        Role.PHARMACY, PHARMACY, null), 200, MedicationDispense.class);
    assertEquals("completed", stored.getStatus().toCode(), "kept as what happened");
    org.hl7.fhir.r4.model.DetectedIssue issue = assertInstanceOf(
        org.hl7.fhir.r4.model.DetectedIssue.class, stored.getContained().stream()
            .filter(r -> r instanceof org.hl7.fhir.r4.model.DetectedIssue).findFirst()
            .orElseThrow());
    assertEquals("#" + issue.getIdPart(), stored.getDetectedIssueFirstRep().getReference());
    assertTrue(issue.getDetail().contains("ost-missed-doses-review"), issue.getDetail());
    againstWithhold(supplied(prescription, friday, key), 200); // the same key: the same answer
    assertEquals(1, count("SELECT COUNT(*) FROM ost_event WHERE id = ?", key.toString()));

    List<String> keys = notificationKeys(prescription.patient());
    assertEquals(List.of("missed-doses/" + MON.plusDays(1), "supplied-against-withhold/"
        + friday), keys, "the prescriber and keyworker told of the supply, once");
    Communication told = TestHub.FHIR.newJsonParser().parseResource(Communication.class,
        text("SELECT communication FROM ost_notification WHERE patient = ? AND"
            + " notification_key LIKE 'supplied-%'", prescription.patient()));
    assertEquals(List.of(), ServerValidator.get().errors(told));
    assertEquals(List.of(GP.organisation(), KEYWORKER.organisation()), told.getRecipient()
        .stream().map(r -> r.getIdentifier().getValue()).toList());

    for (LocalDate day : List.of(friday, friday.plusDays(1))) {
      Parameters decision = check(id, day, null);
      assertEquals("withhold", value(decision, "decision"), day.toString());
      assertEquals("missed-doses", value(decision, "reason"), day.toString());
      assertEquals(MON.plusDays(4).toString(), value(decision, "review-pending-since"));
    }
    assertEquals("0", value(check(id, friday.plusDays(1), null), "consecutive-missed"),
        "Friday was supplied: the current run is honest");
    assertEquals(2, notificationKeys(prescription.patient()).size(), "nothing raised again");

    answered(post("MedicationRequest/$prescriber-review", Role.PHARMACY, PHARMACY,
        review("rx-against", friday.plusDays(1).toString(), UUID.randomUUID().toString())),
        201, Parameters.class);
    assertEquals("dispense", value(check(id, friday.plusDays(1), null), "decision"));
  }

  @Test
  void eightUnrecordedMissedDaysWithholdOnceAndASupplyAfterThemDoesNotLiftIt()
      throws Exception {
    OstPrescription prescription = methadone("rx-unrecorded", newPatient());
    String id = register(prescription);
    answered(supplied(prescription, MON, UUID.randomUUID()), 201, MedicationDispense.class);
    answered(supplied(prescription, MON.plusDays(1), UUID.randomUUID()), 201,
        MedicationDispense.class);
    // Wednesday to Saturday and Monday to Thursday: eight instalment days, nothing recorded.
    LocalDate friday = MON.plusDays(11);

    Parameters first = check(id, friday, null);

    assertEquals("withhold", value(first, "decision"));
    assertEquals("missed-doses", value(first, "reason"));
    assertEquals("9", value(first, "consecutive-missed"), "Sunday's dose was missed too");
    assertEquals(1, first.getParameter().stream().filter(p -> p.getName().equals(
        "notification")).count());
    assertEquals(List.of("missed-doses/" + MON.plusDays(2)),
        notificationKeys(prescription.patient()));

    againstWithhold(supplied(prescription, friday, UUID.randomUUID()), 201);
    Parameters saturday = check(id, friday.plusDays(1), null);
    assertEquals("withhold", value(saturday, "decision"));
    assertEquals("missed-doses", value(saturday, "reason"));
    assertEquals(List.of("missed-doses/" + MON.plusDays(2), "supplied-against-withhold/"
        + friday), notificationKeys(prescription.patient()));
  }

  @Test
  void aSupplyAfterUnrecordedMissedDaysWithNoCheckRaisesTheWithholdAndIsFlagged()
      throws Exception {
    OstPrescription prescription = methadone("rx-unchecked", newPatient());
    String id = register(prescription);
    answered(supplied(prescription, MON, UUID.randomUUID()), 201, MedicationDispense.class);
    LocalDate friday = MON.plusDays(4); // Tuesday to Thursday: nothing recorded, no check

    againstWithhold(supplied(prescription, friday, UUID.randomUUID()), 201);

    assertEquals(List.of("missed-doses/" + MON.plusDays(1), "supplied-against-withhold/"
        + friday), notificationKeys(prescription.patient()));
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ? AND"
        + " flag_id IS NOT NULL", prescription.patient()), "the withhold's Flag, once");
    assertEquals("withhold", value(check(id, friday.plusDays(1), null), "decision"));
    assertEquals(2, notificationKeys(prescription.patient()).size());
  }

  @Test
  void aDoseWithheldAtACounterForUnrecordedMissedDaysRaisesTheNotificationOnce()
      throws Exception {
    OstPrescription prescription = methadone("rx-withheld-elsewhere", newPatient());
    register(prescription);
    answered(supplied(prescription, MON, UUID.randomUUID()), 201, MedicationDispense.class);
    // Tuesday to Thursday: nothing recorded; the plug-in withholds on Friday and Saturday.
    for (int day = 4; day <= 5; day++) {
      answered(post("MedicationDispense", Role.PHARMACY, PHARMACY, OstResources.withheld(
          prescription, MON.plusDays(day), WithholdReason.MISSED_DOSES, UUID.randomUUID(),
          PHARMACY)), 201, MedicationDispense.class);
    }
    assertEquals(List.of("missed-doses/" + MON.plusDays(1)),
        notificationKeys(prescription.patient()), "the prescriber is told, once");
    assertEquals(1, count("SELECT COUNT(*) FROM ost_notification WHERE patient = ? AND"
        + " flag_id IS NOT NULL", prescription.patient()));
  }

  @Test
  void notificationIdentifiersNameThePrescriptionAndTheOccasion() throws Exception {
    List<String> identifiers = new java.util.ArrayList<>();
    for (int i = 1; i <= 4; i++) { // four patients, nothing collected since Monday
      OstPrescription prescription = methadone("rx-same-day-" + i, newPatient());
      String id = register(prescription);
      Parameters decision = check(id, MON.plusDays(3), null);
      Communication notification = assertInstanceOf(Communication.class,
          decision.getParameter("notification").getResource());
      Flag flag = assertInstanceOf(Flag.class, decision.getParameter("flag").getResource());
      String identifier = notification.getIdentifierFirstRep().getValue();
      assertEquals(OstResources.NOTIFICATION_SYSTEM, notification.getIdentifierFirstRep()
          .getSystem());
      assertEquals(PHARMACY + "/rx-same-day-" + i + "/missed-doses/" + MON, identifier,
          "the pharmacy, its prescription id and the occasion");
      assertEquals(identifier, flag.getIdentifierFirstRep().getValue());
      identifiers.add(identifier);
      Communication stored = TestHub.FHIR.newJsonParser().parseResource(Communication.class,
          text("SELECT communication FROM ost_notification WHERE patient = ?",
              prescription.patient()));
      assertEquals(identifier, stored.getIdentifierFirstRep().getValue(), "as kept");
    }
    assertEquals(4, identifiers.stream().distinct().count(), identifiers.toString());
  }

  @Test
  void aWithheldDoseIsRecordedAsDeclinedWithItsReason() throws Exception {
    OstPrescription prescription = methadone("rx-withheld", newPatient());
    register(prescription);

    MedicationDispense stored = answered(post("MedicationDispense", Role.PHARMACY, PHARMACY,
        OstResources.withheld(prescription, MON, WithholdReason.INTOXICATED, UUID.randomUUID(),
            PHARMACY)), 201, MedicationDispense.class);

    assertEquals("declined", stored.getStatus().toCode());
    assertEquals("intoxicated", stored.getStatusReasonCodeableConcept().getCodingFirstRep()
        .getCode());
    assertEquals(1, count("SELECT COUNT(*) FROM ost_event WHERE patient = ? AND kind ="
        + " 'withheld'", prescription.patient()));
  }
}
