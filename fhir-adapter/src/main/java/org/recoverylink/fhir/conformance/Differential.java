package org.recoverylink.fhir.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ConstraintSeverity;
import org.hl7.fhir.r4.model.ElementDefinition.DiscriminatorType;
import org.hl7.fhir.r4.model.ElementDefinition.SlicingRules;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Enumerations.FHIRVersion;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r4.model.StructureDefinition.TypeDerivationRule;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/**
 * A StructureDefinition written as its differential: the elements it constrains, by element id
 * ({@code MedicationRequest.extension:keyworker}), in the order they are first named. Name them
 * in the base resource's order, as FHIR asks of a differential. Snapshots are left to the
 * reader's tools (HAPI's validator and the IG publisher generate them from the base, which
 * for a resource UK Core profiles is UK Core's profile: {@link UkCore}).
 */
final class Differential {

  private static final String FHIR_BASE = "http://hl7.org/fhir/StructureDefinition/";

  private final StructureDefinition definition = new StructureDefinition();
  private final Map<String, ElementDefinition> elements = new LinkedHashMap<>();

  private Differential(String url, String type, String title, String description,
      StructureDefinitionKind kind) {
    String id = url.substring(url.lastIndexOf('/') + 1);
    definition.setId(id);
    definition.setUrl(url);
    definition.setVersion(Conformance.VERSION);
    definition.setName(name(id));
    definition.setTitle(title);
    definition.setStatus(PublicationStatus.ACTIVE);
    definition.setExperimental(false);
    definition.setPublisher(Conformance.PUBLISHER);
    definition.setDescription(description);
    definition.setFhirVersion(FHIRVersion._4_0_1);
    definition.setKind(kind);
    definition.setAbstract(false);
    definition.setType(type);
    definition.setBaseDefinition(kind == StructureDefinitionKind.RESOURCE
        ? UkCore.profile(type).orElse(FHIR_BASE + type) : FHIR_BASE + type);
    definition.setDerivation(TypeDerivationRule.CONSTRAINT);
    element(type).setShort(title).setDefinition(description);
  }

  /**
   * A profile of a resource type, at {@code url}: derived from UK Core's profile of the type
   * where UK Core has one, else from base R4.
   */
  static Differential profile(String url, String type, String title, String description) {
    return new Differential(url, type, title, description, StructureDefinitionKind.RESOURCE);
  }

  /** A profile of a data type ({@code Identifier}, {@code string} ...), at {@code url}. */
  static Differential datatype(String url, String type, String title, String description) {
    return new Differential(url, type, title, description,
        Character.isLowerCase(type.charAt(0)) ? StructureDefinitionKind.PRIMITIVETYPE
            : StructureDefinitionKind.COMPLEXTYPE);
  }

  /** A value the element may hold, shown to those who build one (FHIR's example[x]). */
  Differential example(String id, Type value) {
    element(id).addExample().setLabel("example").setValue(value);
    return this;
  }

  /** A rule the element must keep, as a FHIRPath {@code expression} (FHIR's constraint). */
  Differential constraint(String id, String key, String human, String expression) {
    element(id).addConstraint().setKey(key).setSeverity(ConstraintSeverity.ERROR)
        .setHuman(human).setExpression(expression).setSource(definition.getUrl());
    return this;
  }

  /** The element's value must be exactly {@code value} (FHIR's fixed[x]). */
  Differential fixed(String id, Type value) {
    element(id).setFixed(value);
    return this;
  }

  /**
   * An extension that may appear on each of {@code contexts} (FHIRPaths of elements). They are
   * given as {@code fhirpath} contexts, which match the same elements as {@code element} ones:
   * HAPI's validator can check a definition with {@code element} contexts only when base R4 is
   * loaded as a package, which a vendor's validator set up from HAPI's defaults is not.
   */
  static Differential extension(String url, String title, String description,
      List<String> contexts) {
    Differential extension = new Differential(url, "Extension", title, description,
        StructureDefinitionKind.COMPLEXTYPE);
    contexts.forEach(context -> extension.definition.addContext()
        .setType(ExtensionContextType.FHIRPATH).setExpression(context));
    return extension;
  }

  /** The element of that id, added to the differential the first time it is named. */
  ElementDefinition element(String id) {
    return elements.computeIfAbsent(id, key -> {
      ElementDefinition element = new ElementDefinition().setPath(path(key));
      element.setId(key);
      int colon = key.lastIndexOf(':');
      if (colon > key.lastIndexOf('.')) {
        element.setSliceName(key.substring(colon + 1));
      }
      return element;
    });
  }

  /** Each of these elements must be present (at least once). */
  Differential required(String... ids) {
    for (String id : ids) {
      element(id).setMin(1);
    }
    return this;
  }

  Differential cardinality(String id, int min, String max) {
    element(id).setMin(min).setMax(max);
    return this;
  }

  /** The element's value must contain {@code value} (FHIR's pattern[x]). */
  Differential pattern(String id, Type value) {
    element(id).setPattern(value);
    return this;
  }

  /** The element is coded from our ValueSet of that CodeSystem, with that strength. */
  Differential bind(String id, String codeSystem, BindingStrength strength) {
    element(id).getBinding().setStrength(strength).setValueSet(ValueSets.url(codeSystem));
    return this;
  }

  /** What the element holds, in words (its {@code short}). */
  Differential says(String id, String words) {
    element(id).setShort(words);
    return this;
  }

  /**
   * One of our extensions on the element {@code on}, as a slice of its {@code extension} named
   * {@code slice}, with its cardinality there.
   */
  Differential extension(String on, String slice, String url, int min, String max) {
    ElementDefinition extensions = element(on + ".extension");
    if (!extensions.hasSlicing()) {
      extensions.getSlicing().setRules(SlicingRules.OPEN).addDiscriminator()
          .setType(DiscriminatorType.VALUE).setPath("url");
    }
    element(on + ".extension:" + slice).setMin(min).setMax(max).addType().setCode("Extension")
        .addProfile(url);
    return this;
  }

  /**
   * A slice {@code slice} of the repeating element {@code on}, told apart by the value of its
   * child {@code by} (e.g. an identifier by its {@code system}), fixed to {@code value}.
   */
  Differential slice(String on, String slice, String by, Type value, int min, String max) {
    ElementDefinition sliced = element(on);
    if (!sliced.hasSlicing()) {
      sliced.getSlicing().setRules(SlicingRules.OPEN).addDiscriminator()
          .setType(DiscriminatorType.VALUE).setPath(by);
    }
    element(on + ":" + slice).setMin(min).setMax(max);
    element(on + ":" + slice + "." + by).setMin(1).setFixed(value);
    return this;
  }

  /** The element (a choice, {@code value[x]}) holds only this type. */
  Differential type(String id, String type) {
    element(id).addType().setCode(type);
    return this;
  }

  /** A simple extension's url and value type; it holds no sub-extensions. */
  Differential simpleValue(String url, String valueType) {
    element("Extension.extension").setMax("0");
    element("Extension.url").setFixed(new UriType(url));
    element("Extension.value[x]").setMin(1).addType().setCode(valueType);
    return this;
  }

  /** A complex extension's parts: each a sub-extension with one value of its type. */
  Differential complexValue(String url, Map<String, String> parts, List<String> required) {
    ElementDefinition extensions = element("Extension.extension");
    extensions.getSlicing().setRules(SlicingRules.CLOSED).addDiscriminator()
        .setType(DiscriminatorType.VALUE).setPath("url");
    parts.forEach((part, type) -> {
      String slice = "Extension.extension:" + part;
      element(slice).setMin(required.contains(part) ? 1 : 0).setMax("1");
      element(slice + ".extension").setMax("0");
      element(slice + ".url").setFixed(new UriType(part));
      element(slice + ".value[x]").setMin(1).addType().setCode(type);
    });
    element("Extension.url").setFixed(new UriType(url));
    element("Extension.value[x]").setMax("0");
    return this;
  }

  StructureDefinition build() {
    StructureDefinition built = definition.copy();
    List<ElementDefinition> differential = new ArrayList<>(elements.values());
    differential.forEach(element -> built.getDifferential().addElement(element.copy()));
    return built;
  }

  /** An element id without its slice names is its path. */
  private static String path(String id) {
    return id.replaceAll(":[^.]+", "");
  }

  /** {@code ost-medicationrequest} → {@code OstMedicationrequest}: a computable name. */
  static String name(String id) {
    StringBuilder name = new StringBuilder();
    for (String word : id.split("-")) {
      name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
    }
    return name.toString();
  }
}
