package org.recoverylink.server.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionConstraintComponent;
import org.hl7.fhir.r4.model.ElementDefinition.ElementDefinitionSlicingDiscriminatorComponent;
import org.hl7.fhir.r4.model.ElementDefinition.TypeRefComponent;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition.ExtensionContextType;
import org.hl7.fhir.r4.model.StructureDefinition.StructureDefinitionContextComponent;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.server.conformance.ElementTree.Node;
import org.recoverylink.server.conformance.ElementTree.Slice;

/**
 * One input read against a profile's snapshot, every rule of every element the profile, UK
 * Core's and base R4's definitions give it: how many of each element (and of each slice),
 * which types, fixed values and patterns, the codes of required bindings, the longest a
 * string may be, and each error-level invariant, evaluated by HAPI's R4 FHIRPath engine. An
 * element the profile does not itself constrain is read against its type's definition, an
 * extension against its own, a contained resource against its type's. Every problem is kept,
 * each at its element's FHIRPath.
 */
final class InstanceCheck {

  /** The Bundle types whose entries are known by their fullUrl: all but transactions, batches. */
  private static final Set<Bundle.BundleType> BY_REFERENCE = EnumSet.complementOf(EnumSet.of(
      Bundle.BundleType.TRANSACTION, Bundle.BundleType.TRANSACTIONRESPONSE,
      Bundle.BundleType.BATCH, Bundle.BundleType.BATCHRESPONSE, Bundle.BundleType.NULL));

  private final Catalogue catalogue;
  private final Resource root;
  /** In the order found; a resource read against its type and its profile tells each once. */
  private final Set<FhirIssue> issues = new LinkedHashSet<>();

  private InstanceCheck(Catalogue catalogue, Resource root) {
    this.catalogue = catalogue;
    this.root = root;
  }

  /** Every problem {@code resource} has against the profile whose tree is {@code profile}. */
  static List<FhirIssue> check(Catalogue catalogue, Resource resource, Node profile) {
    InstanceCheck check = new InstanceCheck(catalogue, resource);
    check.element(resource, resource.fhirType(), profile, resource);
    return List.copyOf(check.issues);
  }

  private void element(Base item, String at, Node node, Resource resource) {
    ElementDefinition definition = node.definition();
    constraints(definition, item, at, resource);
    fixedAndPattern(definition, item, at);
    binding(definition, item, at);
    knownCodes(item, at);
    maxLength(definition, item, at);
    if (item instanceof Bundle bundle) {
      fullUrls(bundle, at);
    }
    Node source = node;
    if (node.children().isEmpty()) {
      // The profile leaves the element as its type has it, or as the element it refers to
      // has it (a parameter's part is a parameter): read it against that one.
      Optional<Node> type = definition.hasContentReference()
          ? catalogue.referenced(definition.getContentReference()) : typeTree(definition, item);
      if (type.isEmpty()) {
        return;
      }
      source = type.get();
      if (source.definition() != definition) {
        constraints(source.definition(), item, at, item instanceof Resource own ? own : resource);
      }
    }
    Resource inside = item instanceof Resource own ? own : resource;
    for (Node child : source.children().values()) {
      children(item, at, child, inside, definition.getPath());
    }
  }

  /** {@code element}: the path of the element definition {@code parent} was read against. */
  private void children(Base parent, String at, Node node, Resource resource,
      String element) {
    ElementDefinition definition = node.definition();
    String name = node.name().replace("[x]", "");
    if (parent instanceof PrimitiveType<?> && name.equals("value")) {
      return; // the primitive's own value: its format is the parser's to check
    }
    Base[] found = parent.getProperty(name.hashCode(), name, false);
    List<Base> items = found == null ? List.of() : Arrays.stream(found)
        .filter(value -> value != null && !value.isEmpty()).toList();
    String path = at + "." + name;
    count(items.size(), definition.getMin(), definition.getMax(), path,
        definition.getPath(), null);
    List<Node> slices = definition.hasSlicing() ? slices(node, items, path) : null;
    boolean repeats = !"1".equals(definition.getBase().getMax())
        && !"0".equals(definition.getBase().getMax());
    boolean choice = node.name().endsWith("[x]");
    for (int i = 0; i < items.size(); i++) {
      Base item = items.get(i);
      String itemAt = repeats ? path + "[" + i + "]"
          : choice ? path + ".ofType(" + item.fhirType() + ")" : path;
      if (item instanceof Extension extension && name.equals("extension")
          && !placed(extension, parent, element, itemAt)) {
        continue;
      }
      Node target = slices != null && slices.get(i) != null ? slices.get(i) : node;
      if (allowsType(target.definition(), item, itemAt)) {
        element(item, itemAt, target, resource);
      }
      if (item instanceof Resource contained) {
        // A contained resource is read against each profile it declares that we carry too.
        contained.getMeta().getProfile().forEach(declared -> catalogue.tree(
            declared.getValue()).ifPresent(profile -> element(item, itemAt, profile,
            contained)));
      }
    }
  }

  /**
   * Whether an extension we carry the definition of is on an element its contexts allow: an
   * element's path or a type ("MedicationRequest.dispenseRequest", "Dosage", "Element"), or
   * for an extension context, the extension it sits in. Refused, nothing more is read of it.
   */
  private boolean placed(Extension extension, Base parent, String element, String at) {
    List<StructureDefinitionContextComponent> contexts = extension.hasUrl()
        ? catalogue.contexts(extension.getUrl()) : List.of();
    if (contexts.isEmpty()) {
      return true;
    }
    // What the extension may name as its context here: the element, or the parent's type.
    Set<String> here = new TreeSet<>(List.of(element, parent.fhirType()));
    for (StructureDefinitionContextComponent context : contexts) {
      String expression = context.getExpression();
      if (context.getType() == ExtensionContextType.EXTENSION
          ? parent instanceof Extension outer && expression.equals(outer.getUrl())
          : here.contains(expression) || expression.equals("Element")
              || expression.equals("Resource") && parent instanceof Resource
              || expression.equals("DomainResource") && parent instanceof DomainResource) {
        return true;
      }
    }
    issues.add(FhirIssue.error(IssueType.EXTENSION, at, "the extension " + extension.getUrl()
        + " is not allowed on " + String.join(" or ", here)
        + ", only on " + String.join(" or ", contexts.stream()
        .map(StructureDefinitionContextComponent::getExpression).toList())));
    return false;
  }

  /**
   * FHIR's rule for a Bundle that its invariants do not carry: outside a transaction or a batch
   * each entry's resource is known by its fullUrl.
   */
  private void fullUrls(Bundle bundle, String at) {
    if (bundle.getType() == null || !BY_REFERENCE.contains(bundle.getType())) {
      return;
    }
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
      if (entry.hasResource() && !entry.hasFullUrl()) {
        issues.add(FhirIssue.error(IssueType.REQUIRED, at + ".entry[" + i + "].fullUrl",
            "each entry of a " + bundle.getType().toCode() + " Bundle needs a fullUrl"));
      }
    }
  }

  private void count(int count, int min, String max, String at, String element, String slice) {
    String what = slice == null ? element : "slice " + Quote.of(slice) + " of " + element;
    if (count < min) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, what + ": at least " + min
          + " required, " + count + " found"));
    }
    if (!"*".equals(max) && count > Integer.parseInt(max)) {
      issues.add(FhirIssue.error(IssueType.INVALID, at, what + ": at most " + max
          + " allowed, " + count + " found"));
    }
  }

  /**
   * The slice each item falls in (null: none), by the slicing's discriminators; the count of
   * each slice checked, and an item in no slice of a closed slicing refused.
   */
  private List<Node> slices(Node sliced, List<Base> items, String path) {
    ElementDefinition definition = sliced.definition();
    List<Node> in = new ArrayList<>();
    int[] counts = new int[sliced.slices().size()];
    for (int i = 0; i < items.size(); i++) {
      Node match = null;
      for (int s = 0; s < sliced.slices().size() && match == null; s++) {
        Slice slice = sliced.slices().get(s);
        if (matches(slice.node(), items.get(i), definition.getSlicing().getDiscriminator())) {
          match = slice.node();
          counts[s]++;
        }
      }
      in.add(match);
      if (match == null && definition.getSlicing().getRules()
          == ElementDefinition.SlicingRules.CLOSED) {
        issues.add(FhirIssue.error(IssueType.INVALID, path + "[" + i + "]", "matches no slice of "
            + definition.getPath() + ", which allows only "
            + sliced.slices().stream().map(Slice::name).map(Quote::of).toList()));
      }
    }
    for (int s = 0; s < counts.length; s++) {
      Slice slice = sliced.slices().get(s);
      count(counts[s], slice.node().definition().getMin(), slice.node().definition().getMax(),
          sliceAt(path, definition, slice), definition.getPath(), slice.name());
    }
    return in;
  }

  /** Where a slice's count is told: a parameter by its name, as the operations' readers do. */
  private static String sliceAt(String path, ElementDefinition sliced, Slice slice) {
    return sliced.getPath().equals("Parameters.parameter")
        ? path + ".where(name = '" + slice.name() + "')" : path;
  }

  private boolean matches(Node slice, Base item,
      List<ElementDefinitionSlicingDiscriminatorComponent> discriminators) {
    for (ElementDefinitionSlicingDiscriminatorComponent discriminator : discriminators) {
      String expected = catalogue.discriminatorValue(slice, discriminator);
      List<Base> actual = at(item, discriminator.getPath());
      if (actual.stream().noneMatch(value -> expected.equals(value.primitiveValue()))) {
        return false;
      }
    }
    return true;
  }

  /** The values at a discriminator's path ("system", "url", "$this") in an item. */
  private static List<Base> at(Base item, String path) {
    List<Base> values = List.of(item);
    if (path.equals("$this")) {
      return values;
    }
    for (String step : path.split("\\.")) {
      List<Base> next = new ArrayList<>();
      for (Base value : values) {
        Base[] found = value.getProperty(step.hashCode(), step, false);
        if (found != null) {
          Arrays.stream(found).filter(v -> v != null && !v.isEmpty()).forEach(next::add);
        }
      }
      values = next;
    }
    return values;
  }

  private boolean allowsType(ElementDefinition definition, Base item, String at) {
    List<TypeRefComponent> types = definition.getType();
    if (types.isEmpty() || item instanceof Resource) {
      return true; // a resource element: any resource, read against its own type
    }
    String type = item.fhirType();
    if (types.stream().anyMatch(ref -> catalogue.isA(type, item, ref.getWorkingCode()))) {
      return true;
    }
    issues.add(FhirIssue.error(IssueType.INVALID, at, "a " + type + " where "
        + definition.getPath() + " takes " + String.join(" or ",
        types.stream().map(TypeRefComponent::getWorkingCode).toList())));
    return false;
  }

  /** The definition an element's value is read against when the profile goes no deeper. */
  private Optional<Node> typeTree(ElementDefinition definition, Base item) {
    String type = item.fhirType();
    for (TypeRefComponent ref : definition.getType()) {
      if (ref.getWorkingCode().equals(type)) {
        for (var profile : ref.getProfile()) {
          Optional<Node> tree = catalogue.tree(profile.getValue());
          if (tree.isPresent()) {
            return tree;
          }
        }
      }
    }
    if (item instanceof Extension extension && extension.hasUrl()) {
      Optional<Node> own = catalogue.tree(extension.getUrl());
      if (own.isPresent()) {
        return own;
      }
    }
    return catalogue.tree(Catalogue.CORE + type);
  }

  private void constraints(ElementDefinition definition, Base item, String at,
      Resource resource) {
    for (ElementDefinitionConstraintComponent constraint : definition.getConstraint()) {
      if (constraint.getSeverity() != ElementDefinition.ConstraintSeverity.ERROR
          || !constraint.hasExpression() || constraint.getKey().equals("ele-1")) {
        continue; // ele-1 (a value or children): holds for every element read, none empty
      }
      boolean holds;
      try {
        holds = catalogue.holds(constraint, resource, root, item);
      } catch (RuntimeException e) { // a rule we cannot evaluate is not taken as kept
        holds = false;
      }
      if (!holds) {
        issues.add(FhirIssue.error(IssueType.INVARIANT, at, constraint.getKey() + ": "
            + constraint.getHuman()));
      }
    }
  }

  private void fixedAndPattern(ElementDefinition definition, Base item, String at) {
    if (definition.hasFixed() && !Patterns.equal(definition.getFixed(), item)) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, "must be exactly "
          + Patterns.describe(definition.getFixed())));
    }
    if (definition.hasPattern() && !Patterns.matches(definition.getPattern(), item)) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, "must hold "
          + Patterns.describe(definition.getPattern())));
    }
  }

  private void binding(ElementDefinition definition, Base item, String at) {
    if (!definition.hasBinding() || !definition.getBinding().hasValueSet()
        || definition.getBinding().getStrength() != BindingStrength.REQUIRED) {
      return;
    }
    String valueSet = definition.getBinding().getValueSet();
    Optional<Set<RequiredCodes.Code>> codes = catalogue.codes(valueSet);
    if (codes.isEmpty()) {
      return; // needs a terminology server (see RequiredCodes)
    }
    List<Coding> codings = new ArrayList<>();
    if (item instanceof CodeableConcept concept) {
      codings.addAll(concept.getCoding());
    } else if (item instanceof Coding coding) {
      if (!coding.hasSystem() || !coding.hasCode()) {
        return; // as HAPI's validator: the reader that takes it says what it lacks
      }
      codings.add(coding);
    } else if (item instanceof PrimitiveType<?> primitive && primitive.hasValue()) {
      String code = primitive.getValueAsString();
      if (codes.get().stream().noneMatch(known -> known.code().equals(code))) {
        issues.add(FhirIssue.error(IssueType.CODEINVALID, at, "the code " + Quote.of(code)
            + " is not in the value set " + valueSet));
      }
      return;
    } else {
      return; // Quantity's units and the like: not bound by required bindings we carry
    }
    boolean one = codings.stream().anyMatch(coding -> codes.get().contains(
        new RequiredCodes.Code(coding.getSystem(), coding.getCode())));
    if (!one) {
      issues.add(FhirIssue.error(IssueType.CODEINVALID, at, (codings.isEmpty() ? "no code"
          : "no code of " + codings.stream().map(coding -> Quote.of(coding.getCode()) + " in "
          + coding.getSystem()).toList()) + " is in the value set " + valueSet
          + ", which is required"));
    }
  }

  /**
   * A code in a code system we carry must be one of its codes; in a CodeableConcept, a coding
   * that names such a system must have a code.
   */
  private void knownCodes(Base item, String at) {
    if (item instanceof CodeableConcept concept) {
      for (int i = 0; i < concept.getCoding().size(); i++) {
        Coding coding = concept.getCoding().get(i);
        if (coding.hasSystem() && !coding.hasCode()
            && catalogue.codeSystem(coding.getSystem()).isPresent()) {
          issues.add(FhirIssue.error(IssueType.CODEINVALID, at + ".coding[" + i + "]",
              "a coding in " + coding.getSystem() + " without a code"));
        }
      }
    } else if (item instanceof Coding coding && coding.hasSystem() && coding.hasCode()) {
      catalogue.codeSystem(coding.getSystem()).filter(codes -> !codes.contains(
          new RequiredCodes.Code(coding.getSystem(), coding.getCode()))).ifPresent(codes ->
          issues.add(FhirIssue.error(IssueType.CODEINVALID, at, "the code "
              + Quote.of(coding.getCode()) + " is not in " + coding.getSystem())));
    }
  }

  private void maxLength(ElementDefinition definition, Base item, String at) {
    if (definition.hasMaxLength() && item instanceof PrimitiveType<?> primitive
        && primitive.hasValue() && primitive.getValueAsString().length()
        > definition.getMaxLength()) {
      issues.add(FhirIssue.error(IssueType.TOOLONG, at, "longer than "
          + definition.getMaxLength() + " characters"));
    }
  }
}
