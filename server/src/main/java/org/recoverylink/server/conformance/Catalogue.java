package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionContextComponent;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.validation.instance.utils.FHIRPathExpressionFixer;
import org.recoverylink.server.conformance.ElementTree.Node;

/**
 * The definitions inputs are read against, by canonical URL: StructureDefinitions (each with
 * its snapshot) as element trees, value sets as the codes they hold, and the error-level
 * invariants, parsed once for HAPI's R4 FHIRPath engine. All R4: nothing here loads the R5
 * model HAPI's profile validator works in.
 */
final class Catalogue {

  static final String CORE = "http://hl7.org/fhir/StructureDefinition/";
  private static final String FHIR_VERSION = "4.0.1";

  private final Map<String, StructureDefinition> structures = new HashMap<>();
  private final Map<String, Node> trees = new ConcurrentHashMap<>();
  private final RequiredCodes codes;
  private final FHIRPathEngine fhirPath;
  private final Map<String, ExpressionNode> expressions = new ConcurrentHashMap<>();

  Catalogue(FhirContext context, List<? extends MetadataResource> definitions) {
    Map<String, ValueSet> valueSets = new HashMap<>();
    Map<String, CodeSystem> codeSystems = new HashMap<>();
    PrePopulatedValidationSupport types = new PrePopulatedValidationSupport(context);
    for (MetadataResource definition : definitions) {
      if (definition instanceof StructureDefinition structure && structure.hasSnapshot()) {
        structures.putIfAbsent(structure.getUrl(), structure);
        if (structure.getUrl().startsWith(CORE)) {
          types.addStructureDefinition(structure); // the FHIRPath engine's types
        }
      } else if (definition instanceof ValueSet valueSet) {
        valueSets.putIfAbsent(valueSet.getUrl(), valueSet);
      } else if (definition instanceof CodeSystem codeSystem) {
        codeSystems.putIfAbsent(codeSystem.getUrl(), codeSystem);
      }
    }
    this.codes = new RequiredCodes(valueSets, codeSystems);
    this.fhirPath = new FHIRPathEngine(new HapiWorkerContext(context, types));
  }

  /** The element tree of the StructureDefinition at {@code url}, if we carry it. */
  Optional<Node> tree(String url) {
    StructureDefinition structure = structures.get(Definitions.unversioned(url));
    return structure == null ? Optional.empty()
        : Optional.of(trees.computeIfAbsent(structure.getUrl(),
            unused -> ElementTree.of(structure)));
  }

  /**
   * The element a content reference names ("#Parameters.parameter"), as base R4 defines it: a
   * profile's slicing of the element it refers to does not reach the elements that repeat it.
   */
  Optional<Node> referenced(String contentReference) {
    String path = contentReference.substring(contentReference.indexOf('#') + 1);
    String[] steps = path.split("\\.");
    Optional<Node> at = tree(CORE + steps[0]);
    for (int i = 1; i < steps.length && at.isPresent(); i++) {
      at = Optional.ofNullable(at.get().children().get(steps[i]));
    }
    return at;
  }

  /** Where the extension defined at {@code url} may be used; none when we do not carry it. */
  List<StructureDefinitionContextComponent> contexts(String url) {
    StructureDefinition structure = structures.get(Definitions.unversioned(url));
    return structure == null ? List.of() : structure.getContext();
  }

  /**
   * Whether a value of {@code type} is one of {@code declared}: the type itself or one derived
   * from it (an id is a string), any element where a backbone element is declared, any
   * primitive where FHIRPath's own types are (an element's id, an extension's url).
   */
  boolean isA(String type, Base value, String declared) {
    if (declared.equals(type) || declared.equals("*")) {
      return true;
    }
    if (declared.equals("Element") || declared.equals("BackboneElement")) {
      return !value.isPrimitive() && !structures.containsKey(CORE + type);
    }
    if (declared.startsWith("http://hl7.org/fhirpath/System.")) {
      return value.isPrimitive();
    }
    for (StructureDefinition at = structures.get(CORE + type); at != null
        && at.hasBaseDefinition(); at = structures.get(at.getBaseDefinition())) {
      if (at.getBaseDefinition().equals(CORE + declared)) {
        return true;
      }
    }
    return false;
  }

  /** The codes of the code system at {@code url}, if we carry all of them. */
  Optional<Set<RequiredCodes.Code>> codeSystem(String url) {
    return codes.ofSystem(url);
  }

  /** The codes of the value set at {@code url}, or empty when it cannot be expanded here. */
  Optional<Set<RequiredCodes.Code>> codes(String url) {
    return codes.of(url);
  }

  /**
   * Whether an invariant holds on {@code item}, in {@code resource} within {@code root}.
   * Evaluated one at a time: the engine's parsed expressions carry state while evaluated.
   */
  synchronized boolean holds(ElementDefinitionConstraintComponent invariant, Resource resource,
      Resource root, Base item) {
    return fhirPath.evaluateToBoolean(resource, root, item, parsed(invariant));
  }

  /**
   * An invariant's expression, parsed; as HAPI's validator reads it, with the published
   * corrections of base R4's that are known to be wrong (ref-1, for one, refuses a reference
   * that has only a display).
   */
  private ExpressionNode parsed(ElementDefinitionConstraintComponent invariant) {
    return expressions.computeIfAbsent(invariant.getKey() + " " + invariant.getExpression(),
        unused -> fhirPath.parse(FHIRPathExpressionFixer.fixExpr(invariant.getExpression(),
            invariant.getKey(), FHIR_VERSION)));
  }

  /**
   * The value a slice's items have at a discriminator's path: the slice's fixed value or
   * pattern there, or for an extension's url, the extension's profile.
   *
   * @throws IllegalStateException when the slice does not say
   */
  String discriminatorValue(Node slice, ElementDefinitionSlicingDiscriminatorComponent
      discriminator) {
    String path = discriminator.getPath();
    Node node = slice;
    for (String step : path.equals("$this") ? new String[0] : path.split("\\.")) {
      Node child = node.children().get(step);
      if (child == null) {
        Type whole = node.definition().hasFixed() ? node.definition().getFixed()
            : node.definition().getPattern();
        Optional<String> within = within(whole, path.substring(path.indexOf(step)));
        if (within.isPresent()) {
          return within.get();
        }
        if (path.equals("url") && node.definition().getType().size() == 1
            && node.definition().getTypeFirstRep().hasProfile()) {
          return Definitions.unversioned(node.definition().getTypeFirstRep().getProfile()
              .get(0).getValue());
        }
        throw new IllegalStateException("slice " + slice.definition().getId()
            + " gives no value at " + path);
      }
      node = child;
    }
    Type value = node.definition().hasFixed() ? node.definition().getFixed()
        : node.definition().getPattern();
    if (value instanceof PrimitiveType<?> primitive && primitive.hasValue()) {
      return primitive.getValueAsString();
    }
    throw new IllegalStateException("slice " + slice.definition().getId()
        + " gives no value at " + path);
  }

  /** The primitive value at a dotted path inside a fixed value or pattern. */
  private static Optional<String> within(Base value, String path) {
    Base at = value;
    for (String step : path.split("\\.")) {
      if (at == null) {
        return Optional.empty();
      }
      Base[] found = at.getProperty(step.hashCode(), step, false);
      at = found == null || found.length == 0 ? null : found[0];
    }
    return at == null ? Optional.empty() : Optional.ofNullable(at.primitiveValue());
  }

  /** Parses every error-level invariant of every carried definition: a bad one fails here. */
  void prepare() {
    for (StructureDefinition structure : structures.values()) {
      tree(structure.getUrl());
      structure.getSnapshot().getElement().forEach(element -> element.getConstraint().stream()
          .filter(constraint -> constraint.hasExpression())
          .forEach(this::parsed));
    }
  }
}
