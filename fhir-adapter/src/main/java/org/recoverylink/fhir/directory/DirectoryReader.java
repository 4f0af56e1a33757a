package org.recoverylink.fhir.directory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.directory.Access;
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
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/** Reads one directory Bundle; collects every problem before giving up. */
final class DirectoryReader {

  private final Bundle bundle;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Resource> byReference = new LinkedHashMap<>();

  DirectoryReader(Bundle bundle) {
    this.bundle = bundle;
  }

  Directory read() {
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      if (resource == null || !resource.hasIdElement() || resource.getIdPart() == null) {
        problems.add("an entry has no resource with an id");
        continue;
      }
      String key = resource.fhirType() + "/" + resource.getIdPart();
      if (byReference.put(key, resource) != null) {
        problems.add("duplicate id " + key);
      }
    }
    String id = bundle.getIdentifier().getValue();
    if (!DirectoryBundle.DIRECTORY_ID_SYSTEM.equals(bundle.getIdentifier().getSystem())
        || id == null) {
      problems.add("Bundle.identifier must name the directory (system "
          + DirectoryBundle.DIRECTORY_ID_SYSTEM + ")");
    }
    Optional<String> version = bundle.getMeta().getTag().stream()
        .filter(t -> DirectoryBundle.DIRECTORY_VERSION_SYSTEM.equals(t.getSystem()))
        .map(Coding::getCode).findFirst();
    if (version.isEmpty()) {
      problems.add("Bundle.meta.tag must carry the directory version (system "
          + DirectoryBundle.DIRECTORY_VERSION_SYSTEM + ")");
    }
    Geography geography = geography();
    List<Service> services = new ArrayList<>();
    for (Resource resource : byReference.values()) {
      if (resource instanceof HealthcareService healthcareService) {
        service(healthcareService).ifPresent(services::add);
      } else if (!(resource instanceof Location || resource instanceof Organization
          || resource instanceof Endpoint)) {
        problems.add(resource.fhirType() + "/" + resource.getIdPart()
            + " does not belong in a directory Bundle");
      }
    }
    if (geography != null && id != null && version.isPresent()) {
      try {
        Directory.Builder builder = Directory.builder(id, version.get(), geography);
        services.forEach(builder::service);
        Directory built = builder.build(); // run even with problems: core names its own too
        if (problems.isEmpty()) {
          return built;
        }
      } catch (InvalidDirectoryException e) {
        problems.addAll(e.problems());
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    throw new InvalidDirectoryException(id == null ? "(unnamed)" : id, problems);
  }

  /** The geography from the Locations: one root, areas part of it, districts with ONS codes. */
  private Geography geography() {
    List<Location> locations = byReference.values().stream()
        .filter(Location.class::isInstance).map(Location.class::cast).toList();
    List<Location> roots = locations.stream().filter(l -> !l.hasPartOf()).toList();
    if (roots.size() != 1) {
      problems.add("needs exactly one root Location (the geography), found " + roots.size());
      return null;
    }
    Location root = roots.get(0);
    List<District> districts = new ArrayList<>();
    Map<String, String> outward = new HashMap<>();
    for (Location location : locations) {
      if (location == root) {
        continue;
      }
      Resource parent = resolve(location.getPartOf(), "Location/" + location.getIdPart()
          + ".partOf");
      Optional<String> ons = ons(location);
      if (ons.isEmpty()) {
        if (parent != root) {
          problems.add("Location/" + location.getIdPart() + " is neither an area (part of the"
              + " root) nor a district (with an ONS code)");
        }
        continue; // an area: known through its districts
      }
      boolean local = parent != root && parent instanceof Location area && !ons(area).isPresent();
      districts.add(new District(ons.get(), location.getName() == null ? ons.get()
          : location.getName(), local ? ((Location) parent).getName() : "", local));
      for (Extension extension : location.getExtensionsByUrl(DirectoryBundle.OUTWARD_CODE_URL)) {
        if (extension.getValue() instanceof StringType code && code.getValue() != null) {
          outward.put(code.getValue(), ons.get());
        } else {
          problems.add("Location/" + location.getIdPart() + ": an outward-code extension"
              + " without a string");
        }
      }
    }
    try {
      return new Geography(root.getName() == null ? "(unnamed)" : root.getName(), districts,
          outward);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return null;
    }
  }

  private Optional<Service> service(HealthcareService resource) {
    String id = resource.getIdPart();
    String where = "HealthcareService/" + id;
    int before = problems.size();
    Resource provider = resolve(resource.getProvidedBy(), where + ".providedBy");
    Set<ServiceKind> kinds = EnumSet.noneOf(ServiceKind.class);
    for (CodeableConcept type : resource.getType()) {
      decode(type, CodeSystems.SERVICE_KIND, ServiceKind.class, where + ".type")
          .ifPresent(kinds::add);
    }
    Set<Substance> substances = EnumSet.noneOf(Substance.class);
    Set<Circumstance> circumstances = EnumSet.noneOf(Circumstance.class);
    for (HealthcareService.HealthcareServiceEligibilityComponent e : resource.getEligibility()) {
      Coding coding = e.getCode().getCodingFirstRep();
      if (CodeSystems.SUBSTANCE.equals(coding.getSystem())) {
        decode(e.getCode(), CodeSystems.SUBSTANCE, Substance.class, where + ".eligibility")
            .ifPresent(substances::add);
      } else {
        decode(e.getCode(), CodeSystems.CIRCUMSTANCE, Circumstance.class,
            where + ".eligibility").ifPresent(circumstances::add);
      }
    }
    Access access = Access.DIRECT;
    for (CodeableConcept characteristic : resource.getCharacteristic()) {
      Optional<Access> decoded = decode(characteristic, CodeSystems.ACCESS, Access.class,
          where + ".characteristic");
      if (decoded.isPresent()) {
        access = decoded.get();
      }
    }
    int minAge = 0;
    int maxAge = Eligibility.NO_MAX_AGE;
    Extension ages = resource.getExtensionByUrl(DirectoryBundle.AGE_RANGE_URL);
    if (ages != null) {
      if (ages.getValue() instanceof Range range && range.getLow().hasValue()) {
        minAge = range.getLow().getValue().intValue();
        maxAge = range.getHigh().hasValue() ? range.getHigh().getValue().intValue() : maxAge;
      } else {
        problems.add(where + ": the age-range extension needs a Range with a low value");
      }
    }
    Coverage coverage = coverage(resource, where);
    Optional<String> endpoint = Optional.empty();
    for (Reference reference : resource.getEndpoint()) {
      Resource target = resolve(reference, where + ".endpoint");
      if (target instanceof Endpoint e) {
        if (e.getAddress() == null) {
          problems.add("Endpoint/" + e.getIdPart() + " has no address");
        } else {
          endpoint = Optional.of(e.getAddress());
        }
      }
    }
    Contact contact = contact(resource, where);
    if (problems.size() > before || !(provider instanceof Organization organization)) {
      return Optional.empty();
    }
    Optional<String> ods = Systems.value(organization.getIdentifier(), Systems.ODS);
    return Optional.of(new Service(id, resource.getName() == null ? id : resource.getName(),
        new Organisation(organization.getIdPart(), organization.getName() == null
            ? organization.getIdPart() : organization.getName(), ods),
        kinds, new Eligibility(minAge, maxAge, substances, circumstances, access), coverage,
        endpoint, resource.getComment() == null ? "" : resource.getComment(), contact));
  }

  /** One phone, email and url each at most; other kinds of telecom are not read, so refused. */
  private Contact contact(HealthcareService resource, String where) {
    Map<ContactPoint.ContactPointSystem, String> found =
        new EnumMap<>(ContactPoint.ContactPointSystem.class);
    for (ContactPoint telecom : resource.getTelecom()) {
      ContactPoint.ContactPointSystem system = telecom.getSystem();
      if (system != ContactPoint.ContactPointSystem.PHONE
          && system != ContactPoint.ContactPointSystem.EMAIL
          && system != ContactPoint.ContactPointSystem.URL) {
        problems.add(where + ".telecom: system " + (system == null ? "(none)" : system.toCode())
            + " is not one a directory holds (phone, email, url)");
      } else if (telecom.getValue() == null || telecom.getValue().isBlank()) {
        problems.add(where + ".telecom: a " + system.toCode() + " without a value");
      } else if (found.put(system, telecom.getValue()) != null) {
        problems.add(where + ".telecom: more than one " + system.toCode());
      }
    }
    return new Contact(Optional.ofNullable(found.get(ContactPoint.ContactPointSystem.PHONE)),
        Optional.ofNullable(found.get(ContactPoint.ContactPointSystem.EMAIL)),
        Optional.ofNullable(found.get(ContactPoint.ContactPointSystem.URL)));
  }

  /** Districts, areas or the root: one kind of coverage per service. */
  private Coverage coverage(HealthcareService resource, String where) {
    if (!resource.hasCoverageArea()) {
      problems.add(where + ": no coverageArea, so it covers nobody");
      return Coverage.whole();
    }
    List<String> districts = new ArrayList<>();
    List<String> areas = new ArrayList<>();
    boolean whole = false;
    for (Reference reference : resource.getCoverageArea()) {
      Resource target = resolve(reference, where + ".coverageArea");
      if (!(target instanceof Location location)) {
        continue;
      }
      Optional<String> ons = ons(location);
      if (ons.isPresent()) {
        districts.add(ons.get());
      } else if (location.hasPartOf()) {
        areas.add(location.getName());
      } else {
        whole = true;
      }
    }
    int kinds = (districts.isEmpty() ? 0 : 1) + (areas.isEmpty() ? 0 : 1) + (whole ? 1 : 0);
    if (kinds > 1) {
      problems.add(where + ": coverageArea mixes districts, areas and the whole geography");
    }
    return whole ? Coverage.whole() : !areas.isEmpty()
        ? new Coverage.Areas(Set.copyOf(areas)) : new Coverage.Districts(Set.copyOf(districts));
  }

  private <E extends Enum<E> & Coded> Optional<E> decode(CodeableConcept concept, String system,
      Class<E> type, String where) {
    for (Coding coding : concept.getCoding()) {
      Optional<E> value = CodeSystems.decode(system, coding, type);
      if (value.isPresent()) {
        return value;
      }
    }
    problems.add(where + ": " + concept.getCoding().stream()
        .map(c -> c.getSystem() + "|" + c.getCode()).toList() + " is not a code of " + system);
    return Optional.empty();
  }

  private Resource resolve(Reference reference, String where) {
    String target = reference.getReference();
    if (target == null) {
      problems.add(where + " is missing");
      return null;
    }
    String key = target.startsWith(DirectoryBundle.BASE)
        ? target.substring(DirectoryBundle.BASE.length()) : target;
    Resource resource = byReference.get(key);
    if (resource == null) {
      problems.add(where + " points at " + target + ", which is not in the Bundle");
    }
    return resource;
  }

  private static Optional<String> ons(Location location) {
    return Systems.value(location.getIdentifier(), DirectoryBundle.ONS_CODE_SYSTEM);
  }
}
