package org.recoverylink.fhir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.routing.Router;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.referral.MessageReferral;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.routing.RouteParameters;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * The extension check: under our URL space only what {@link Extensions#DEFINED} says, where it
 * says and of the type it says; every reader of what we are sent runs it first.
 */
class ExtensionsTest {

  static final String MISSPELT = OstResources.SUPERVISED_UNTIL.replace("until", "untill");
  static final LocalDate MON = LocalDate.of(2026, 3, 2);
  static final Contact GP = new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel",
      "F81001");
  static final Contact KEYWORKER = new Contact(Contact.Role.KEYWORKER, "Sam Jones",
      "phoenix-futures");
  static final OstPrescription PRESCRIPTION = new OstPrescription("rx-1", "9434765919",
      OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.daily(),
      Optional.of(MON.plusDays(13)), MON, MON.plusDays(13), GP, KEYWORKER);

  static MedicationRequest prescription() {
    return OstResources.write(PRESCRIPTION);
  }

  static MedicationDispense supply() {
    return OstResources.dispensed(PRESCRIPTION, new OstEvent.Dispensed("rx-1", MON,
        List.of(MON), true, new BigDecimal("60")), UUID.randomUUID(), "FA123");
  }

  static Extension unknown() {
    return new Extension(MISSPELT, new DateType("2026-03-15"));
  }

  /** A reader, what it reads, and where the unknown extension put in it is. */
  record Case(String reader, Resource resource, Consumer<Resource> read, String at) {
    @Override
    public String toString() {
      return reader;
    }
  }

  static <T extends Resource> Case reading(String reader, T resource, Consumer<T> read,
      Function<T, String> addUnknown) {
    String at = addUnknown.apply(resource);
    @SuppressWarnings("unchecked")
    Consumer<Resource> untyped = r -> read.accept((T) r);
    return new Case(reader, resource, untyped, at);
  }

  static Stream<Arguments> everyReader() {
    ReferralIntake intake = new ReferralIntake(new Router(EssexDirectory.directory()));
    FhirAssessor assessor = new FhirAssessor(Assessor.standard());
    return Stream.of(
        reading("OstResources.read(MedicationRequest)", prescription(), OstResources::read,
            r -> { r.getDispenseRequest().addExtension(unknown());
              return "MedicationRequest.dispenseRequest.extension[8]"; }),
        reading("OstResources.read(MedicationDispense)", supply(), OstResources::read,
            r -> { r.getDosageInstructionFirstRep().addExtension(unknown());
              return "MedicationDispense.dosageInstruction[0].extension[0]"; }),
        reading("OstResources.presentation", new Parameters(), OstResources::presentation,
            r -> { r.getMeta().addExtension(unknown()); return "Parameters.meta.extension[0]"; }),
        reading("NspResources.fromParameters",
            NspResources.toParameters(Examples.fullVisit("FA123")),
            NspResources::fromParameters, r -> { r.getParameterFirstRep().addExtension(unknown());
              return "Parameters.parameter[0].extension[0]"; }),
        reading("NspResources.fromBundle", NspResources.toBundle(Examples.fullVisit("FA123")),
            NspResources::fromBundle, r -> { r.getEntryFirstRep().getResource().getMeta()
                .addExtension(unknown());
              return "Bundle.entry[0].resource.meta.extension[0]"; }),
        reading("NaloxoneResources.fromParameters", NaloxoneResources.toParameters(
            Examples.firstSupply("FA123")), NaloxoneResources::fromParameters,
            r -> { r.getParameterFirstRep().getValue().addExtension(unknown());
              return "Parameters.parameter[0].valueString.extension[0]"; }),
        reading("InterventionProcedures.read", InterventionProcedures.builder(Intervention.BRIEF)
            .patient("9434765919").performer("A81001").performed(java.time.Instant.parse(
                "2026-03-02T10:00:00Z")).build(), InterventionProcedures::read,
            r -> { r.getStatusElement().addExtension(unknown());
              return "Procedure.status.extension[0]"; }),
        reading("ReferralIntake.admit", Referrals.referral("ext-1"),
            r -> intake.admit(r, Referrals.PRACTICE, MON), r -> {
              r.getContained().get(0).getMeta().addExtension(unknown());
              return "ServiceRequest.contained[0].meta.extension[0]"; }),
        reading("MessageReferral.referral", message(),
            r -> new MessageReferral(ca.uhn.fhir.context.FhirContext.forR4Cached())
                .referral(r), r -> { r.getEntryFirstRep().getResource().getMeta()
                .addExtension(unknown());
              return "Bundle.entry[0].resource.meta.extension[0]"; }),
        reading("RouteParameters.read", route(), r -> RouteParameters.read(r, MON),
            r -> { ((Patient) r.getParameterFirstRep().getResource()).getBirthDateElement()
                .addExtension(unknown());
              return "Parameters.parameter[0].resource.birthDate.extension[0]"; }),
        reading("FhirAssessor.assess", Forms.fill(Questionnaires.find("audit").orElseThrow(),
            true), r -> assessor.assess(Map.of("QuestionnaireResponse", r), List.of(),
                Set.of()), r -> { r.getItemFirstRep().getAnswerFirstRep()
                .addModifierExtension(unknown());
              return "QuestionnaireResponse.item[0].answer[0].modifierExtension[0]"; }))
        .map(Arguments::of);
  }

  static Bundle message() {
    Bundle message = new Bundle().setType(Bundle.BundleType.MESSAGE);
    message.addEntry().setResource(new MessageHeader());
    return message;
  }

  static Parameters route() {
    Parameters parameters = new Parameters();
    Patient patient = new Patient().setBirthDateElement(new DateType("1990-03-04"));
    patient.addAddress().setPostalCode("CO15 1AA");
    parameters.addParameter().setName("patient").setResource(patient);
    return parameters;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyReader")
  void everyReaderRefusesAnUnknownExtensionOfOursAtItsPath(Case given) {
    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> given.read().accept(given.resource()));
    assertEquals(List.of(given.at()), refused.issues().stream().map(FhirIssue::expression)
        .toList(), refused.getMessage());
    assertTrue(refused.issues().get(0).diagnostics().contains(MISSPELT),
        refused.issues().get(0).diagnostics());
  }

  @Test
  void whatWeWriteIsTakenAsItIs() {
    assertEquals(List.of(), Extensions.check(prescription(), "MedicationRequest"));
    assertEquals(List.of(), Extensions.check(supply(), "MedicationDispense"));
    assertEquals(List.of(), Extensions.check(Referrals.referral("ext-ok"), "ServiceRequest"),
        "rationale on the contained Observations and Flags");
    Bundle assessed = ResultBundle.of(new FhirAssessor(Assessor.standard()).assess(
        Map.of("QuestionnaireResponse", Forms.fill(Questionnaires.find("audit")
            .orElseThrow(), true)), List.of(), Set.of()));
    assertEquals(List.of(), Extensions.check(assessed, "Bundle"));
  }

  @Test
  void othersExtensionsAreLeftToTheReaders() {
    MedicationRequest request = prescription();
    request.addExtension("https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-x",
        new StringType("anything"));
    request.getStatusElement().addExtension("http://hl7.org/fhir/StructureDefinition/foo",
        new BooleanType(true));
    assertEquals(List.of(), Extensions.check(request, "MedicationRequest"));
  }

  @Test
  void oursOnAnElementItDoesNotBelongToIsRefused() {
    MedicationRequest request = prescription();
    Extension keyworker = request.getExtensionByUrl(OstResources.KEYWORKER);
    request.getExtension().remove(keyworker);
    request.getDosageInstructionFirstRep().addExtension(keyworker);
    request.getContained().get(0).getMeta().addExtension(OstResources.SUPERVISED,
        new BooleanType(true));

    List<FhirIssue> issues = Extensions.check(request, "MedicationRequest");

    assertEquals(List.of("MedicationRequest.contained[0].meta.extension[0]",
        "MedicationRequest.dosageInstruction[0].extension[0]"), issues.stream()
        .map(FhirIssue::expression).toList(), "every problem, in the order of the resource");
    assertTrue(issues.get(1).diagnostics().contains("belongs on MedicationRequest, not on"
        + " MedicationRequest.dosageInstruction"), issues.get(1).diagnostics());
    assertTrue(issues.get(0).diagnostics().contains("not on Meta") || issues.get(0)
        .diagnostics().contains("not on Medication"), issues.get(0).diagnostics());
  }

  @Test
  void oursOfTheWrongTypeIsRefused() {
    MedicationDispense dispense = supply();
    dispense.getExtensionByUrl(OstResources.SUPERVISED).setValue(new CodeType("true"));
    List<FhirIssue> issues = Extensions.check(dispense, "MedicationDispense");
    assertEquals(List.of("MedicationDispense.extension[0]"), issues.stream()
        .map(FhirIssue::expression).toList());
    assertTrue(issues.get(0).diagnostics().contains("holds a valueBoolean, not a valueCode"),
        issues.get(0).diagnostics());

    Observation observation = new Observation();
    Extension rationale = observation.addExtension().setUrl(ResultBundle.RATIONALE);
    rationale.addExtension("rule", new IntegerType(3));
    rationale.addExtension("rules", new StringType("uk-iba|1"));
    rationale.setValue(new StringType("why"));
    assertEquals(List.of("Observation.extension[0]", "Observation.extension[0].extension[0]",
        "Observation.extension[0].extension[1]"), Extensions.check(observation, "Observation")
        .stream().map(FhirIssue::expression).toList());

    MedicationRequest empty = prescription();
    empty.getDispenseRequest().getExtensionByUrl(OstResources.SUPERVISED_UNTIL).setValue(null);
    assertEquals(1, Extensions.check(empty, "MedicationRequest").size(), "no value");
  }

  @Test
  void anyModifierExtensionIsRefusedAsNotUnderstood() {
    MedicationRequest request = prescription();
    request.addModifierExtension(new Extension("http://example.org/not-really",
        new BooleanType(true)));
    request.getDispenseRequest().addModifierExtension(OstResources.COLLECTION_DAY,
        new CodeType("mon"));
    assertEquals(List.of("MedicationRequest.modifierExtension[0]",
        "MedicationRequest.dispenseRequest.modifierExtension[0]"), Extensions.check(request,
        "MedicationRequest").stream().map(FhirIssue::expression).toList());
  }

  @Test
  void aNearMissOfOurHostIsOursAndAQuotedUrlIsBounded() {
    Parameters parameters = new Parameters();
    String huge = "HTTP://RecoveryLink.org/fhir/" + "x".repeat(900_000);
    parameters.getMeta().addExtension("http://www.recoverylink.org/fhir/StructureDefinition"
        + "/rationale", new StringType("x"));
    parameters.getMeta().addExtension(huge, new StringType("x"));
    List<FhirIssue> issues = Extensions.check(parameters, "Parameters");
    assertEquals(2, issues.size());
    assertTrue(issues.get(1).diagnostics().length() < 400, "bounded");
    assertFalse(issues.get(1).expression().contains("xxx"), "the path is by index");
  }

  /**
   * A resource read from a body that names no extension is not walked again; a body that names
   * one anywhere, in any spelling JSON allows, is. Each body hides the unknown extension in a
   * different place, and each is read from bytes and from text.
   */
  @TestFactory
  Stream<DynamicTest> anExtensionInAParsedBodyIsFoundHoweverItIsWritten() {
    String unknown = "[{\"url\":\"" + MISSPELT + "\",\"valueDate\":\"2026-03-15\"}]";
    String observation = "{\"resourceType\":\"Observation\",\"status\":\"final\","
        + "\"code\":{\"text\":\"x\"}";
    Map<String, String> bodies = Map.of(
        "at the root", observation + ",\"extension\":" + unknown + "}",
        "its name escaped", observation + ",\"\\u0065xtension\":" + unknown + "}",
        "on a primitive value", observation + ",\"_status\":{\"extension\":" + unknown + "}}",
        "a modifier, escaped, in a contained resource", observation + ",\"contained\":[{"
            + "\"resourceType\":\"Patient\",\"id\":\"p\",\"modifier\\u0045xtension\":"
            + unknown + "}]}",
        "in a Bundle's entry", "{\"resourceType\":\"Bundle\",\"type\":\"collection\","
            + "\"entry\":[{\"resource\":" + observation + ",\"extension\":" + unknown
            + "}}]}");
    ResourceParser parser = new ResourceParser(ca.uhn.fhir.context.FhirContext.forR4Cached());
    return bodies.entrySet().stream().flatMap(body -> Map.<String, Supplier<Resource>>of(
        ", as bytes", () -> parser.parse(body.getValue().getBytes(StandardCharsets.US_ASCII),
            Resource.class),
        ", as text", () -> parser.parse(body.getValue(), Resource.class)).entrySet().stream()
        .map(read -> DynamicTest.dynamicTest(body.getKey() + read.getKey(), () -> {
          InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
              () -> Extensions.refuseUnknown(read.getValue().get()));
          assertTrue(refused.getMessage().contains(MISSPELT), refused.getMessage());
        })));
  }

  /** The check is of what was sent: a parsed resource changed afterwards is not walked again. */
  @Test
  void aResourceReadFromABodyWithoutExtensionsIsNotWalkedButACopyIs() {
    ResourceParser parser = new ResourceParser(ca.uhn.fhir.context.FhirContext.forR4Cached());
    Resource read = parser.parse(("{\"resourceType\":\"Observation\",\"status\":\"final\","
        + "\"code\":{\"text\":\"extension\"}}").getBytes(StandardCharsets.US_ASCII),
        Resource.class);
    read.getMeta().addExtension(unknown());
    assertEquals(List.of(), Extensions.check(read, "Observation"));
    assertEquals(1, Extensions.check(read.copy(), "Observation").size());
  }

  @Test
  void theRegistryIsOursAndOnePerUrl() {
    Set<String> urls = new HashSet<>();
    for (ExtensionDefinition defined : Extensions.DEFINED) {
      assertTrue(defined.url().startsWith(Extensions.BASE + "StructureDefinition/"),
          defined.url());
      assertTrue(urls.add(defined.url()), defined.url());
    }
    assertThrows(IllegalArgumentException.class, () -> ExtensionDefinition.simple(
        Extensions.BASE + "StructureDefinition/x", "string", "no context"));
  }
}
