package org.recoverylink.fhir.pharmacy.ost;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * OST in FHIR: every resource written validates against R4 with zero errors, reads back to what
 * was written, and a bad resource is refused with every problem at its element. March 2026:
 * Monday 2 to Sunday 15 is one fortnight's form.
 */
class OstResourcesTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final ResourceValidator VALIDATOR = SharedValidator.get();
  static final LocalDate MON = LocalDate.of(2026, 3, 2);
  static final LocalDate LAST = MON.plusDays(13);
  static final String NHS = "9434765919";
  static final String PHARMACY = "FA123";
  static final Contact GP = new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel",
      "F81001");
  static final Contact KEYWORKER = new Contact(Contact.Role.KEYWORKER, "Sam Jones",
      "phoenix-futures");
  static final OstPrescription METHADONE = new OstPrescription("rx-1", NHS,
      OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.of(MONDAY, TUESDAY,
      WEDNESDAY, THURSDAY, FRIDAY, SATURDAY), Optional.of(LocalDate.of(2026, 3, 31)), MON, LAST,
      GP, KEYWORKER);

  static Stream<OstPrescription> prescriptions() {
    return Stream.of(METHADONE,
        new OstPrescription("PMR.2026-0042", "4010232137", OstMedicine.BUPRENORPHINE_NALOXONE,
            new BigDecimal("12.5"), InstalmentSchedule.of(MONDAY, THURSDAY), Optional.empty(),
            MON, MON.plusDays(6), new Contact(Contact.Role.SPECIALIST_PRESCRIBER,
                "Dr B O'Neill", "RWK"), new Contact(Contact.Role.KEYWORKER, "Kim Lee", "RWK")),
        new OstPrescription("7", NHS, OstMedicine.BUPRENORPHINE, new BigDecimal("8.0"),
            InstalmentSchedule.daily(), Optional.of(MON), MON, MON, GP, KEYWORKER));
  }

  /** Through JSON and back, as a resource travels. */
  @SuppressWarnings("unchecked")
  static <T extends IBaseResource> T wire(T resource) {
    return (T) FHIR.newJsonParser().parseResource(resource.getClass(),
        FHIR.newJsonParser().encodeResourceToString(resource));
  }

  static List<String> expressions(InvalidFhirInputException e) {
    return e.issues().stream().map(FhirIssue::expression).toList();
  }

  @ParameterizedTest
  @MethodSource("prescriptions")
  void aPrescriptionValidatesAndReadsBackAsItWas(OstPrescription prescription) {
    MedicationRequest request = OstResources.write(prescription);

    assertEquals(List.of(), VALIDATOR.errors(request));
    assertEquals(prescription, OstResources.read(request));
    assertEquals(prescription, OstResources.read(wire(request)), "through JSON");
  }

  @Test
  void thePrescriptionSaysWhatAGpSystemExpectsWhereItCan() {
    MedicationRequest request = wire(OstResources.write(METHADONE));

    assertEquals(OstResources.PRESCRIPTION_SYSTEM, request.getIdentifierFirstRep().getSystem());
    assertEquals("rx-1", request.getIdentifierFirstRep().getValue());
    assertEquals("active", request.getStatus().toCode());
    assertEquals("order", request.getIntent().toCode());
    assertEquals(Systems.NHS_NUMBER, request.getSubject().getIdentifier().getSystem());
    assertEquals(NHS, request.getSubject().getIdentifier().getValue());
    assertFalse(request.getContained().stream().anyMatch(r -> r.fhirType().equals("Patient")));
    Quantity dose = request.getDosageInstructionFirstRep().getDoseAndRateFirstRep()
        .getDoseQuantity();
    assertEquals("http://unitsofmeasure.org|mg|60", dose.getSystem() + "|" + dose.getCode()
        + "|" + dose.getValue().toPlainString());
    assertEquals("2026-03-02", request.getDispenseRequest().getValidityPeriod()
        .getStartElement().getValueAsString());
    assertEquals("2026-03-15", request.getDispenseRequest().getValidityPeriod()
        .getEndElement().getValueAsString());
    assertEquals(List.of("mon", "tue", "wed", "thu", "fri", "sat"), request.getDispenseRequest()
        .getExtensionsByUrl(OstResources.COLLECTION_DAY).stream()
        .map(e -> e.getValue().primitiveValue()).toList());
    assertEquals("2026-03-31", request.getDispenseRequest()
        .getExtensionByUrl(OstResources.SUPERVISED_UNTIL).getValue().primitiveValue());
    PractitionerRole prescriber = (PractitionerRole) contained(request,
        request.getRequester().getReference());
    assertEquals(CodeSystems.OST_CONTACT_ROLE + "|gp-shared-care-prescriber",
        system(prescriber.getCodeFirstRep()));
    assertEquals("Dr A Patel", prescriber.getPractitioner().getDisplay());
    assertEquals(Systems.ODS + "|F81001", prescriber.getOrganization().getIdentifier()
        .getSystem() + "|" + prescriber.getOrganization().getIdentifier().getValue());
    PractitionerRole keyworker = (PractitionerRole) contained(request, ((org.hl7.fhir.r4.model
        .Reference) request.getExtensionByUrl(OstResources.KEYWORKER).getValue())
        .getReference());
    assertEquals(CodeSystems.OST_CONTACT_ROLE + "|keyworker",
        system(keyworker.getCodeFirstRep()));
    assertEquals(OstResources.ORGANISATION_SYSTEM + "|phoenix-futures", keyworker
        .getOrganization().getIdentifier().getSystem() + "|" + keyworker.getOrganization()
        .getIdentifier().getValue(), "a directory organisation without an ODS code");
  }

  @Test
  void buprenorphineWithNaloxoneIsOneCodeWithBothSubstancesAsIngredients() {
    OstPrescription combination = prescriptions().skip(1).findFirst().orElseThrow();
    MedicationRequest request = OstResources.write(combination);

    Medication medication = (Medication) contained(request,
        request.getMedicationReference().getReference());
    assertEquals(List.of(CodeSystems.OST_MEDICINE + "|buprenorphine-naloxone"),
        medication.getCode().getCoding().stream().map(c -> c.getSystem() + "|" + c.getCode())
            .toList());
    assertEquals(List.of("387173000", "372890007"), medication.getIngredient().stream()
        .map(i -> i.getItemCodeableConcept().getCodingFirstRep().getCode()).toList());
  }

  @Test
  void theMedicineMayComeAsAConceptOrAsItsSnomedSubstancesAlone() {
    MedicationRequest ours = OstResources.write(METHADONE);
    ours.getContained().removeIf(r -> r instanceof Medication);
    ours.setMedication(new CodeableConcept(new Coding(CodeSystems.OST_MEDICINE, "methadone",
        null)));
    assertEquals(METHADONE, OstResources.read(ours));

    MedicationRequest snomed = OstResources.write(METHADONE);
    snomed.getContained().removeIf(r -> r instanceof Medication);
    snomed.setMedication(new CodeableConcept(new Coding(Systems.SNOMED, "387286002",
        "Methadone")));
    assertEquals(METHADONE, OstResources.read(snomed));
    assertEquals(List.of(), VALIDATOR.errors(snomed));
  }

  @Test
  void everyProblemOfAPrescriptionIsListedAtItsElementCoresChecksIncluded() {
    MedicationRequest request = OstResources.write(METHADONE);
    request.getSubject().getIdentifier().setValue("9434765918"); // check digit wrong
    request.getDispenseRequest().getValidityPeriod().setEndElement(Elements.day(
        MON.plusDays(14))); // 15 days
    request.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity()
        .setCode("mL");
    request.getDispenseRequest().getExtensionsByUrl(OstResources.COLLECTION_DAY).get(2)
        .setValue(new CodeType("wednesday"));
    ((PractitionerRole) contained(request, "#prescriber")).getCodeFirstRep().getCodingFirstRep()
        .setCode(CodeSystems.ostContactRole(Contact.Role.KEYWORKER));
    request.getExtension().removeIf(e -> e.getUrl().equals(OstResources.KEYWORKER));
    request.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);

    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> OstResources.read(request));

    assertEquals(List.of("MedicationRequest.status",
        "MedicationRequest.extension('" + OstResources.KEYWORKER + "')",
        "MedicationRequest.dosageInstruction[0].doseAndRate[0].doseQuantity",
        "MedicationRequest.dispenseRequest.extension('" + OstResources.COLLECTION_DAY + "')[2]",
        "MedicationRequest.subject.identifier.value",
        "MedicationRequest.dispenseRequest.validityPeriod.end",
        "MedicationRequest.requester"), expressions(e), e.getMessage());
    assertTrue(e.getMessage().contains("at most 14 days; this one covers 15"), e.getMessage());
    assertFalse(e.getMessage().contains("9434765918"), "no NHS number in the message");
  }

  @Test
  void anEmptyMedicationRequestListsEveryRequiredElement() {
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> OstResources.read(new MedicationRequest()));

    assertEquals(List.of("MedicationRequest.identifier", "MedicationRequest.status",
        "MedicationRequest.intent", "MedicationRequest.medication",
        "MedicationRequest.subject", "MedicationRequest.requester",
        "MedicationRequest.extension('" + OstResources.KEYWORKER + "')",
        "MedicationRequest.dosageInstruction",
        "MedicationRequest.dispenseRequest.extension('" + OstResources.COLLECTION_DAY + "')",
        "MedicationRequest.dispenseRequest.validityPeriod.start",
        "MedicationRequest.dispenseRequest.validityPeriod.end"), expressions(e));
  }

  @Test
  void aSupplyValidatesAndReadsBackAsTheRulesHistoryNeedsIt() {
    UUID key = UUID.randomUUID();
    OstEvent.Dispensed saturday = new OstEvent.Dispensed("rx-1", MON.plusDays(5),
        List.of(MON.plusDays(5), MON.plusDays(6)), true, new BigDecimal("120"));

    MedicationDispense dispense = OstResources.dispensed(METHADONE, saturday, key, PHARMACY);

    assertEquals(List.of(), VALIDATOR.errors(dispense));
    assertEquals("completed", dispense.getStatus().toCode());
    assertEquals(key.toString(), dispense.getIdentifierFirstRep().getValue());
    assertEquals("2", dispense.getDaysSupply().getValue().toPlainString());
    assertEquals("2026-03-07", dispense.getWhenHandedOverElement().getValueAsString());
    assertEquals("rx-1", dispense.getAuthorizingPrescriptionFirstRep().getIdentifier()
        .getValue());
    OstDispenseEvent.Dispensed read = assertInstanceOf(OstDispenseEvent.Dispensed.class,
        OstResources.read(wire(dispense)));
    assertEquals(new OstDispenseEvent.Dispensed(key, NHS, OstMedicine.METHADONE,
        Optional.of(PHARMACY), saturday), read);
  }

  @Test
  void aDayNotCollectedAndADoseWithheldAreDeclinedWithTheirReason() {
    OstRules rules = new OstRules(OstSettings.ukDefault());
    MissedDay missed = rules.missed(METHADONE, List.of(), MON);
    DispenseDecision.Withhold intoxicated = (DispenseDecision.Withhold) rules.beforeDispense(
        METHADONE, List.of(), MON.plusDays(1), Presentation.INTOXICATED);
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();

    MedicationDispense notCollected = OstResources.notCollected(METHADONE, missed, first,
        PHARMACY);
    MedicationDispense withheld = OstResources.withheld(METHADONE, intoxicated, second,
        PHARMACY);

    assertEquals(List.of(), VALIDATOR.errors(notCollected));
    assertEquals(List.of(), VALIDATOR.errors(withheld));
    assertEquals("declined|" + CodeSystems.OST_WITHHOLD_REASON + "|not-collected",
        notCollected.getStatus().toCode() + "|" + system(notCollected
            .getStatusReasonCodeableConcept()));
    assertEquals("declined|" + CodeSystems.OST_WITHHOLD_REASON + "|intoxicated",
        withheld.getStatus().toCode() + "|" + system(withheld.getStatusReasonCodeableConcept()));
    assertEquals(new OstDispenseEvent.NotCollected(first, "rx-1", NHS, OstMedicine.METHADONE,
        MON, Optional.of(PHARMACY)), OstResources.read(wire(notCollected)));
    assertEquals(new OstDispenseEvent.Withheld(second, "rx-1", NHS, OstMedicine.METHADONE,
        MON.plusDays(1), WithholdReason.INTOXICATED, Optional.of(PHARMACY)),
        OstResources.read(wire(withheld)));
  }

  @Test
  void anImpossibleSupplyIsRefused() {
    MedicationDispense dispense = OstResources.dispensed(METHADONE, new OstEvent.Dispensed(
        "rx-1", MON, List.of(MON), false, new BigDecimal("1E+12")), UUID.randomUUID(),
        PHARMACY);
    dispense.getDaysSupply().setValue(2);
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> OstResources.read(dispense));

    assertEquals(List.of("MedicationDispense.daysSupply.value",
        "MedicationDispense.quantity.value"), expressions(e));
  }

  @Test
  void aSupplyMayGiveItsDaysByWhenHandedOverAndDaysSupply() {
    MedicationDispense dispense = OstResources.dispensed(METHADONE, new OstEvent.Dispensed(
        "rx-1", MON, List.of(MON), false, new BigDecimal("60")), UUID.randomUUID(), PHARMACY);
    dispense.getDosageInstruction().clear();

    OstDispenseEvent.Dispensed read = (OstDispenseEvent.Dispensed) OstResources.read(dispense);

    assertEquals(List.of(MON), read.event().days());
    assertFalse(read.event().supervised());
  }

  @Test
  void everyProblemOfADispenseIsListedAtItsElement() {
    MedicationDispense dispense = OstResources.notCollected(METHADONE, new OstRules(
        OstSettings.ukDefault()).missed(METHADONE, List.of(), MON), UUID.randomUUID(), PHARMACY);
    dispense.getIdentifierFirstRep().setValue("not-a-uuid");
    dispense.getSubject().getIdentifier().setValue("9434765918");
    dispense.getAuthorizingPrescription().clear();
    dispense.getStatusReasonCodeableConcept().getCodingFirstRep().setCode("overslept");
    dispense.getDosageInstructionFirstRep().getTiming().getRepeat().getBoundsPeriod()
        .setEndElement(Elements.day(MON.plusDays(1)));

    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> OstResources.read(dispense));

    assertEquals(List.of("MedicationDispense.identifier[0].value",
        "MedicationDispense.subject.identifier.value",
        "MedicationDispense.authorizingPrescription", "MedicationDispense.statusReason",
        DispenseReader.BOUNDS), expressions(e));
    assertFalse(e.getMessage().contains("9434765918"));
    assertEquals(List.of("MedicationDispense.identifier", "MedicationDispense.medication",
        "MedicationDispense.subject", "MedicationDispense.authorizingPrescription",
        "MedicationDispense.status"), expressions(assertThrows(
            InvalidFhirInputException.class, () -> OstResources.read(
                new MedicationDispense()))));
  }

  /** The third consecutive day missed: withheld, the prescriber and keyworker told. */
  private static DispenseDecision.Withhold thirdDayMissed() {
    return (DispenseDecision.Withhold) new OstRules(OstSettings.ukDefault()).beforeDispense(
        METHADONE, List.of(), MON.plusDays(3), Presentation.USUAL);
  }

  @Test
  void aNotificationIsACommunicationToBothWithAFlagWhileDosesAreWithheld() {
    DispenseDecision.Withhold withhold = thirdDayMissed();
    var notification = withhold.notifications().get(0);

    Communication communication = OstResources.communication(METHADONE, notification,
        withhold.ruleSet(), PHARMACY);
    Flag flag = OstResources.flag(METHADONE, notification, PHARMACY).orElseThrow();

    assertEquals(List.of(), VALIDATOR.errors(communication));
    assertEquals(List.of(), VALIDATOR.errors(flag));
    assertEquals(OstResources.NOTIFICATION_SYSTEM + "|FA123/rx-1/missed-doses/2026-03-02",
        communication.getIdentifierFirstRep().getSystem() + "|"
            + communication.getIdentifierFirstRep().getValue());
    assertEquals(List.of(Systems.ODS + "|F81001|Dr A Patel, GP prescribing under shared care",
        OstResources.ORGANISATION_SYSTEM + "|phoenix-futures|Sam Jones, Keyworker at the"
            + " treatment service"), communication.getRecipient().stream().map(r ->
        r.getIdentifier().getSystem() + "|" + r.getIdentifier().getValue() + "|"
            + r.getDisplay()).toList());
    assertEquals(notification.message(), communication.getPayloadFirstRep().getContentStringType()
        .getValue());
    assertEquals("rx-1", communication.getAboutFirstRep().getIdentifier().getValue());
    assertEquals(NHS, communication.getSubject().getIdentifier().getValue());
    assertEquals("urgent", communication.getPriority().toCode());
    assertEquals(CodeSystems.OST_WITHHOLD_REASON + "|missed-doses", system(flag.getCode()));
    assertEquals(communication.getIdentifierFirstRep().getValue(),
        flag.getIdentifierFirstRep().getValue());
    assertEquals(NHS, flag.getSubject().getIdentifier().getValue());

    var intoxicated = ((DispenseDecision.Withhold) new OstRules(OstSettings.ukDefault())
        .beforeDispense(METHADONE, List.of(new OstEvent.Dispensed("rx-1", MON, List.of(MON),
            true, new BigDecimal("60"))), MON.plusDays(1), Presentation.INTOXICATED))
        .notifications().get(0);
    assertTrue(OstResources.flag(METHADONE, intoxicated, PHARMACY).isEmpty(),
        "withheld today only, not pending review");
  }

  @Test
  void aWithholdingDecisionIsParametersWithItsNotifications() {
    Parameters parameters = OstResources.decision(METHADONE, thirdDayMissed(), PHARMACY);

    assertEquals(List.of(), VALIDATOR.errors(parameters));
    assertEquals(List.of("decision", "reason", "date", "consecutive-missed",
        "review-pending-since", "rule", "rule-set", "rule-summary", "notification", "flag"),
        names(parameters));
    assertEquals(MON.plusDays(3).toString(), parameters.getParameter("review-pending-since")
        .getValue().primitiveValue());
    assertEquals("withhold", parameters.getParameter("decision").getValue().primitiveValue());
    assertEquals("missed-doses", parameters.getParameter("reason").getValue().primitiveValue());
    assertEquals("3", parameters.getParameter("consecutive-missed").getValue()
        .primitiveValue());
    assertEquals("ost-missed-doses-review", parameters.getParameter("rule").getValue()
        .primitiveValue());
    assertEquals("uk-ost|2015.1.0", parameters.getParameter("rule-set").getValue()
        .primitiveValue());
    assertInstanceOf(Communication.class, parameters.getParameter("notification")
        .getResource());
    assertInstanceOf(Flag.class, parameters.getParameter("flag").getResource());
  }

  @Test
  void aDispensingDecisionIsParametersWithTheQuantities() {
    List<OstEvent> mondayToFriday = java.util.stream.IntStream.rangeClosed(0, 4)
        .mapToObj(day -> (OstEvent) new OstEvent.Dispensed("rx-1", MON.plusDays(day),
            List.of(MON.plusDays(day)), true, new BigDecimal("60"))).toList();
    DispenseDecision decision = new OstRules(OstSettings.ukDefault()).beforeDispense(METHADONE,
        mondayToFriday, MON.plusDays(5), Presentation.USUAL);

    Parameters parameters = OstResources.decision(METHADONE, decision, PHARMACY);

    assertEquals(List.of(), VALIDATOR.errors(parameters));
    assertEquals(List.of("decision", "date", "consecutive-missed", "supervised", "quantity",
        "supervised-quantity", "take-away-quantity", "day", "day", "rule", "rule-set",
        "rule-summary"), names(parameters));
    assertEquals("dispense", parameters.getParameter("decision").getValue().primitiveValue());
    assertEquals(true, ((BooleanType) parameters.getParameter("supervised").getValue())
        .booleanValue());
    Quantity quantity = (Quantity) parameters.getParameter("quantity").getValue();
    assertEquals("120 mg", quantity.getValue().toPlainString() + " " + quantity.getCode());
    assertEquals("ost-instalment", ((StringType) parameters.getParameter("rule").getValue())
        .getValue());
  }

  @Test
  void thePresentationComesFromAnOptionalIntoxicatedParameter() {
    assertEquals(Presentation.USUAL, OstResources.presentation(new Parameters()));
    assertEquals(Presentation.INTOXICATED, OstResources.presentation(new Parameters()
        .addParameter("intoxicated", true)));
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> OstResources.presentation(new Parameters().addParameter("intoxicated", "yes")
            .addParameter("drowsy", true)));
    assertEquals(List.of("Parameters.parameter[1].name", "Parameters.parameter[0]"),
        expressions(e));
  }

  @Test
  void theNewCodeSystemsValidate() {
    CodeSystems.all().stream().filter(cs -> cs.getUrl().contains("/ost-"))
        .forEach(cs -> assertEquals(List.of(), VALIDATOR.errors(cs), cs.getUrl()));
    assertEquals(List.of("not-yet-valid", "expired", "already-dispensed", "missed-doses",
        "intoxicated", "not-collected"), CodeSystems.all().stream()
        .filter(cs -> cs.getUrl().equals(CodeSystems.OST_WITHHOLD_REASON)).findFirst()
        .orElseThrow().getConcept().stream().map(c -> c.getCode()).toList());
  }

  private static List<String> names(Parameters parameters) {
    return parameters.getParameter().stream().map(p -> p.getName()).toList();
  }

  private static Resource contained(org.hl7.fhir.r4.model.DomainResource resource,
      String reference) {
    return Elements.contained(resource, new org.hl7.fhir.r4.model.Reference(reference))
        .orElseThrow(() -> new AssertionError("no contained " + reference));
  }

  private static String system(CodeableConcept concept) {
    return concept.getCodingFirstRep().getSystem() + "|" + concept.getCodingFirstRep()
        .getCode();
  }
}
