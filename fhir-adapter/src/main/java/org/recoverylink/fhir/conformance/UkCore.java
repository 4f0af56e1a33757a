package org.recoverylink.fhir.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * The UK Core (HL7 UK, STU2) definitions our profiles derive from, shipped with the library as
 * data: the profiles, and what HAPI's validator needs of what they point at (the extensions
 * they slice in, the value sets of their extensible bindings and those value sets' code
 * systems). UK Core is published on the NHS's own registry, which a build here cannot reach,
 * so the files are copied from its source repository (see {@code ukcore/README.md} next to
 * them for the repository, commit and licence). They are differentials, as published: a
 * validator generates their snapshots when it loads them.
 *
 * <p>This is the one place the definitions are loaded: a validator that checks our resources
 * against our profiles loads {@link #definitions()} beside {@link Conformance#all()} (or our
 * FHIR package), since every profile whose type UK Core profiles derives from UK Core's.
 */
public final class UkCore {

  /** UK Core's FHIR package, as FHIR registries name it. */
  public static final String PACKAGE_NAME = "fhir.r4.ukcore.stu2";
  /** The version of UK Core the copied definitions are. */
  public static final String PACKAGE_VERSION = "2.0.0";
  /** The base of every UK Core StructureDefinition url. */
  public static final String STRUCTURE_BASE = "https://fhir.hl7.org.uk/StructureDefinition/";

  /** The start of the url of every FHIR R5 extension used from R4 (cross-version). */
  static final String R5_EXTENSION = "http://hl7.org/fhir/5.0/StructureDefinition/extension-";

  private static final String FOLDER = "ukcore/";

  /** UK Core's profile of each resource type that we profile too. */
  private static final Map<String, String> PROFILES = Map.of(
      "MedicationRequest", STRUCTURE_BASE + "UKCore-MedicationRequest",
      "MedicationDispense", STRUCTURE_BASE + "UKCore-MedicationDispense",
      "Encounter", STRUCTURE_BASE + "UKCore-Encounter",
      "Procedure", STRUCTURE_BASE + "UKCore-Procedure",
      "Observation", STRUCTURE_BASE + "UKCore-Observation",
      "ServiceRequest", STRUCTURE_BASE + "UKCore-ServiceRequest",
      "Task", STRUCTURE_BASE + "UKCore-Task",
      "Flag", STRUCTURE_BASE + "UKCore-Flag",
      "RequestGroup", STRUCTURE_BASE + "UKCore-RequestGroup");

  /** The copied files, in the folder next to this class. */
  private static final List<String> FILES = List.of(
      "UKCore-Encounter.json",
      "UKCore-Flag.json",
      "UKCore-MedicationDispense.json",
      "UKCore-MedicationRequest.json",
      "UKCore-Observation.json",
      "UKCore-Procedure.json",
      "UKCore-RequestGroup.json",
      "UKCore-ServiceRequest.json",
      "UKCore-Task.json",
      "Extension-UKCore-AdditionalContact.json",
      "Extension-UKCore-AdmissionMethod.json",
      "Extension-UKCore-Coverage.json",
      "Extension-UKCore-DischargeMethod.json",
      "Extension-UKCore-EmergencyCareDischargeStatus.json",
      "Extension-UKCore-LegalStatus.json",
      "Extension-UKCore-MedicationRepeatInformation.json",
      "Extension-UKCore-OutcomeOfAttendance.json",
      "Extension-UKCore-PriorityReason.json",
      "Extension-UKCore-SourceOfServiceRequest.json",
      "ValueSet-UKCore-FundingCategory.json",
      "ValueSet-UKCore-GenomeSequencingCategory.json",
      "ValueSet-UKCore-MedicationRequestCategory.json",
      "ValueSet-UKCore-MedicationRequestCourseOfTherapy.json",
      "ValueSet-UKCore-MedicationSupplyType.json",
      "CodeSystem-UKCore-FundingCategory.json",
      "CodeSystem-UKCore-GenomeSequencingCategory.json",
      "CodeSystem-UKCore-MedicationRequestCategory.json",
      "CodeSystem-UKCore-MedicationRequestCourseOfTherapy.json",
      "CodeSystem-UKCore-MedicationSupplyType.json");

  private UkCore() {
  }

  /** UK Core's profile of the resource type {@code type}, if UK Core profiles it. */
  public static Optional<String> profile(String type) {
    return Optional.ofNullable(PROFILES.get(type));
  }

  /**
   * The copied UK Core definitions, parsed afresh on each call (callers keep one copy), less
   * the slices of FHIR R5 cross-version extensions ({@link #R5_EXTENSION}; UK Core's
   * Observation has two, both optional): HAPI's snapshot generator cannot resolve those urls
   * without the cross-version extension package, which is not published where a build here
   * can fetch it, and fails on them. We write none of them.
   */
  public static List<MetadataResource> definitions() {
    FhirContext fhir = FhirContext.forR4Cached();
    return FILES.stream().map(file -> (MetadataResource) fhir.newJsonParser()
        .parseResource(read(FOLDER + file))).map(UkCore::withoutR5Extensions).toList();
  }

  private static MetadataResource withoutR5Extensions(MetadataResource resource) {
    if (resource instanceof StructureDefinition definition) {
      List<ElementDefinition> elements = definition.getDifferential().getElement();
      List<String> slices = elements.stream()
          .filter(element -> element.getType().stream().anyMatch(type -> type.getProfile()
              .stream().anyMatch(profile -> profile.getValue().startsWith(R5_EXTENSION))))
          .map(ElementDefinition::getId).toList();
      elements.removeIf(element -> slices.stream().anyMatch(slice -> element.getId()
          .equals(slice) || element.getId().startsWith(slice + ".")));
    }
    return resource;
  }

  private static String read(String name) {
    try (InputStream in = UkCore.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("UK Core definition missing from the class path: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
