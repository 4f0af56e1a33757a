package org.recoverylink.fhir.pharmacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.SupplyDelivery;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRules;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/** Needle exchange and naloxone in FHIR, both ways, valid, and pseudonymous. */
class HarmReductionFhirTest {

  /** Any pseudonym will do here: the server's are keyed hashes (ClientPseudonymsTest). */
  private static final Function<ClientCode, ClientPseudonym> PSEUDONYM =
      code -> new ClientPseudonym("ab".repeat(32));

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String NHS = "9434765919";
  private final ResourceValidator validator = SharedValidator.get();

  /** Through JSON, as it travels: what is read is what was sent. */
  private static <T extends Resource> T wire(T resource) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) resource.getClass();
    return FHIR.newJsonParser().parseResource(type,
        FHIR.newJsonParser().encodeResourceToString(resource));
  }

  @Test
  void anNspTransactionRoundTripsThroughParametersAndResourcesAndValidates() {
    for (NspTransaction visit : List.of(Examples.fullVisit("FA123"),
        Examples.packsOnly("FA123"))) {
      Parameters parameters = NspResources.toParameters(visit);
      assertEquals(List.of(), validator.errors(parameters));
      assertEquals(visit, NspResources.fromParameters(wire(parameters)));

      Bundle bundle = NspResources.toBundle(visit);
      assertEquals(List.of(), validator.errors(bundle));
      assertEquals(visit, NspResources.fromBundle(wire(bundle)));
      assertEquals(List.of(), validator.errors(NspResources.answer(visit, PSEUDONYM)));
      assertTrue(NspResources.toBundle(visit).equalsDeep(bundle),
          "the same visit, the same Bundle");
    }
  }

  @Test
  void theStandardResourcesNameNobody() {
    Bundle bundle = NspResources.toBundle(Examples.fullVisit("FA123"));
    Patient patient = (Patient) bundle.getEntryFirstRep().getResource();
    assertEquals(1, patient.getIdentifier().size());
    assertEquals(HarmReductionCodes.CLIENT_CODE, patient.getIdentifierFirstRep().getSystem());
    assertEquals("JS-19900314-M", patient.getIdentifierFirstRep().getValue());
    assertFalse(patient.hasName() || patient.hasBirthDate() || patient.hasAddress()
        || patient.hasGender() || patient.hasTelecom());
    List<SupplyDelivery> deliveries = bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).filter(SupplyDelivery.class::isInstance)
        .map(SupplyDelivery.class::cast).toList();
    assertEquals(5, deliveries.size());
    assertEquals("syringe", deliveries.get(0).getSuppliedItem().getItemCodeableConcept()
        .getCodingFirstRep().getCode());
    assertEquals("Syringe, 1ml", deliveries.get(0).getSuppliedItem().getItemCodeableConcept()
        .getText());
    assertEquals(20, deliveries.get(0).getSuppliedItem().getQuantity().getValue().intValue());
  }

  @Test
  void aNaloxoneSupplyRoundTripsAndARecordValidates() {
    for (NaloxoneSupply supply : List.of(Examples.firstSupply("FA123"),
        Examples.replacementAfterUse("FA123"))) {
      Parameters parameters = NaloxoneResources.toParameters(supply);
      assertEquals(List.of(), validator.errors(parameters));
      assertEquals(supply, NaloxoneResources.fromParameters(wire(parameters)));

      NaloxoneRecord record = NaloxoneRules.record(supply);
      Bundle bundle = NaloxoneResources.toBundle(record);
      assertEquals(List.of(), validator.errors(bundle));
      assertEquals(supply, NaloxoneResources.fromBundle(wire(bundle)));
      assertEquals(List.of(), validator.errors(NaloxoneResources.answer(record, PSEUDONYM)));
    }
  }

  @Test
  void aReplacementAfterUseRecordsOneCountableUsedEvent() {
    NaloxoneSupply supply = Examples.replacementAfterUse("FA123");
    Bundle bundle = NaloxoneResources.toBundle(NaloxoneRules.record(supply));
    List<Observation> used = bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource).filter(Observation.class::isInstance)
        .map(Observation.class::cast).toList();
    assertEquals(1, used.size());
    assertEquals(HarmReductionCodes.NALOXONE_USED, used.get(0).getCode().getCodingFirstRep()
        .getCode());
    assertEquals(supply.id(), used.get(0).getIdentifierFirstRep().getValue());
    MedicationDispense dispense = (MedicationDispense) bundle.getEntryFirstRep().getResource();
    assertEquals(HarmReductionCodes.SNOMED_NALOXONE, dispense.getMedicationCodeableConcept()
        .getCodingFirstRep().getCode());
    assertEquals(2, dispense.getQuantity().getValue().intValue());
    assertEquals("family-or-friend", dispense.getCategory().getCodingFirstRep().getCode());
    assertEquals("replacement-used", dispense.getType().getCodingFirstRep().getCode());

    Parameters answer = NaloxoneResources.answer(NaloxoneRules.record(supply), PSEUDONYM);
    assertTrue(((org.hl7.fhir.r4.model.BooleanType) answer.getParameter("naloxone-used")
        .getValue()).booleanValue());
    assertEquals("thn-call-999", answer.getParameter().stream()
        .filter(p -> p.getName().equals("prompt")).findFirst().orElseThrow().getPart().get(0)
        .getValue().primitiveValue());
  }

  @Test
  void anNhsNumberAnywhereIsRefusedWithoutQuotingIt() {
    Parameters withIdentifier = NspResources.toParameters(Examples.fullVisit("FA123"));
    withIdentifier.getParameter("client").setValue(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue(NHS));
    assertRefused(() -> NspResources.fromParameters(withIdentifier),
        "Parameters.parameter[3].valueIdentifier");

    Parameters asClientCode = NaloxoneResources.toParameters(Examples.firstSupply("FA123"));
    asClientCode.getParameter("client").setValue(new Identifier()
        .setSystem(HarmReductionCodes.CLIENT_CODE).setValue("943 476 5919"));
    assertRefused(() -> NaloxoneResources.fromParameters(asClientCode),
        "Parameters.parameter[9].valueIdentifier.value");

    Parameters asText = NspResources.toParameters(Examples.packsOnly("FA123"));
    asText.addParameter().setName("note").setValue(new StringType("NHS no " + NHS));
    assertRefused(() -> NspResources.fromParameters(asText), "Parameters.parameter[6].valueString");
  }

  @Test
  void aNameOrAnAddressIsRefusedAndADistrictIsNot() {
    Parameters named = NspResources.toParameters(Examples.packsOnly("FA123"));
    Patient patient = new Patient();
    patient.addName().setFamily("Smith");
    named.addParameter().setName("patient").setResource(patient);
    assertRefused(() -> NspResources.fromParameters(named), "Parameters.parameter[6].resource"
        + ".name[0]");

    Bundle bundle = NspResources.toBundle(Examples.packsOnly("FA123"));
    Patient client = (Patient) bundle.getEntryFirstRep().getResource();
    client.addAddress().setDistrict("Colchester");
    assertEquals(Examples.packsOnly("FA123").client(), NspResources.fromBundle(bundle).client(),
        "a district is taken (and not kept)");
    client.getAddressFirstRep().setPostalCode("CO1 1AA");
    assertRefused(() -> NspResources.fromBundle(bundle),
        "Bundle.entry[0].resource.address[0]");
  }

  @Test
  void everyProblemIsListedWithWhereItIs() {
    Parameters parameters = NspResources.toParameters(Examples.fullVisit("FA123"));
    parameters.getParameter("id").setValue(new StringType("not-a-uuid"));
    parameters.getParameter().get(5).getPart().get(1).setValue(new StringType("one ml"));
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> NspResources.fromParameters(parameters));
    assertEquals(List.of("Parameters.parameter[5]", "Parameters.parameter[0]"),
        refused.issues().stream().map(FhirIssue::expression).toList(), refused.getMessage());
  }

  private static void assertRefused(org.junit.jupiter.api.function.Executable read,
      String expression) {
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class, read);
    assertEquals(List.of(expression), refused.issues().stream().map(FhirIssue::expression)
        .toList(), refused.getMessage());
    assertFalse(refused.getMessage().contains("943"), "never quotes the number");
    assertEquals("security", refused.issues().get(0).type().toCode());
  }

  @Test
  void aUuidIsNeverTakenForAnNhsNumber() {
    assertFalse(IdentityGuard.holdsNhsNumber("94347659-1912-4e6f-9b7c-2a1d0e9f8c7b"));
    assertTrue(IdentityGuard.holdsNhsNumber("943-476-5919"));
    assertFalse(IdentityGuard.holdsNhsNumber("9434765918"), "fails modulus 11");
  }
}
