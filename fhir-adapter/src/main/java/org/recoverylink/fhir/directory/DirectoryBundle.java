package org.recoverylink.fhir.directory;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Contact;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.InvalidDirectoryException;
import org.recoverylink.core.directory.Organisation;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.ResourceParser;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The service directory as a FHIR R4 Bundle (type collection) and back:
 *
 * <ul>
 *   <li>{@code Organization} per provider (ODS code as identifier where known);
 *   <li>{@code Location} for the directory's geography (the root), each area (part of the root)
 *       and each district (ONS code as identifier, postcode outward codes as extensions; part of
 *       its area when local, of the root when a neighbour);
 *   <li>{@code HealthcareService} per service: kinds as {@code type}, substances and circumstances
 *       as {@code eligibility} codes, access as a {@code characteristic}, the age range as an
 *       extension, coverage as {@code coverageArea} references to district, area or root,
 *       contact details (where known) as {@code telecom} phone, email and url;
 *   <li>{@code Endpoint} where a service takes referrals directly (hl7-fhir-rest).
 * </ul>
 *
 * Reading checks the whole Bundle and throws one {@link InvalidDirectoryException} naming every
 * problem, so a bad directory never half-loads.
 */
public final class DirectoryBundle {

  /** Base of the fullUrls: references inside the Bundle are relative to it. */
  public static final String BASE = "https://recoverylink.org/fhir/";
  public static final String DIRECTORY_ID_SYSTEM = "https://recoverylink.org/fhir/Id/directory";
  public static final String DIRECTORY_VERSION_SYSTEM =
      "https://recoverylink.org/fhir/directory-version";
  public static final String ONS_CODE_SYSTEM = "https://recoverylink.org/fhir/Id/ons-area-code";
  public static final String AGE_RANGE_URL = Extensions.ELIGIBILITY_AGE_RANGE;
  public static final String OUTWARD_CODE_URL = Extensions.POSTCODE_OUTWARD_CODE;
  private static final String PHYSICAL_TYPE =
      "http://terminology.hl7.org/CodeSystem/location-physical-type";
  private static final String CONNECTION_TYPE =
      "http://terminology.hl7.org/CodeSystem/endpoint-connection-type";
  private static final String PAYLOAD_TYPE =
      "http://terminology.hl7.org/CodeSystem/endpoint-payload-type";
  private static final String ROOT_ID = "geography";

  private final FhirContext context;

  public DirectoryBundle(FhirContext context) {
    this.context = context;
  }

  /**
   * Reads a directory Bundle.
   *
   * @throws InvalidDirectoryException naming every problem of the Bundle
   */
  public Directory read(Bundle bundle) {
    return new DirectoryReader(bundle).read();
  }

  /**
   * Reads a directory Bundle from FHIR JSON or XML.
   *
   * @throws InvalidDirectoryException when the text is not a Bundle or the Bundle has problems
   */
  public Directory read(String text) {
    Bundle bundle;
    try {
      bundle = new ResourceParser(context).parse(text, Bundle.class);
    } catch (InvalidFhirInputException e) {
      throw new InvalidDirectoryException("(unreadable)", e.issues().stream()
          .map(issue -> "not a FHIR Bundle: " + issue.diagnostics()).toList());
    }
    return read(bundle);
  }

  /** The directory as a collection Bundle. */
  public Bundle write(Directory directory) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setIdentifier(new Identifier().setSystem(DIRECTORY_ID_SYSTEM)
        .setValue(directory.version().id()));
    bundle.getMeta().addTag(DIRECTORY_VERSION_SYSTEM, directory.version().version(),
        "Directory version");
    Geography geography = directory.geography();
    add(bundle, new Location().setStatus(Location.LocationStatus.ACTIVE)
        .setName(geography.name()).setMode(Location.LocationMode.KIND)
        .setPhysicalType(area()).setId(ROOT_ID));
    for (String area : geography.areas()) {
      add(bundle, new Location().setStatus(Location.LocationStatus.ACTIVE).setName(area)
          .setMode(Location.LocationMode.KIND).setPhysicalType(area())
          .setPartOf(new Reference("Location/" + ROOT_ID)).setId(areaId(area)));
    }
    Map<String, List<String>> outward = outwardCodesByDistrict(geography);
    for (District district : geography.districts()) {
      Location location = new Location().setStatus(Location.LocationStatus.ACTIVE)
          .setName(district.name()).setMode(Location.LocationMode.KIND).setPhysicalType(area())
          .setPartOf(new Reference("Location/"
              + (district.local() ? areaId(district.area()) : ROOT_ID)));
      location.addIdentifier().setSystem(ONS_CODE_SYSTEM).setValue(district.code());
      for (String code : outward.getOrDefault(district.code(), List.of())) {
        location.addExtension(OUTWARD_CODE_URL, new StringType(code));
      }
      add(bundle, location.setId(districtId(district.code())));
    }
    Map<String, Organisation> organisations = new LinkedHashMap<>();
    directory.services().forEach(s -> organisations.putIfAbsent(s.provider().id(), s.provider()));
    for (Organisation organisation : organisations.values()) {
      Organization resource = new Organization().setActive(true).setName(organisation.name());
      organisation.odsCode().ifPresent(ods -> resource.addIdentifier().setSystem(Systems.ODS)
          .setValue(ods));
      add(bundle, resource.setId(organisation.id()));
    }
    for (Service service : directory.services()) {
      add(bundle, healthcareService(service, geography));
      service.endpoint().ifPresent(address -> add(bundle, endpoint(service, address)));
    }
    return bundle;
  }

  /** The directory as FHIR JSON. */
  public String writeJson(Directory directory) {
    return context.newJsonParser().setPrettyPrint(true).encodeResourceToString(write(directory));
  }

  private HealthcareService healthcareService(Service service, Geography geography) {
    HealthcareService resource = new HealthcareService().setActive(true).setName(service.name())
        .setComment(service.description())
        .setProvidedBy(new Reference("Organization/" + service.provider().id()));
    for (ServiceKind kind : ServiceKind.values()) {
      if (service.is(kind)) {
        resource.addType(new CodeableConcept(CodeSystems.coding(CodeSystems.SERVICE_KIND, kind)));
      }
    }
    Eligibility eligibility = service.eligibility();
    for (Substance substance : Substance.values()) {
      if (eligibility.substances().contains(substance)) {
        resource.addEligibility().setCode(new CodeableConcept(
            CodeSystems.coding(CodeSystems.SUBSTANCE, substance)));
      }
    }
    for (Circumstance circumstance : Circumstance.values()) {
      if (eligibility.circumstances().contains(circumstance)) {
        resource.addEligibility().setCode(new CodeableConcept(
            CodeSystems.coding(CodeSystems.CIRCUMSTANCE, circumstance)));
      }
    }
    resource.addCharacteristic(new CodeableConcept(
        CodeSystems.coding(CodeSystems.ACCESS, eligibility.access())));
    Range ages = new Range().setLow(years(eligibility.minAge()));
    if (eligibility.maxAge() != Eligibility.NO_MAX_AGE) {
      ages.setHigh(years(eligibility.maxAge()));
    }
    resource.addExtension(AGE_RANGE_URL, ages);
    Coverage coverage = service.coverage();
    if (coverage instanceof Coverage.Districts districts) {
      geography.districts().stream().filter(d -> districts.codes().contains(d.code()))
          .forEach(d -> resource.addCoverageArea(
              new Reference("Location/" + districtId(d.code()))));
    } else if (coverage instanceof Coverage.Areas areas) {
      geography.areas().stream().filter(areas.names()::contains)
          .forEach(a -> resource.addCoverageArea(new Reference("Location/" + areaId(a))));
    } else {
      resource.addCoverageArea(new Reference("Location/" + ROOT_ID));
    }
    Contact contact = service.contact();
    contact.phone().ifPresent(phone -> resource.addTelecom(telecom(
        ContactPoint.ContactPointSystem.PHONE, phone)));
    contact.email().ifPresent(email -> resource.addTelecom(telecom(
        ContactPoint.ContactPointSystem.EMAIL, email)));
    contact.website().ifPresent(url -> resource.addTelecom(telecom(
        ContactPoint.ContactPointSystem.URL, url)));
    service.endpoint().ifPresent(a -> resource.addEndpoint(
        new Reference("Endpoint/" + endpointId(service))));
    resource.setId(service.id());
    return resource;
  }

  private static ContactPoint telecom(ContactPoint.ContactPointSystem system, String value) {
    return new ContactPoint().setSystem(system).setValue(value)
        .setUse(ContactPoint.ContactPointUse.WORK);
  }

  private static Endpoint endpoint(Service service, String address) {
    Endpoint endpoint = new Endpoint().setStatus(Endpoint.EndpointStatus.ACTIVE)
        .setConnectionType(new Coding(CONNECTION_TYPE, "hl7-fhir-rest", "HL7 FHIR"))
        .setName(service.name() + " FHIR endpoint").setAddress(address);
    endpoint.addPayloadType(new CodeableConcept(new Coding(PAYLOAD_TYPE, "any", "Any")));
    endpoint.setManagingOrganization(new Reference("Organization/" + service.provider().id()));
    endpoint.setId(endpointId(service));
    return endpoint;
  }

  private static void add(Bundle bundle, Resource resource) {
    bundle.addEntry().setFullUrl(BASE + resource.fhirType() + "/" + resource.getIdPart())
        .setResource(resource);
  }

  private static CodeableConcept area() {
    return new CodeableConcept(new Coding(PHYSICAL_TYPE, "area", "Area"));
  }

  private static Quantity years(int value) {
    return new Quantity().setValue(value).setUnit("years").setSystem("http://unitsofmeasure.org")
        .setCode("a");
  }

  private static Map<String, List<String>> outwardCodesByDistrict(Geography geography) {
    Map<String, List<String>> byDistrict = new HashMap<>();
    geography.outwardCodes().forEach((outward, district) ->
        byDistrict.computeIfAbsent(district, d -> new ArrayList<>()).add(outward));
    byDistrict.values().forEach(list -> list.sort(null));
    return byDistrict;
  }

  static String areaId(String area) {
    return "area-" + area.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
  }

  static String districtId(String onsCode) {
    return "district-" + onsCode.toLowerCase(Locale.ROOT);
  }

  private static String endpointId(Service service) {
    return "endpoint-" + service.id();
  }
}
