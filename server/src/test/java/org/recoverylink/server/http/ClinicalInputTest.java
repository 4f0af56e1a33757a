package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/**
 * What a pharmacy or a practice may send us, over HTTP against the real server: an extension of
 * ours misspelt, misplaced or ill-typed, and absurd doses, quantities, counts and ages are each a
 * 422 naming the element (and the bound), with nothing stored.
 */
class ClinicalInputTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PHARMACY = OstSuite.PHARMACY;
  private static final LocalDate MON = OstSuite.MON;
  private static final String DOSE =
      "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity.value";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  private static HttpResponse<String> post(String path, IBaseResource body) throws Exception {
    return SERVER.send("POST", path, Role.PHARMACY, PHARMACY, body);
  }

  /** The OperationOutcome of a refusal with {@code status}, validated; its issues' paths. */
  private static List<String> refused(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, response.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome), response.body());
    return outcome.getIssue().stream().map(i -> i.getExpression().isEmpty() ? ""
        : i.getExpression().get(0).getValue()).toList();
  }

  private static long prescriptions(String patient) throws Exception {
    return SERVER.count("SELECT COUNT(*) FROM ost_prescription WHERE patient = ?", patient);
  }

  private static MedicationRequest withDose(OstPrescription prescription, String dose) {
    MedicationRequest request = OstResources.write(prescription);
    request.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
        .setValue(new BigDecimal(dose));
    return request;
  }

  // ---- extensions ----

  @Test
  void aMisspeltSupervisionExtensionIsRefusedAndNothingStored() throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-misspelt", OstSuite.newPatient());
    MedicationRequest misspelt = OstResources.write(prescription);
    String wrong = OstResources.SUPERVISED_UNTIL.replace("supervised", "supervized");
    misspelt.getDispenseRequest().getExtensionByUrl(OstResources.SUPERVISED_UNTIL)
        .setUrl(wrong);

    HttpResponse<String> response = post("MedicationRequest", misspelt);

    assertEquals(List.of("MedicationRequest.dispenseRequest.extension[6]"),
        refused(response, 422), "the seventh extension: after six collection days");
    assertTrue(response.body().contains(wrong), response.body());
    assertEquals(0, prescriptions(prescription.patient()), "nothing stored");
    MedicationRequest stored = TestHub.FHIR.newJsonParser().parseResource(
        MedicationRequest.class, post("MedicationRequest", OstResources.write(prescription))
            .body());
    assertEquals(prescription.supervisedUntil(), OstResources.read(stored).supervisedUntil());
    assertEquals(1, prescriptions(prescription.patient()), "the right one is the first");
  }

  @Test
  void anExtensionOfOursOnTheWrongElementIsRefused() throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-misplaced", OstSuite.newPatient());
    MedicationRequest onTheMedication = OstResources.write(prescription);
    onTheMedication.getContained().get(0).getMeta().addExtension(OstResources.SUPERVISED,
        new BooleanType(true));
    // Read against the extension's definition, whose contexts do not include a meta.
    HttpResponse<String> misplaced = post("MedicationRequest", onTheMedication);
    List<String> at = refused(misplaced, 422);
    assertEquals(1, at.size(), misplaced.body());
    assertTrue(at.get(0).startsWith("MedicationRequest.contained[0]")
        && at.get(0).endsWith(".meta.extension[0]"), misplaced.body());
    assertTrue(misplaced.body().contains(OstResources.SUPERVISED + " is not allowed"),
        misplaced.body());

    MedicationRequest onTheDosage = OstResources.write(prescription);
    Extension until = onTheDosage.getDispenseRequest().getExtensionByUrl(
        OstResources.SUPERVISED_UNTIL);
    onTheDosage.getDosageInstructionFirstRep().addExtension(until.copy());
    HttpResponse<String> response = post("MedicationRequest", onTheDosage);
    List<String> where = refused(response, 422);
    assertEquals(1, where.size(), response.body());
    assertTrue(where.get(0).startsWith("MedicationRequest.dosageInstruction[0]"),
        response.body());
    assertTrue(response.body().contains(OstResources.SUPERVISED_UNTIL + " is not allowed"),
        response.body());
    assertEquals(0, prescriptions(prescription.patient()));
  }

  @Test
  void anExtensionOfOursOfTheWrongTypeIsRefused() throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-typed", OstSuite.newPatient());
    post("MedicationRequest", OstResources.write(prescription));
    MedicationDispense dispense = OstResources.dispensed(prescription, new OstEvent.Dispensed(
        prescription.id(), MON, List.of(MON), true, new BigDecimal("60")), UUID.randomUUID(),
        PHARMACY);
    dispense.getExtensionByUrl(OstResources.SUPERVISED).setValue(new CodeType("true"));
    HttpResponse<String> response = post("MedicationDispense", dispense);
    assertEquals(List.of("MedicationDispense.extension[0].value.ofType(code)"),
        refused(response, 422));
    assertTrue(response.body().contains("a code where Extension.value[x] takes boolean"),
        response.body());
    assertEquals(0, SERVER.count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()));

    Bundle assessment = ResultBundle.of(new FhirAssessor(Assessor.standard()).assess(
        java.util.Map.of("QuestionnaireResponse", Forms.fill(Questionnaires.find("audit")
            .orElseThrow(), true)), List.of(), java.util.Set.of()));
    Observation score = (Observation) assessment.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).filter(Observation.class::isInstance)
        .findFirst().orElseThrow();
    score.getExtensionByUrl(ResultBundle.RATIONALE).getExtensionByUrl("text")
        .setValue(new BooleanType(true));
    int at = assessment.getEntry().indexOf(assessment.getEntry().stream()
        .filter(e -> e.getResource() == score).findFirst().orElseThrow());
    Parameters route = new Parameters();
    route.addParameter().setName("patient").setResource(new Patient().setBirthDateElement(
        new DateType("1990-03-04")).addAddress(new org.hl7.fhir.r4.model.Address()
        .setPostalCode("SS14 1AB")));
    route.addParameter().setName("assessment").setResource(assessment);
    // The validator's path names each contained resource in a comment on its way there.
    List<String> where = refused(SERVER.send("POST", "ServiceRequest/$route", Role.GP,
        "A81001", route), 422);
    assertEquals(1, where.size(), where.toString());
    assertTrue(where.get(0).replaceAll("/\\*[^*]*\\*/", "").startsWith(
        "Parameters.parameter[1].resource.entry[" + at + "].resource.extension[0].extension[2]"),
        where.toString());
  }

  // ---- bounds ----

  @Test
  void aDailyDoseOfOneFollowedByNineHundredAndNinetyNineZerosIsRefusedAndNothingStored()
      throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-absurd", OstSuite.newPatient());

    HttpResponse<String> response = post("MedicationRequest", withDose(prescription, "1e999"));

    assertEquals(List.of(DOSE), refused(response, 422));
    assertTrue(response.body().contains("at most 2000 mg a day of methadone"), response.body());
    assertTrue(response.body().length() < 2000, "no 1,000-digit number echoed");
    assertEquals(0, prescriptions(prescription.patient()));
  }

  @Test
  void aDoseNotAboveZeroOrBeyondAThousandthIsRefused() throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-negative", OstSuite.newPatient());
    for (String dose : List.of("-60", "0", "60.0005")) {
      assertEquals(List.of(DOSE), refused(post("MedicationRequest",
          withDose(prescription, dose)), 422), dose);
    }
    assertEquals(0, prescriptions(prescription.patient()));
  }

  @Test
  void theBoundItselfIsTakenAndAThousandthMoreIsNot() throws Exception {
    OstPrescription over = OstSuite.methadone("rx-over", OstSuite.newPatient());
    assertEquals(List.of(DOSE), refused(post("MedicationRequest", withDose(over,
        "2000.001")), 422));
    OstPrescription atTheBound = OstSuite.methadone("rx-bound", OstSuite.newPatient());
    HttpResponse<String> taken = post("MedicationRequest", withDose(atTheBound, "2000"));
    assertEquals(201, taken.statusCode(), taken.body());
  }

  @Test
  void aSupplyOverItsDaysAtTheBoundIsRefusedAndNothingStored() throws Exception {
    OstPrescription prescription = OstSuite.methadone("rx-supply", OstSuite.newPatient());
    assertEquals(201, post("MedicationRequest", OstResources.write(prescription))
        .statusCode());
    for (String quantity : List.of("4000.001", "1e999")) {
      MedicationDispense dispense = OstResources.dispensed(prescription,
          new OstEvent.Dispensed(prescription.id(), MON, List.of(MON, MON.plusDays(1)), true,
              new BigDecimal("120")), UUID.randomUUID(), PHARMACY);
      dispense.getQuantity().setValue(new BigDecimal(quantity));
      HttpResponse<String> response = post("MedicationDispense", dispense);
      assertEquals(List.of("MedicationDispense.quantity.value"), refused(response, 422),
          quantity);
      assertTrue(response.body().contains("at most 4000 mg"), response.body());
    }
    assertEquals(0, SERVER.count("SELECT COUNT(*) FROM ost_event WHERE patient = ?",
        prescription.patient()));
  }

  @Test
  void needleExchangeCountsOutOfRangeAreRefusedAndNothingStored() throws Exception {
    long before = SERVER.count("SELECT COUNT(*) FROM nsp_transaction");
    Parameters tooMany = NspResources.toParameters(Examples.fullVisit(PHARMACY));
    Parameters.ParametersParameterComponent item = tooMany.getParameter().stream()
        .filter(p -> p.getName().equals("item")).findFirst().orElseThrow();
    int index = tooMany.getParameter().indexOf(item);
    ((IntegerType) item.getPart().stream().filter(p -> p.getName().equals("quantity"))
        .findFirst().orElseThrow().getValue()).setValue(1001);
    HttpResponse<String> response = post(NspResources.OPERATION, tooMany);
    assertEquals(List.of("Parameters.parameter[" + index + "]"), refused(response, 422));
    assertTrue(response.body().contains("1000"), response.body());

    for (int bins : new int[] {-1, 1001}) {
      Parameters returns = NspResources.toParameters(Examples.packsOnly(PHARMACY));
      returns.addParameter().setName("returns").addPart().setName("sharps-bins")
          .setValue(new IntegerType(bins));
      assertEquals(List.of("Parameters.parameter[" + (returns.getParameter().size() - 1)
          + "]"), refused(post(NspResources.OPERATION, returns), 422), "bins " + bins);
    }

    String huge = TestHub.FHIR.newJsonParser().encodeResourceToString(NspResources.toParameters(
        Examples.packsOnly(PHARMACY))).replaceFirst("\"valueInteger\":\\s*\\d+",
        "\"valueInteger\":1e999");
    assertTrue(huge.contains("1e999"));
    refused(raw(NspResources.OPERATION, huge), 400); // not a FHIR integer at all: not well-formed
    assertEquals(before, SERVER.count("SELECT COUNT(*) FROM nsp_transaction"));
  }

  @Test
  void naloxoneKitsOutOfRangeAreRefusedAndNothingStored() throws Exception {
    long before = SERVER.count("SELECT COUNT(*) FROM naloxone_supply");
    for (int kits : new int[] {0, 11}) {
      Parameters supply = NaloxoneResources.toParameters(Examples.firstSupply(PHARMACY));
      supply.getParameter("kits").setValue(new IntegerType(kits));
      HttpResponse<String> response = post(NaloxoneResources.OPERATION, supply);
      assertEquals(422, response.statusCode(), response.body());
      assertTrue(response.body().contains("1 to 10 kits"), response.body());
    }
    assertEquals(before, SERVER.count("SELECT COUNT(*) FROM naloxone_supply"));
  }

  @Test
  void anAgeOverOneHundredAndThirtyOrABirthAfterTodayIsRefused() throws Exception {
    Parameters route = new Parameters();
    route.addParameter().setName("patient").setResource(new Patient().setBirthDateElement(
        new DateType("1800-01-01")).addAddress(new org.hl7.fhir.r4.model.Address()
        .setPostalCode("SS14 1AB")));
    HttpResponse<String> response = SERVER.send("POST", "ServiceRequest/$route", Role.GP,
        "A81001", route);
    assertEquals(List.of("Parameters.parameter[0].resource.birthDate"), refused(response,
        422));
    assertTrue(response.body().contains("over 130 years"), response.body());

    ServiceRequest unborn = Referrals.referral("unborn-" + UUID.randomUUID());
    ((Patient) unborn.getContained().get(0)).setBirthDateElement(new DateType(
        LocalDate.now().plusYears(1).toString()));
    long referrals = SERVER.count("SELECT COUNT(*) FROM referral");
    assertFalse(refused(SERVER.send("POST", "ServiceRequest", Role.GP, Referrals.PRACTICE,
        unborn), 422).isEmpty());
    assertEquals(referrals, SERVER.count("SELECT COUNT(*) FROM referral"));
  }

  private static HttpResponse<String> raw(String path, String json) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + path))
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + SERVER.token(Role.PHARMACY, PHARMACY))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
