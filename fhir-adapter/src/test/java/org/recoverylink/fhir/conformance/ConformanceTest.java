package org.recoverylink.fhir.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.ValueSet;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * The conformance resources as a FHIR tool reads them: each is valid FHIR (HAPI's validator,
 * zero errors), each profile's and extension's snapshot can be generated from its base, UK
 * Core's profile or base R4 (a differential that names an element its base does not have, out
 * of order, or a type its base does not allow fails here), everything they point at is among
 * them, and each profile of a type UK Core profiles derives from UK Core's and keeps its rules.
 */
class ConformanceTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void everyConformanceResourceIsValid() {
    List<String> errors = new ArrayList<>();
    for (MetadataResource resource : Conformance.all()) {
      SharedValidator.get().errors(resource).forEach(error -> errors.add(
          resource.getUrl() + " " + error));
    }
    assertEquals(List.of(), errors);
  }

  @Test
  void everyStructureDefinitionHasASnapshotGeneratedFromBaseR4() {
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(FHIR);
    Conformance.all().forEach(ours::addResource);
    SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(FHIR);
    ValidationSupportContext chain = new ValidationSupportContext(new ValidationSupportChain(
        ours, ResourceValidator.ukCore(FHIR), new DefaultProfileValidationSupport(FHIR),
        generator));
    List<String> problems = new ArrayList<>();
    for (MetadataResource resource : Conformance.all()) {
      if (resource instanceof StructureDefinition definition) {
        StructureDefinition generated = (StructureDefinition) generator.generateSnapshot(chain,
            definition, definition.getUrl(), null, definition.getName());
        if (generated == null || !generated.hasSnapshot()) {
          problems.add(definition.getUrl() + ": no snapshot");
          continue;
        }
        for (ElementDefinition element : definition.getDifferential().getElement()) {
          if (generated.getSnapshot().getElement().stream()
              .noneMatch(e -> e.getId().equals(element.getId()))) {
            problems.add(definition.getUrl() + ": " + element.getId() + " not in the snapshot");
          }
        }
        SharedValidator.get().errors(generated).forEach(error -> problems.add(
            definition.getUrl() + " (snapshot) " + error));
      }
    }
    assertEquals(List.of(), problems);
  }

  /** Our profile of each type UK Core profiles derives from UK Core's; of the others, from R4. */
  @Test
  void profilesDeriveFromUkCoreWhereUkCoreProfilesTheType() {
    String ukCore = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-";
    String r4 = "http://hl7.org/fhir/StructureDefinition/";
    Map<String, String> expected = Map.ofEntries(
        Map.entry(Profiled.OST_PRESCRIPTION, ukCore + "MedicationRequest"),
        Map.entry(Profiled.OST_DISPENSE, ukCore + "MedicationDispense"),
        Map.entry(Profiled.NSP_VISIT, ukCore + "Encounter"),
        Map.entry(Profiled.NSP_SUPPLY, r4 + "SupplyDelivery"),
        Map.entry(Profiled.NSP_ADVICE, ukCore + "Procedure"),
        Map.entry(Profiled.NALOXONE_SUPPLY, ukCore + "MedicationDispense"),
        Map.entry(Profiled.NALOXONE_TRAINING, ukCore + "Procedure"),
        Map.entry(Profiled.HARM_REDUCTION_OBSERVATION, ukCore + "Observation"),
        Map.entry(Profiled.REFERRAL, ukCore + "ServiceRequest"),
        Map.entry(Profiled.REFERRAL_TASK, ukCore + "Task"),
        Map.entry(Profiled.SCREENING_SCORE, ukCore + "Observation"),
        Map.entry(Profiled.SCREENING_FLAG, ukCore + "Flag"),
        Map.entry(Profiled.SCREENING_GUIDANCE, r4 + "GuidanceResponse"),
        Map.entry(Profiled.SCREENING_ADVICE, ukCore + "RequestGroup"),
        Map.entry(Profiled.ACTIVITY_REPORT, r4 + "MeasureReport"),
        Map.entry(Profiled.ROUTE_PARAMETERS, r4 + "Parameters"),
        Map.entry(Profiled.PRESCRIBER_REVIEW_PARAMETERS, r4 + "Parameters"),
        Map.entry(Profiled.NSP_TRANSACTION_PARAMETERS, r4 + "Parameters"),
        Map.entry(Profiled.NALOXONE_SUPPLY_PARAMETERS, r4 + "Parameters"));
    Map<String, String> actual = new TreeMap<>();
    Conformance.all().stream().filter(StructureDefinition.class::isInstance)
        .map(StructureDefinition.class::cast)
        .filter(definition -> definition.getKind() == StructureDefinitionKind.RESOURCE)
        .forEach(definition -> actual.put(definition.getUrl(), definition.getBaseDefinition()));
    assertEquals(new TreeMap<>(expected), actual);
  }

  /**
   * The copied UK Core definitions load, are UK Core's (their urls), and each profile's and
   * extension's snapshot generates from base R4, keeping UK Core's own constraints.
   */
  @Test
  void theUkCoreDefinitionsLoadAndTheirSnapshotsGenerate() {
    List<MetadataResource> ukCore = UkCore.definitions();
    ukCore.forEach(resource -> assertTrue(
        resource.getUrl().startsWith("https://fhir.hl7.org.uk/"), resource.getUrl()));
    SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(FHIR);
    ValidationSupportContext chain = new ValidationSupportContext(new ValidationSupportChain(
        ResourceValidator.ukCore(FHIR), new DefaultProfileValidationSupport(FHIR), generator));
    Map<String, StructureDefinition> generated = new TreeMap<>();
    for (MetadataResource resource : ukCore) {
      if (resource instanceof StructureDefinition definition) {
        StructureDefinition snapshot = (StructureDefinition) generator.generateSnapshot(chain,
            definition, definition.getUrl(), null, definition.getName());
        assertTrue(snapshot != null && snapshot.hasSnapshot(), definition.getUrl());
        if (definition.getKind() == StructureDefinitionKind.RESOURCE) {
          generated.put(definition.getType(), snapshot);
        }
      }
    }
    assertEquals(Set.of("Encounter", "Flag", "MedicationDispense", "MedicationRequest",
        "Observation", "Procedure", "RequestGroup", "ServiceRequest", "Task"),
        generated.keySet());
    ElementDefinition substitution = generated.get("MedicationRequest").getSnapshot()
        .getElement().stream().filter(e -> e.getId().equals("MedicationRequest.substitution"))
        .findFirst().orElseThrow();
    assertEquals(1, substitution.getMin(), "UK Core requires MedicationRequest.substitution");
  }

  /**
   * Rules of UK Core's that our own differentials do not repeat (a MedicationRequest's
   * substitution is required; a ServiceRequest has at most one source) are checked when a
   * resource is validated against our profile.
   */
  @Test
  void breakingAUkCoreRuleIsAnErrorAgainstOurProfile() {
    StructureDefinition ours = Conformance.all().stream()
        .filter(resource -> resource.getUrl().equals(Profiled.OST_PRESCRIPTION))
        .map(StructureDefinition.class::cast).findFirst().orElseThrow();
    assertTrue(ours.getDifferential().getElement().stream()
        .noneMatch(e -> e.getPath().startsWith("MedicationRequest.substitution")),
        "our differential leaves substitution to UK Core");
    MedicationRequest written = prescription();
    assertEquals(List.of(), SharedValidator.get().errors(written));

    MedicationRequest noSubstitution = written.copy();
    noSubstitution.setSubstitution(null);
    List<String> errors = SharedValidator.get().errors(noSubstitution);
    assertTrue(errors.stream().anyMatch(e -> e.contains("MedicationRequest.substitution")
        && e.contains(Profiled.OST_PRESCRIPTION)), errors.toString());

    // UK Core allows one source of a referral (an extension of its own); ours says nothing of it
    String source = UkCore.STRUCTURE_BASE + "Extension-UKCore-SourceOfServiceRequest";
    ServiceRequest referral = Profiled.as(Profiled.REFERRAL, Referrals.referral("ref-1"));
    CodeableConcept byGp = new CodeableConcept(new Coding(Systems.SNOMED, "108161000000109",
        "Referred by general practitioner"));
    referral.addExtension(source, byGp);
    assertEquals(List.of(), SharedValidator.get().errors(referral));
    referral.addExtension(source, byGp);
    List<String> twice = SharedValidator.get().errors(referral);
    assertTrue(twice.stream().anyMatch(e -> e.contains("sourceOfServiceRequest")),
        twice.toString());
  }

  @Test
  void everyExtensionWeDefineHasItsDefinitionAndEveryBindingItsValueSet() {
    Set<String> urls = new HashSet<>();
    Conformance.all().forEach(resource -> urls.add(resource.getUrl()));
    Extensions.DEFINED.forEach(extension -> assertTrue(urls.contains(extension.url()),
        extension.url()));
    List<String> missing = new ArrayList<>();
    for (MetadataResource resource : Conformance.all()) {
      if (resource instanceof StructureDefinition definition) {
        for (ElementDefinition element : definition.getDifferential().getElement()) {
          if (element.getBinding().hasValueSet()
              && !urls.contains(element.getBinding().getValueSet())) {
            missing.add(element.getId() + " -> " + element.getBinding().getValueSet());
          }
          element.getType().forEach(type -> type.getProfile().forEach(profile -> {
            if (!urls.contains(profile.getValue())) {
              missing.add(element.getId() + " -> " + profile.getValue());
            }
          }));
        }
      } else if (resource instanceof OperationDefinition operation) {
        operation.getParameter().forEach(parameter -> {
          List<OperationDefinition.OperationDefinitionParameterComponent> all =
              new ArrayList<>(parameter.getPart());
          all.add(parameter);
          all.stream().filter(p -> p.getBinding().hasValueSet()
                  && !urls.contains(p.getBinding().getValueSet()))
              .forEach(p -> missing.add(operation.getUrl() + " " + p.getName() + " -> "
                  + p.getBinding().getValueSet()));
        });
      } else if (resource instanceof CodeSystem codeSystem) {
        if (!urls.contains(codeSystem.getValueSet())) {
          missing.add(codeSystem.getUrl() + " -> " + codeSystem.getValueSet());
        }
      } else if (resource instanceof ValueSet valueSet) {
        valueSet.getCompose().getInclude().forEach(include -> {
          if (!urls.contains(include.getSystem())) {
            missing.add(valueSet.getUrl() + " -> " + include.getSystem());
          }
        });
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void idsAndUrlsAreUnique() {
    Set<String> seen = new HashSet<>();
    List<String> twice = new ArrayList<>();
    for (MetadataResource resource : Conformance.all()) {
      String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      if (!seen.add(key) | !seen.add(resource.getUrl())) {
        twice.add(key);
      }
      assertTrue(resource.getUrl().endsWith("/" + key), resource.getUrl() + " is not at " + key);
    }
    assertEquals(List.of(), twice);
  }

  private static MedicationRequest prescription() {
    return OstResources.write(new OstPrescription("rx-1", "9434765919",
        OstMedicine.METHADONE, new BigDecimal("60"), InstalmentSchedule.of(DayOfWeek.MONDAY),
        Optional.empty(), LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 8),
        new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
        new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures")));
  }

  @Test
  void whatWeWriteDeclaresItsProfileAndBreakingTheProfileIsAnError() {
    MedicationRequest written = prescription();
    assertEquals(List.of(Profiled.OST_PRESCRIPTION), written.getMeta().getProfile().stream()
        .map(p -> p.getValue()).toList());
    assertEquals(List.of(), SharedValidator.get().errors(written));

    MedicationRequest noKeyworker = written.copy();
    noKeyworker.getExtension().clear();
    noKeyworker.getContained().removeIf(r -> r.getIdElement().getIdPart().contains("keyworker"));
    noKeyworker.getDispenseRequest().getExtension().clear();
    List<String> errors = SharedValidator.get().errors(noKeyworker);
    assertTrue(errors.stream().anyMatch(e -> e.contains("keyworker")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.contains("collectionDay")), errors.toString());

    MedicationRequest undeclared = noKeyworker.copy();
    undeclared.getMeta().getProfile().clear();
    undeclared.setSubstitution(null);
    assertEquals(List.of(), SharedValidator.get().errors(undeclared), "base R4 allows it");

    MedicationRequest unknown = written.copy();
    unknown.getMeta().getProfile().clear();
    unknown.getMeta().addProfile(Conformance.STRUCTURE_BASE + "no-such-profile");
    assertTrue(!SharedValidator.get().errors(unknown).isEmpty(), "an unknown profile is an error");
  }
}
