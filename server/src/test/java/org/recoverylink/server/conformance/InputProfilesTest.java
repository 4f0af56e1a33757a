package org.recoverylink.server.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The server's run-time reading of inputs against our profiles, with only what the build put
 * on the class path (the package and the part of base R4 it reaches): what it accepts, and that
 * what it refuses comes all at once, each problem at its element.
 */
class InputProfilesTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final InputProfiles PROFILES = InputProfiles.load(FHIR);

  @Test
  void aReferralAsGpSystemsSendItIsAcceptedWithOnlyThePartOfR4TheBuildKept() {
    // Contained Patient, Organization, Consent, QuestionnaireResponse and Observations: each
    // read against its own base definition, which must all be there.
    PROFILES.check(sent(Referrals.referral("R-profiled")), Profiled.REFERRAL);
  }

  @Test
  void theValidatorReadsOurEmptyOidRegistryAndAnOidItCannotNameIsNoError() {
    // The library's registry names HL7's root OID; ours (read once per input) names none.
    assertFalse(new OIDUtilities().isKnownOID("2.16.840.1.113883"));
    ServiceRequest referral = Referrals.referral("R-oid");
    referral.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.2.1.3.2.4.18.48")
        .setValue("a GP system's own referral id");
    PROFILES.check(sent(referral), Profiled.REFERRAL);
  }

  @Test
  void aMissingElementIsNamedAtItsOwnPath() {
    MedicationDispense dispense = new MedicationDispense();
    List<String> at = expressions(assertThrows(InvalidFhirInputException.class,
        () -> PROFILES.check(sent(dispense), Profiled.OST_DISPENSE)));
    assertTrue(at.contains("MedicationDispense.identifier"), at.toString());
    assertTrue(at.contains("MedicationDispense.subject"), at.toString());
    assertTrue(at.contains("MedicationDispense.status"), at.toString());
    assertTrue(at.contains("MedicationDispense.medication"), at.toString()); // medication[x]
    assertTrue(assertThrows(InvalidFhirInputException.class,
        () -> PROFILES.check(sent(dispense), Profiled.OST_DISPENSE)).issues().stream()
        .filter(issue -> issue.expression().equals("MedicationDispense.status"))
        .allMatch(issue -> issue.type() == OperationOutcome.IssueType.REQUIRED));
  }

  @Test
  void everyProblemOfAnOperationsParametersComesAtOnce() {
    Parameters supply = naloxoneSupply();
    supply.getParameter().removeIf(p -> p.getName().equals("kits")); // required
    supply.addParameter("kit", new IntegerType(2)); // no such parameter
    supply.getParameter().stream().filter(p -> p.getName().equals("product")).findFirst()
        .orElseThrow().setValue(new Coding(HarmReductionCodes.PRODUCT, "no-such-product",
            null)); // not in the value set
    supply.getParameter().stream().filter(p -> p.getName().equals("at")).findFirst()
        .orElseThrow().setValue(new StringType("yesterday")); // not a dateTime

    List<FhirIssue> issues = assertThrows(InvalidFhirInputException.class,
        () -> PROFILES.check(sent(supply), Profiled.NALOXONE_SUPPLY_PARAMETERS)).issues();

    String all = issues.toString();
    assertTrue(all.contains("kits"), all);
    assertTrue(all.contains("no-such-product"), all);
    assertTrue(issues.stream().anyMatch(i -> i.diagnostics().contains("slice")), all);
    assertTrue(issues.stream().anyMatch(i -> i.diagnostics().contains("string")), all);
    issues.forEach(issue -> assertTrue(issue.expression().startsWith("Parameters"), all));
  }

  @Test
  void theRuleAcrossNspParametersIsRead() {
    Parameters visit = new Parameters();
    visit.addParameter("id", new StringType("8a8f6e3e-4b0f-4c36-9d0e-2b7b5f0d6c11"));
    visit.addParameter().setName("pharmacy").setValue(new Identifier()
        .setSystem(Systems.ODS).setValue("FA123"));
    visit.addParameter("at", new DateTimeType("2026-11-20T10:15:00+00:00"));
    visit.addParameter().setName("client").setValue(new Identifier()
        .setSystem(HarmReductionCodes.CLIENT_CODE).setValue("JS-19900314-M"));
    visit.addParameter("level", new Coding(HarmReductionCodes.LEVEL, NspLevel.LEVEL_2.code(),
        null));

    List<FhirIssue> issues = assertThrows(InvalidFhirInputException.class,
        () -> PROFILES.check(sent(visit), Profiled.NSP_TRANSACTION_PARAMETERS)).issues();

    assertTrue(issues.stream().anyMatch(i -> i.diagnostics().contains("nsp-1")),
        issues.toString());
  }

  /** A valid $naloxone-supply input. */
  static Parameters naloxoneSupply() {
    Parameters supply = new Parameters();
    supply.addParameter("id", new StringType("0d9c2a43-6c4f-4d8c-9a55-3f0e8c1d2b77"));
    supply.addParameter().setName("pharmacy").setValue(new Identifier()
        .setSystem(Systems.ODS).setValue("FA123"));
    supply.addParameter("at", new DateTimeType("2026-11-20T10:15:00+00:00"));
    supply.addParameter("recipient", new Coding(HarmReductionCodes.RECIPIENT,
        NaloxoneSupply.Recipient.PERSON_AT_RISK.code(), null));
    supply.addParameter("product", new Coding(HarmReductionCodes.PRODUCT,
        NaloxoneSupply.Product.values()[0].code(), null));
    supply.addParameter("kits", new IntegerType(1));
    supply.addParameter("reason", new Coding(HarmReductionCodes.REASON,
        NaloxoneSupply.Reason.values()[0].code(), null));
    return supply;
  }

  /**
   * Referrals arrive together on the request threads, and each thread reads the invariants
   * itself: every reading finds what one thread alone finds, no more and no less.
   */
  @Test
  void inputsReadOnManyThreadsAtOnceFindWhatOneThreadFinds() throws Exception {
    ServiceRequest broken = Referrals.referral("R-prr-1");
    broken.setCode(null);
    broken.addOrderDetail().setText("a detail of nothing ordered"); // prr-1: only with a code
    List<FhirIssue> alone = assertThrows(InvalidFhirInputException.class,
        () -> PROFILES.check(sent(broken), Profiled.REFERRAL)).issues();
    assertTrue(alone.stream().anyMatch(issue -> issue.type() == OperationOutcome.IssueType
        .INVARIANT && issue.diagnostics().startsWith("prr-1")), alone.toString());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<FhirIssue>>> found = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        Resource input = sent(i % 2 == 0 ? broken : Referrals.referral("R-" + i)); // its own
        found.add(threads.submit(() -> {
          try {
            PROFILES.check(input, Profiled.REFERRAL);
            return List.of();
          } catch (InvalidFhirInputException refused) {
            return refused.issues();
          }
        }));
      }
      for (int i = 0; i < found.size(); i++) {
        assertEquals(i % 2 == 0 ? alone : List.of(), found.get(i).get(), "input " + i);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static List<String> expressions(InvalidFhirInputException refused) {
    return refused.issues().stream().map(FhirIssue::expression).toList();
  }

  /**
   * A resource as the server has it: parsed from what was sent, so that its references to
   * contained resources are "#id", not the objects code set.
   */
  static Resource sent(Resource built) {
    return FHIR.newJsonParser().parseResource(built.getClass(),
        FHIR.newJsonParser().encodeResourceToString(built));
  }
}
