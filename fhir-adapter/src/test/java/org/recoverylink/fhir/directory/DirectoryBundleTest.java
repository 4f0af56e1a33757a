package org.recoverylink.fhir.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Range;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Contact;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.InvalidDirectoryException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/** The directory as FHIR: round trip, validation with zero errors, and refusal of bad Bundles. */
class DirectoryBundleTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private final ResourceValidator validator = SharedValidator.get();
  private final DirectoryBundle bundles = new DirectoryBundle(FHIR);

  @Test
  void essexRoundTripsFhirToCoreToFhirUnchanged() {
    String json = bundles.writeJson(EssexDirectory.directory());

    Directory read = bundles.read(json);

    assertEquals(EssexDirectory.directory().version(), read.version());
    assertEquals(EssexDirectory.directory().services(), read.services());
    assertEquals(EssexDirectory.directory().geography().districts(),
        read.geography().districts());
    assertEquals(EssexDirectory.directory().geography().outwardCodes(),
        read.geography().outwardCodes());
    assertEquals(json, bundles.writeJson(read));
  }

  @Test
  void everyResourceOfTheEssexBundleValidatesWithZeroErrors() {
    Bundle bundle = bundles.write(EssexDirectory.directory());

    assertEquals(List.of(), validator.errors(bundle));
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      assertEquals(List.of(), validator.errors(entry.getResource()),
          entry.getResource().fhirType() + "/" + entry.getResource().getIdPart());
    }
    assertTrue(bundle.getEntry().size() > 25 + 14);
  }

  @Test
  void theDirectoryReadFromFhirRoutesExactlyAsTheOneInCore() {
    Router fromCore = new Router(EssexDirectory.directory());
    Router fromFhir = new Router(bundles.read(bundles.writeJson(EssexDirectory.directory())));
    LocalDate today = LocalDate.of(2026, 11, 22);
    List<RouteRequest> requests = List.of(
        RouteRequest.builder(today.minusYears(16), today).district("Basildon")
            .substances(Substance.CANNABIS).build(),
        RouteRequest.builder(today.minusYears(45), today).postcode("CM20 2AB")
            .flags(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE,
                FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE).build(),
        RouteRequest.builder(today.minusYears(28), today).postcode("CO15 1AA")
            .substances(Substance.OPIOIDS)
            .circumstances(Circumstance.INJECTING, Circumstance.PREGNANT).build(),
        RouteRequest.builder(today.minusYears(30), today).postcode("RM17 6AB")
            .substances(Substance.ALCOHOL).build());

    for (RouteRequest request : requests) {
      assertEquals(fromCore.route(request).destinations(), fromFhir.route(request).destinations());
    }
  }

  @Test
  void ourCodeSystemsValidateWithZeroErrors() {
    CodeSystems.all().forEach(cs -> assertEquals(List.of(), validator.errors(cs), cs.getUrl()));
  }

  @Test
  void aBadBundleIsRefusedNamingEveryProblem() {
    Bundle bundle = bundles.write(EssexDirectory.directory());
    HealthcareService stars = service(bundle, "stars");
    stars.getCoverageAreaFirstRep().setReference("Location/district-e09999999"); // unknown
    HealthcareService sharp = service(bundle, "sharp");
    sharp.getCoverageArea().clear();                                              // no coverage
    HealthcareService eypdas = service(bundle, "eypdas");
    ((Range) eypdas.getExtensionByUrl(DirectoryBundle.AGE_RANGE_URL).getValue())
        .getLow().setValue(30);                                                   // 30-24
    service(bundle, "futures-in-mind").addType(new CodeableConcept(
        new Coding(CodeSystems.SERVICE_KIND, "magic", null)));                    // unknown code
    bundle.addEntry().setFullUrl(DirectoryBundle.BASE + "HealthcareService/sharp")
        .setResource(sharp.copy());                                               // duplicate
    bundle.addEntry().setResource(new Patient().setId("someone"));                // wrong type

    InvalidDirectoryException e = assertThrows(InvalidDirectoryException.class,
        () -> bundles.read(bundle));

    List<String> problems = e.problems();
    assertTrue(has(problems, "duplicate id HealthcareService/sharp"), problems::toString);
    assertTrue(has(problems, "HealthcareService/stars.coverageArea points at"
        + " Location/district-e09999999"), problems::toString);
    assertTrue(has(problems, "HealthcareService/sharp: no coverageArea"), problems::toString);
    assertTrue(has(problems, "magic"), problems::toString);
    assertTrue(has(problems, "Patient/someone does not belong"), problems::toString);
    assertTrue(has(problems, "eypdas: age range 30-24 can never match"), problems::toString);
  }

  @Test
  void contactDetailsTravelAsTelecomAndBack() {
    Directory essex = EssexDirectory.directory();
    Directory.Builder builder = Directory.builder("with-contacts", "1", essex.geography());
    Contact contact = new Contact(Optional.of("01632 960000"),
        Optional.of("referrals@example.org"), Optional.of("https://example.org/help"));
    for (Service s : essex.services()) {
      builder.service(new Service(s.id(), s.name(), s.provider(), s.kinds(), s.eligibility(),
          s.coverage(), s.endpoint(), s.description(),
          s.id().equals("sharp") ? contact : s.contact()));
    }
    Directory directory = builder.build();
    Bundle bundle = bundles.write(directory);

    assertEquals(List.of(), validator.errors(service(bundle, "sharp")));
    assertEquals(3, service(bundle, "sharp").getTelecom().size());
    assertEquals(directory.services(), bundles.read(bundles.writeJson(directory)).services());
  }

  @Test
  void telecomADirectoryCannotHoldIsRefused() {
    Bundle bundle = bundles.write(EssexDirectory.directory());
    HealthcareService sharp = service(bundle, "sharp");
    sharp.addTelecom().setSystem(ContactPoint.ContactPointSystem.FAX).setValue("01632 960001");
    sharp.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("01632 960002");
    sharp.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("01632 960003");
    service(bundle, "stars").addTelecom().setSystem(ContactPoint.ContactPointSystem.URL)
        .setValue("javascript:alert(1)");

    List<String> problems = assertThrows(InvalidDirectoryException.class,
        () -> bundles.read(bundle)).problems();

    assertTrue(has(problems, "HealthcareService/sharp.telecom: system fax"), problems::toString);
    assertTrue(has(problems, "HealthcareService/sharp.telecom: more than one phone"),
        problems::toString);
    assertTrue(has(problems, "stars: website javascript:alert(1) is not an http(s) URL"),
        problems::toString);
  }

  @Test
  void textThatIsNotABundleIsRefused() {
    InvalidDirectoryException e = assertThrows(InvalidDirectoryException.class,
        () -> bundles.read("{\"resourceType\": \"Patient\", \"id\": \"x\"}"));
    assertTrue(e.getMessage().contains("not a FHIR Bundle"), e.getMessage());
    assertThrows(InvalidDirectoryException.class, () -> bundles.read("{ not json"));
  }

  @Test
  void aBundleWithoutItsIdentityIsRefused() {
    Bundle bundle = bundles.write(EssexDirectory.directory());
    bundle.setIdentifier(null);
    bundle.getMeta().getTag().clear();

    List<String> problems = assertThrows(InvalidDirectoryException.class,
        () -> bundles.read(bundle)).problems();

    assertEquals(2, problems.size(), problems::toString);
  }

  private static HealthcareService service(Bundle bundle, String id) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r instanceof HealthcareService && r.getIdPart().equals(id))
        .map(HealthcareService.class::cast).findFirst().orElseThrow();
  }

  private static boolean has(List<String> problems, String text) {
    return problems.stream().anyMatch(p -> p.contains(text));
  }

}
