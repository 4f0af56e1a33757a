package org.recoverylink.pharmacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.screening.Response;
import org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.pharmacy.local.LocalPharmacy;

/** The plug-in as a PMR system uses it, syncing to a real HAPI FHIR server on loopback. */
class PharmacyPluginTest {

  static final LocalDate MON = Counter.MONDAY_2_MARCH;
  static final ResourceValidator VALIDATOR =
      new ResourceValidator(ca.uhn.fhir.context.FhirContext.forR4Cached()).warmUp();

  @TempDir
  Path data;
  final ReceivingServer server = new ReceivingServer();

  @BeforeEach
  void startServer() throws Exception {
    server.start();
  }

  @AfterEach
  void stopServer() throws Exception {
    server.close();
  }

  PharmacyPlugin open() {
    return PharmacyPlugin.open(PluginSettings.local(data, Counter.PHARMACY)
        .syncingToFhirServer(server.base(), () -> null).withSyncEvery(Duration.ZERO));
  }

  @Test
  void theServiceLoaderFindsThePlugin() {
    try (PharmacyPlugin plugin = open()) {
      assertInstanceOf(LocalPharmacy.class, plugin);
    }
  }

  @Test
  void aSupervisedDoseIsDecidedLocallyRecordedOnceAndSyncedValid() {
    try (PharmacyPlugin plugin = open()) {
      plugin.registerPrescription(Counter.methadone("rx-1", "9434765919"));
      DispenseDecision.Dispense dose = assertInstanceOf(DispenseDecision.Dispense.class,
          plugin.beforeDispense("rx-1", MON, Presentation.USUAL));
      assertTrue(dose.supervised());
      plugin.recordDispense("rx-1", dose);
      assertEquals(WithholdReason.ALREADY_DISPENSED, assertInstanceOf(
          DispenseDecision.Withhold.class, plugin.beforeDispense("rx-1", MON,
              Presentation.USUAL)).reason());
      assertThrows(InvalidPharmacyDataException.class, () -> plugin.recordDispense("rx-1",
          dose));

      SyncStatus status = plugin.syncNow();
      assertEquals(0, status.pending());
      assertTrue(status.lastSent().isPresent());
    }
    List<ReceivingServer.Kept> kept = server.kept();
    assertEquals(List.of("MedicationRequest", "MedicationDispense"),
        kept.stream().map(ReceivingServer.Kept::type).toList());
    kept.forEach(k -> assertEquals(List.of(), VALIDATOR.errors(k.resource()), k.type()));
    OstDispenseEvent.Dispensed supplied = assertInstanceOf(OstDispenseEvent.Dispensed.class,
        OstResources.read((MedicationDispense) kept.get(1).resource()));
    assertEquals(MON, supplied.date());
  }

  @Test
  void theThirdMissedDayNotifiesOnceAndWithholdsUntilReview() {
    try (PharmacyPlugin plugin = open()) {
      plugin.registerPrescription(Counter.methadone("rx-1", "9434765919"));
      plugin.recordMissed("rx-1", MON);
      plugin.recordMissed("rx-1", MON.plusDays(1));
      MissedDay third = plugin.recordMissed("rx-1", MON.plusDays(2));
      assertTrue(third.reviewRequired());
      assertEquals(1, third.notifications().size());

      DispenseDecision.Withhold thursday = assertInstanceOf(DispenseDecision.Withhold.class,
          plugin.beforeDispense("rx-1", MON.plusDays(3), Presentation.USUAL));
      assertEquals(WithholdReason.MISSED_DOSES, thursday.reason());
      assertEquals(List.of(), thursday.notifications()); // raised already, not twice

      plugin.recordPrescriberReview("rx-1", MON.plusDays(4));
      assertInstanceOf(DispenseDecision.Dispense.class, plugin.beforeDispense("rx-1",
          MON.plusDays(4), Presentation.USUAL));
      assertEquals(0, plugin.syncNow().pending());
    }
    Map<String, Integer> types = new TreeMap<>();
    server.kept().forEach(k -> types.merge(k.type(), 1, Integer::sum));
    // prescription; three days not collected and Thursday's withheld dose; one notification
    assertEquals(Map.of("Communication", 1, "Flag", 1, "MedicationDispense", 4,
        "MedicationRequest", 1), types);
    server.kept().forEach(k -> assertEquals(List.of(), VALIDATOR.errors(k.resource()),
        k.type()));
  }

  @Test
  void theJournalOutlivesTheProcessAndBadInputRecordsNothing() {
    try (PharmacyPlugin plugin = open()) {
      plugin.registerPrescription(Counter.methadone("rx-1", "9434765919"));
      for (int day = 0; day < 6; day++) { // Monday to Saturday, Sunday's dose a take-away
        plugin.recordDispense("rx-1", (DispenseDecision.Dispense) plugin.beforeDispense("rx-1",
            MON.plusDays(day), Presentation.USUAL));
      }
    }
    try (PharmacyPlugin plugin = open()) {
      long before = plugin.status().pending();
      assertEquals(WithholdReason.ALREADY_DISPENSED, assertInstanceOf(
          DispenseDecision.Withhold.class, plugin.beforeDispense("rx-1", MON.plusDays(6),
              Presentation.USUAL)).reason());
      InvalidPharmacyDataException covered = assertThrows(InvalidPharmacyDataException.class,
          () -> plugin.recordMissed("rx-1", MON.plusDays(6)));
      assertEquals("date", covered.problems().get(0).field());
      assertThrows(IllegalArgumentException.class, () -> plugin.recordMissed("rx-9", MON));
      assertEquals(before, plugin.status().pending());
    }
  }

  /**
   * A PMR system may call the plug-in on a thread it then interrupts (a task cancelled at the
   * counter). The journal is read from its file on that thread; Java closes a file channel under
   * an interrupted thread, and the journal must not close with it: later calls would all fail.
   */
  @Test
  void aCallOnAnInterruptedThreadIsAnsweredAndTheJournalGoesOn() throws Exception {
    try (PharmacyPlugin plugin = open()) {
      plugin.registerPrescription(Counter.methadone("rx-1", "9434765919"));
      for (int day = 0; day < 3; day++) {
        plugin.recordDispense("rx-1", (DispenseDecision.Dispense) plugin.beforeDispense("rx-1",
            MON.plusDays(day), Presentation.USUAL));
      }
      // A pharmacy's year of other clients: the journal is more than is read at its opening.
      for (int client = 0; client < 300; client++) {
        String id = "rx-other-" + client;
        plugin.registerPrescription(Counter.methadone(id, Counter.nhsNumber(client)));
        plugin.recordDispense(id, (DispenseDecision.Dispense) plugin.beforeDispense(id, MON,
            Presentation.USUAL));
      }
    }
    try (PharmacyPlugin plugin = open()) { // opened again: nothing read from the file yet
      AtomicReference<Object> answer = new AtomicReference<>();
      Thread counter = new Thread(() -> {
        Thread.currentThread().interrupt();
        try {
          answer.set(plugin.beforeDispense("rx-1", MON.plusDays(1), Presentation.USUAL));
        } catch (RuntimeException e) {
          answer.set(e);
        }
      });
      counter.start();
      counter.join();
      assertEquals(WithholdReason.ALREADY_DISPENSED,
          assertInstanceOf(DispenseDecision.Withhold.class, answer.get()).reason());
      plugin.recordDispense("rx-1", (DispenseDecision.Dispense) plugin.beforeDispense("rx-1",
          MON.plusDays(3), Presentation.USUAL));
    }
    try (PharmacyPlugin plugin = open()) {
      assertEquals(WithholdReason.ALREADY_DISPENSED, assertInstanceOf(
          DispenseDecision.Withhold.class, plugin.beforeDispense("rx-1", MON.plusDays(3),
              Presentation.USUAL)).reason());
    }
  }

  /** Methadone at {@code dose} mg a day, otherwise {@link Counter#methadone}. */
  static OstPrescription methadone(String id, String dose) {
    OstPrescription usual = Counter.methadone(id, "9434765919");
    return new OstPrescription(id, usual.patient(), usual.medicine(), new BigDecimal(dose),
        usual.schedule(), usual.supervisedUntil(), usual.validFrom(), usual.validTo(),
        usual.prescriber(), usual.keyworker());
  }

  @Test
  void aDoseOverTheConfiguredBoundIsRefusedAndNothingKept() {
    try (PharmacyPlugin plugin = open()) {
      for (String dose : List.of("1e999", "2000.001")) {
        InvalidPharmacyDataException refused = assertThrows(InvalidPharmacyDataException.class,
            () -> plugin.registerPrescription(methadone("rx-" + dose, dose)));
        assertEquals("dailyDose", refused.problems().get(0).field());
        assertTrue(refused.getMessage().contains("at most 2000 mg"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> plugin.beforeDispense("rx-" + dose,
            MON, Presentation.USUAL), "not kept");
      }
      assertEquals(0, plugin.status().pending());
      plugin.registerPrescription(methadone("rx-bound", "2000"));
      assertInstanceOf(DispenseDecision.Dispense.class, plugin.beforeDispense("rx-bound", MON,
          Presentation.USUAL));
    }
    try (PharmacyPlugin plugin = PharmacyPlugin.open(PluginSettings.local(data.resolve("high"),
        Counter.PHARMACY).withOst(OstSettings.ukDefault().withMaxDailyDose(
            OstMedicine.METHADONE, new BigDecimal("2500"))))) {
      plugin.registerPrescription(methadone("rx-high", "2500"));
      assertEquals(new BigDecimal("2500"), assertInstanceOf(DispenseDecision.Dispense.class,
          plugin.beforeDispense("rx-high", MON, Presentation.USUAL)).supervisedQuantity());
      assertThrows(InvalidPharmacyDataException.class,
          () -> plugin.registerPrescription(methadone("rx-higher", "2500.001")));
    }
  }

  @Test
  void screeningGivesTheBriefAdviceTheRulesAskFor() {
    try (PharmacyPlugin plugin = open()) {
      Response audit = Response.builder("audit").points("audit-1", 3).points("audit-2", 3)
          .points("audit-3", 3).points("audit-4", 3).points("audit-5", 0).points("audit-6", 0)
          .points("audit-7", 0).points("audit-8", 0).points("audit-9", 0).points("audit-10", 0)
          .build();
      Assessment assessment = plugin.screen(audit);
      assertEquals(12, assessment.score("audit").orElseThrow().total());
      assertTrue(assessment.advice(ActionCode.BRIEF_ADVICE).isPresent());
      assertEquals(0, plugin.status().pending()); // nothing identifying kept or sent
    }
  }

  /**
   * The acceptance test: the server is down all day, the plug-in's process is killed with its
   * journal open, restarted when the server is back, and every event arrives exactly once, in
   * order for each patient.
   */
  @Test
  void aDayRecordedOfflineSurvivesAKillAndArrivesOnceInOrder() throws Exception {
    server.stop();
    Process day = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        PharmacyDay.class.getName(), data.toString(), server.base().toString())
        .redirectErrorStream(true).start();
    String line;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(day.getInputStream(),
        StandardCharsets.UTF_8))) {
      do {
        line = out.readLine();
      } while (line != null && !line.startsWith(PharmacyDay.RECORDED));
      assertTrue(line != null, "the pharmacy process ended before recording its day");
      day.destroyForcibly(); // SIGKILL: no shutdown hook, the journal left open
      assertTrue(day.waitFor(30, TimeUnit.SECONDS));
    }
    assertEquals(PharmacyDay.RECORDED + " 13", line);
    assertEquals(0, server.creates());

    server.start();
    try (PharmacyPlugin plugin = open()) {
      assertEquals(13, plugin.status().pending());
      assertEquals(0, plugin.syncNow().pending());
      assertEquals(0, plugin.syncNow().pending()); // nothing left to send again
    }
    List<ReceivingServer.Kept> kept = server.kept();
    assertEquals(13, kept.size());
    assertEquals(13, server.creates()); // none sent twice
    assertEquals(kept.size(), kept.stream().map(ReceivingServer.Kept::identifier).distinct()
        .count());
    assertEquals(List.of("MedicationRequest rx-a", "dispensed 2026-03-02",
        "dispensed 2026-03-03", "dispensed 2026-03-04"), story(kept, "9434765919"));
    assertEquals(List.of("MedicationRequest rx-b", "not-collected 2026-03-02",
        "not-collected 2026-03-03", "not-collected 2026-03-04", "Communication", "Flag",
        "missed-doses 2026-03-05"), story(kept, "9434765870"));
    // The client's needle-exchange visit, then the naloxone kit given with it.
    List<String> bundles = kept.stream().filter(k -> k.type().equals("Bundle"))
        .map(k -> ((Bundle) k.resource()).getIdentifier().getValue()).toList();
    assertEquals(List.of(PharmacyDay.VISIT, PharmacyDay.KIT), bundles);
    kept.forEach(k -> assertEquals(List.of(), VALIDATOR.errors(k.resource()), k.type()));
  }

  /**
   * Issue 17: eight instalment days nobody recorded withhold until the prescriber's review; a
   * supply made anyway is kept, says it went against the withhold, tells the prescriber and
   * keyworker once, and does not lift it. Notification identifiers name the prescription.
   */
  @Test
  void unrecordedMissedDaysWithholdAndASupplyAgainstItIsKeptToldOnceAndLiftsNothing() {
    LocalDate friday = MON.plusDays(11);
    try (PharmacyPlugin plugin = open()) {
      plugin.registerPrescription(Counter.methadone("rx-1", "9434765919"));
      for (int day = 0; day <= 1; day++) {
        plugin.recordDispense("rx-1", (DispenseDecision.Dispense) plugin.beforeDispense("rx-1",
            MON.plusDays(day), Presentation.USUAL));
      }
      // Wednesday to Saturday and Monday to Thursday: nothing recorded.
      DispenseDecision.Withhold withheld = assertInstanceOf(DispenseDecision.Withhold.class,
          plugin.beforeDispense("rx-1", friday, Presentation.USUAL));
      assertEquals(WithholdReason.MISSED_DOSES, withheld.reason());
      assertEquals(9, withheld.consecutiveMissed());
      assertEquals(1, withheld.notifications().size());
      assertEquals(List.of(), assertInstanceOf(DispenseDecision.Withhold.class,
          plugin.beforeDispense("rx-1", friday, Presentation.USUAL)).notifications());

      DispenseDecision.Dispense handedOver = new DispenseDecision.Dispense(friday,
          List.of(friday), true, new BigDecimal("60"), BigDecimal.ZERO, 0,
          OstRules.COLLECTION_DAY, OstSettings.ukDefault().version());
      Supplied kept = plugin.recordDispense("rx-1", handedOver);
      assertTrue(kept.againstWithhold());
      assertEquals(Optional.of(OstRules.MISSED_DOSES), kept.against());
      assertEquals(List.of("supplied-against-withhold/" + friday), kept.notifications()
          .stream().map(Notification::key).toList());
      assertEquals(List.of(), plugin.recordDispense("rx-1", handedOver).notifications(),
          "recorded again: kept once, told once");

      DispenseDecision.Withhold saturday = assertInstanceOf(DispenseDecision.Withhold.class,
          plugin.beforeDispense("rx-1", friday.plusDays(1), Presentation.USUAL));
      assertEquals(WithholdReason.MISSED_DOSES, saturday.reason());
      assertEquals(0, saturday.consecutiveMissed());
      assertEquals(0, plugin.syncNow().pending());
    }
    List<ReceivingServer.Kept> kept = server.kept();
    kept.forEach(k -> assertEquals(List.of(), VALIDATOR.errors(k.resource()), k.type()));
    List<String> told = kept.stream().filter(k -> k.resource() instanceof Communication)
        .map(k -> ((Communication) k.resource()).getIdentifier().stream().filter(i ->
            i.getSystem().equals(OstResources.NOTIFICATION_SYSTEM)).findFirst().orElseThrow()
            .getValue()).toList();
    assertEquals(List.of(Counter.PHARMACY + "/rx-1/missed-doses/" + MON.plusDays(2),
        Counter.PHARMACY + "/rx-1/supplied-against-withhold/" + friday), told);
    assertEquals(1, kept.stream().filter(k -> k.type().equals("Flag")).count());
    MedicationDispense against = kept.stream().map(ReceivingServer.Kept::resource)
        .filter(r -> r instanceof MedicationDispense d && d.getStatus().toCode()
            .equals("completed") && d.getWhenHandedOverElement().getValueAsString()
            .equals(friday.toString())).map(MedicationDispense.class::cast).findFirst()
        .orElseThrow();
    assertTrue(OstResources.againstWithhold(against).orElseThrow()
        .contains("ost-missed-doses-review"));
  }

  @Test
  void needleExchangeAndNaloxoneAreRecordedForThisPharmacyOnly() {
    try (PharmacyPlugin plugin = open()) {
      InvalidPharmacyDataException elsewhere = assertThrows(InvalidPharmacyDataException.class,
          () -> plugin.recordNeedleExchange(Counter.visit(PharmacyDay.VISIT, "FB999")));
      assertEquals("pharmacy", elsewhere.problems().get(0).field());
      assertEquals(0, plugin.status().pending());

      plugin.recordNeedleExchange(Counter.visit(PharmacyDay.VISIT, Counter.PHARMACY));
      plugin.recordNeedleExchange(Counter.visit(PharmacyDay.VISIT, Counter.PHARMACY));
      NaloxoneRecord kit = plugin.recordNaloxone(Counter.firstKit(PharmacyDay.KIT,
          Counter.PHARMACY));
      assertTrue(kit.used().isEmpty());
      assertEquals(2, plugin.status().pending()); // the visit recorded twice is kept once
      assertEquals(0, plugin.syncNow().pending());
    }
    assertEquals(2, server.kept().size());
  }

  /** What reached the server for one patient, in arrival order, in words. */
  private static List<String> story(List<ReceivingServer.Kept> kept, String nhsNumber) {
    List<String> story = new ArrayList<>();
    for (ReceivingServer.Kept k : kept) {
      Resource resource = k.resource();
      if (resource instanceof MedicationRequest request
          && request.getSubject().getIdentifier().getValue().equals(nhsNumber)) {
        story.add("MedicationRequest " + request.getIdentifierFirstRep().getValue());
      } else if (resource instanceof MedicationDispense dispense
          && dispense.getSubject().getIdentifier().getValue().equals(nhsNumber)) {
        OstDispenseEvent event = OstResources.read(dispense);
        String what = event instanceof OstDispenseEvent.Withheld withheld
            ? withheld.reason().code() : event instanceof OstDispenseEvent.NotCollected
                ? "not-collected" : "dispensed";
        story.add(what + " " + event.date());
      } else if (resource instanceof Communication c
          && c.getSubject().getIdentifier().getValue().equals(nhsNumber)) {
        story.add("Communication");
      } else if (resource instanceof Flag f
          && f.getSubject().getIdentifier().getValue().equals(nhsNumber)) {
        story.add("Flag");
      }
    }
    return story;
  }
}
