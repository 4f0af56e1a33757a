package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Writes the part of base FHIR R4 that reading inputs against our profiles needs ({@link
 * InputProfiles} at run time): every base type and resource, the extensions they and our
 * definitions reach, and the value sets and code systems of their required bindings, without
 * their prose. The validator then does not carry all of R4's
 * definitions in the server's memory (about 200 MB of heap for the 45 MB of XML it would
 * parse); what it is not given it cannot check, so the tests run every input through it.
 */
final class BaseSubset {

  private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

  private final DefaultProfileValidationSupport r4;
  private final Map<String, MetadataResource> found = new LinkedHashMap<>();
  private final Deque<StructureDefinition> toRead = new ArrayDeque<>();

  private BaseSubset(FhirContext fhir) {
    this.r4 = new DefaultProfileValidationSupport(fhir);
  }

  /**
   * Writes the subset our definitions reach, then {@code beside} (UK Core's definitions), as a
   * gzipped JSON Bundle to {@code out}.
   */
  static void write(FhirContext fhir, List<MetadataResource> ours,
      List<MetadataResource> beside, Path out) throws IOException {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    new BaseSubset(fhir).reachedFrom(ours).values()
        .forEach(resource -> bundle.addEntry().setResource(resource));
    beside.forEach(resource -> bundle.addEntry().setResource(resource));
    try (OutputStream file = Files.newOutputStream(out);
        Writer text = new OutputStreamWriter(new GZIPOutputStream(file),
            StandardCharsets.UTF_8)) {
      text.write(fhir.newJsonParser().encodeResourceToString(bundle));
    }
  }

  private Map<String, MetadataResource> reachedFrom(List<MetadataResource> ours) {
    // Every base type and resource: a caller's contained or referenced resources may be of
    // any type, and each is read against its own definition.
    for (IBaseResource definition : r4.fetchAllStructureDefinitions()) {
      StructureDefinition type = (StructureDefinition) definition;
      if (type.getDerivation() != StructureDefinition.TypeDerivationRule.CONSTRAINT) {
        structure(type.getUrl());
      }
    }
    for (MetadataResource resource : ours) {
      if (resource instanceof StructureDefinition definition) {
        structure(definition.getBaseDefinition());
        definition.getDifferential().getElement().forEach(this::element);
      } else if (resource instanceof ValueSet valueSet) {
        valueSet.getCompose().getInclude().forEach(include -> codeSystem(include.getSystem()));
      }
    }
    while (!toRead.isEmpty()) {
      StructureDefinition definition = toRead.pop();
      if (definition.hasBaseDefinition()) {
        structure(definition.getBaseDefinition());
      }
      definition.getSnapshot().getElement().forEach(this::element);
    }
    found.values().forEach(BaseSubset::slim);
    return found;
  }

  /**
   * Reading against a definition needs its snapshot's rules, not its prose: definitions,
   * comments, mappings and the differential are left out (a tenth of the size).
   */
  private static void slim(MetadataResource resource) {
    resource.setText(null);
    resource.setDescription(null);
    if (resource instanceof StructureDefinition definition) {
      definition.setMapping(null);
      definition.setDifferential(null);
      for (ElementDefinition element : definition.getSnapshot().getElement()) {
        element.setDefinition(null).setComment(null).setRequirements(null).setMapping(null)
            .setAlias(null).setMeaningWhenMissing(null);
        element.getConstraint().forEach(constraint -> constraint.setXpath(null));
      }
    } else if (resource instanceof CodeSystem codeSystem) {
      slim(codeSystem.getConcept());
    }
  }

  private static void slim(List<CodeSystem.ConceptDefinitionComponent> concepts) {
    for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
      concept.setDefinition(null).setDesignation(null);
      slim(concept.getConcept());
    }
  }

  private void element(ElementDefinition element) {
    for (ElementDefinition.TypeRefComponent type : element.getType()) {
      structure(type.getCode().contains(":") ? type.getCode() : CORE + type.getCode());
      type.getProfile().stream().map(CanonicalType::getValue).forEach(this::structure);
    }
    // A required binding is checked (an error when broken); others only advise.
    if (element.hasBinding() && element.getBinding().hasValueSet()
        && element.getBinding().getStrength() == Enumerations.BindingStrength.REQUIRED) {
      valueSet(element.getBinding().getValueSet());
    }
  }

  private void structure(String url) {
    String plain = unversioned(url);
    if (plain.startsWith(CORE) && !found.containsKey(plain)) {
      StructureDefinition definition = r4.fetchStructureDefinition(plain) instanceof
          StructureDefinition known ? known : null;
      if (definition != null) {
        found.put(plain, definition);
        toRead.push(definition);
      }
    }
  }

  private void valueSet(String url) {
    String plain = unversioned(url);
    if (!found.containsKey(plain) && r4.fetchValueSet(plain) instanceof ValueSet valueSet) {
      found.put(plain, valueSet);
      valueSet.getCompose().getInclude().forEach(include -> {
        codeSystem(include.getSystem());
        include.getValueSet().stream().map(CanonicalType::getValue).forEach(this::valueSet);
      });
    }
  }

  private void codeSystem(String url) {
    if (url != null && !found.containsKey(url)
        && r4.fetchCodeSystem(url) instanceof CodeSystem codeSystem) {
      found.put(url, codeSystem);
    }
  }

  private static String unversioned(String url) {
    int bar = url.indexOf('|');
    return bar < 0 ? url : url.substring(0, bar);
  }
}
