package org.recoverylink.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.routing.RouteParameters;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.Systems;

/** The vendor's entry point: the same answers as the parts it gathers, from one place. */
class RecoveryLinkFhirTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
  private static final RecoveryLinkFhir FHIR = RecoveryLinkFhir.builder()
      .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();

  private static QuestionnaireResponse audit(boolean highest) {
    return Forms.fill(Questionnaires.find("audit").orElseThrow(), highest);
  }

  /** The JSON with its random urn:uuid ids made alike. */
  private static String stable(Bundle bundle) {
    return FHIR.toJson(bundle).replaceAll(
        "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "uuid");
  }

  private static Parameters routeFor(String birthDate) {
    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType(birthDate));
    patient.addAddress().setUse(Address.AddressUse.HOME).setPostalCode("CO15 1AA");
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient);
    return parameters;
  }

  @Test
  void assessingAResponseGivesTheResultBundleStampedByTheClock() {
    QuestionnaireResponse response = audit(true);
    Bundle result = FHIR.assess(response);
    Bundle expected = ResultBundle.of(new FhirAssessor(Assessor.standard()).assess(
        Map.of("QuestionnaireResponse", response), List.of(), Set.of()), NOW);
    assertEquals(stable(expected), stable(result));
    assertEquals(Date.from(NOW), result.getTimestamp());
    assertTrue(result.getEntry().stream().anyMatch(e -> e.getResource() instanceof Flag));
  }

  @Test
  void assessingParametersReadsThemAsTheEndpointDoes() {
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue("9434765919");
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(audit(false));
    parameters.addParameter().setName("patient").setResource(patient);

    Bundle result = FHIR.assess(parameters);

    assertTrue(FHIR.toJson(result).contains("9434765919"), "the patient is the subject");
    parameters.addParameter().setName("nonsense").setResource(new Patient());
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> FHIR.assess(parameters));
    assertEquals("Parameters.parameter[2].name", refused.issues().get(0).expression());
  }

  @Test
  void aScoreIsTheTotalAndBandOnly() {
    assertEquals(FHIR.assessor().score(audit(true), null), FHIR.score(audit(true)));
    assertEquals(40, FHIR.score(audit(true)).total());
  }

  @Test
  void questionnairesAreTheBuiltInOnesAsCopies() {
    assertEquals(Questionnaires.all().size(), FHIR.questionnaires().size());
    assertEquals("audit-c", FHIR.questionnaire("audit-c").orElseThrow().getIdPart());
    assertNotSame(FHIR.questionnaire("audit").get(), FHIR.questionnaire("audit").get());
    assertTrue(FHIR.questionnaire("nonesuch").isEmpty());
  }

  @Test
  void routingTakesTodayFromTheClockInEngland() {
    // Born a week after the clock's day: refused as a birth date in the future.
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> FHIR.route(routeFor("2026-11-29")));
    assertEquals("Parameters.parameter[0].resource.birthDate",
        refused.issues().get(0).expression());
    RecoveryLinkFhir later = RecoveryLinkFhir.builder()
        .clock(Clock.fixed(Instant.parse("2027-01-01T00:00:00Z"), ZoneOffset.UTC)).build();
    Parameters answer = later.route(routeFor("2026-11-29"));
    assertFalse(answer.getParameters("service").isEmpty());

    Parameters adult = FHIR.route(routeFor("1990-03-04"));
    assertEquals(FHIR.toJson(RouteParameters.write(FHIR.routeDecision(routeFor("1990-03-04"),
        NOW.atZone(RouteParameters.ENGLAND).toLocalDate()))), FHIR.toJson(adult));
  }

  @Test
  void theDirectoryIsTheBuiltInOneUnlessGivenAndReadsBack() {
    assertSame(EssexDirectory.directory(), RecoveryLinkFhir.standard().directory());
    Bundle bundle = FHIR.directoryBundle();
    assertEquals(EssexDirectory.directory().version(),
        new DirectoryBundle(FhirContext.forR4Cached()).read(bundle).version());
    var mine = new DirectoryBundle(FhirContext.forR4Cached()).read(bundle);
    assertSame(mine, RecoveryLinkFhir.builder().directory(mine).build().directory());
  }

  @Test
  void parsingIsStrict() {
    assertEquals("x", FHIR.parse("{\"resourceType\":\"Patient\",\"id\":\"x\"}", Patient.class)
        .getIdPart());
    assertThrows(InvalidFhirInputException.class,
        () -> FHIR.parse("{\"resourceType\":\"Patient\",\"id\":\"x\",\"id\":\"y\"}",
            Patient.class));
  }

  @Test
  void harmReductionResourcesRoundTrip() {
    var visit = Examples.fullVisit("FA123");
    assertEquals(visit, FHIR.nspTransaction(FHIR.nspParameters(visit)));
    var supply = Examples.firstSupply("FA123");
    assertEquals(supply, FHIR.naloxoneSupply(FHIR.naloxoneParameters(supply)));
  }

  @Test
  void ostUsesTheChosenSettingsAndPrescriptionsRoundTrip() {
    OstSettings settings = OstSettings.ukDefault();
    RecoveryLinkFhir fhir = RecoveryLinkFhir.builder().ostSettings(settings).build();
    assertSame(settings, fhir.ostRules().settings());

    LocalDate monday = LocalDate.of(2026, 3, 2);
    OstPrescription prescription = new OstPrescription("rx-1", "9434765919",
        OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.daily(),
        Optional.empty(), monday, monday.plusDays(13), new Contact(
            Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"), new Contact(
            Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));
    assertEquals(prescription, fhir.ostPrescription(fhir.ostMedicationRequest(prescription)));
    UUID key = UUID.randomUUID();
    OstEvent.Dispensed supply = new OstEvent.Dispensed("rx-1", monday, List.of(monday), true,
        new BigDecimal("60"));
    OstDispenseEvent read = fhir.ostDispenseEvent(OstResources.dispensed(prescription, supply,
        key, "FA123"));
    assertEquals(key, read.key());
    assertEquals(supply, ((OstDispenseEvent.Dispensed) read).event());
  }

  @Test
  void anInterventionIsReadAsTheServerRecordsIt() {
    var sent = InterventionProcedures.builder(Intervention.BRIEF).patient("9434765919")
        .performer("A81001").performed(NOW).build();
    assertEquals("A81001", FHIR.intervention(sent).getPerformerFirstRep().getActor()
        .getIdentifier().getValue());
    assertThrows(InvalidFhirInputException.class, () -> FHIR.intervention(new Procedure()));
  }

  @Test
  void builderRefusesNulls() {
    assertThrows(NullPointerException.class, () -> RecoveryLinkFhir.builder().clock(null));
    assertThrows(NullPointerException.class, () -> RecoveryLinkFhir.builder().assessor(null));
    assertThrows(NullPointerException.class, () -> RecoveryLinkFhir.builder().directory(null));
    assertThrows(NullPointerException.class,
        () -> RecoveryLinkFhir.builder().ostSettings(null));
    assertThrows(NullPointerException.class,
        () -> RecoveryLinkFhir.builder().fhirContext(null));
  }

  @Test
  void oneInstanceServesManyThreadsAtOnce() throws Exception {
    String expected = stable(FHIR.assess(audit(true)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        answers.add(pool.submit(() -> stable(FHIR.assess(audit(true)))));
      }
      for (Future<String> answer : answers) {
        assertEquals(expected, answer.get());
      }
    } finally {
      pool.shutdown();
    }
  }
}
