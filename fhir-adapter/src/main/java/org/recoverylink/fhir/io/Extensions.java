package org.recoverylink.fhir.io;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BackboneElement;
import org.hl7.fhir.r4.model.BackboneType;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Resource;

/**
 * The extensions RecoveryLink defines ({@link #DEFINED}), and the one check every reader of what
 * we are sent runs first: under our own URL space, an extension we do not define, one of ours on
 * an element it does not belong to or holding the wrong type, is refused, each at its FHIRPath
 * and all at once. Silently dropping a misspelt extension would change what a resource says (a
 * supervised prescription read as unsupervised). Extensions of others (UK Core, HL7) are left to
 * the readers, which ignore those they do not use; a {@code modifierExtension} of anyone's is
 * refused, as FHIR requires of a reader that does not understand it (we define none).
 *
 * <p>The walk covers the whole resource: contained resources and those inside a Bundle or
 * Parameters (each its own context), backbone elements, and extensions on primitive values.
 * Stateless and thread-safe.
 */
public final class Extensions {

  private Extensions() {
  }

  /** HAPI's model of R4: what children each element has, and how to read them. */
  private static final FhirContext R4 = FhirContext.forR4Cached();
  /** Our URL space: every extension under it must be one of {@link #DEFINED}. */
  public static final String BASE = "https://recoverylink.org/fhir/";
  /** Ours in any spelling of the scheme, host or case, so a near miss is refused too. */
  private static final Pattern OURS = Pattern.compile("(?i)https?://(www\\.)?recoverylink\\.org"
      + "([/?#].*)?");
  private static final Set<String> EXTENSIONS = Set.of("extension", "modifierExtension");
  /** User data on a resource read from a body that names no extension ({@link #noneSent}). */
  private static final String NONE_SENT = Extensions.class.getName() + ".noneSent";
  /** The most of an offending URL an issue quotes. */
  static final int QUOTED = 100;

  /** On an OST dispenseRequest, once per weekday: valueCode, a collection day (mon ... sun). */
  public static final String OST_COLLECTION_DAY = BASE + "StructureDefinition/ost-collection-day";
  /** On an OST dispenseRequest: valueDate, the last day consumption is supervised. */
  public static final String OST_SUPERVISED_UNTIL =
      BASE + "StructureDefinition/ost-supervised-until";
  /** On an OST MedicationRequest: valueReference to the contained keyworker PractitionerRole. */
  public static final String OST_KEYWORKER = BASE + "StructureDefinition/ost-keyworker";
  /** On a completed OST MedicationDispense: valueBoolean, the dose was taken supervised. */
  public static final String OST_SUPERVISED = BASE + "StructureDefinition/ost-supervised";
  /** On results: why they came out as they did (sub-extensions rule, rule-set, text). */
  public static final String RATIONALE = BASE + "StructureDefinition/rationale";
  /** On a HealthcareService: valueRange, the ages it takes, in years. */
  public static final String ELIGIBILITY_AGE_RANGE =
      BASE + "StructureDefinition/eligibility-age-range";
  /** On a Location: valueString, a postcode outward code it covers. */
  public static final String POSTCODE_OUTWARD_CODE =
      BASE + "StructureDefinition/postcode-outward-code";
  /** The organisation an activity report (MeasureReport) is about. */
  public static final String REPORT_ORGANIZATION = BASE + "StructureDefinition/report-organization";
  /** The district an activity report is about. */
  public static final String REPORT_DISTRICT = BASE + "StructureDefinition/report-district";
  /**
   * How an activity report's counts were protected: the small counts hidden (with the further
   * counts that would give one back), the multiple shown counts are rounded to, in words.
   */
  public static final String REPORT_DISCLOSURE_CONTROL =
      BASE + "StructureDefinition/report-disclosure-control";

  /** Every extension we define. */
  public static final List<ExtensionDefinition> DEFINED = List.of(
      ExtensionDefinition.simple(OST_COLLECTION_DAY, "code", "A collection day of an"
          + " OST prescription, once per weekday: mon ... sun", "MedicationRequest"
          + ".dispenseRequest"),
      ExtensionDefinition.simple(OST_SUPERVISED_UNTIL, "date", "The last day"
          + " consumption is supervised", "MedicationRequest.dispenseRequest"),
      ExtensionDefinition.simple(OST_KEYWORKER, "Reference", "The patient's keyworker,"
          + " a contained PractitionerRole", "MedicationRequest"),
      ExtensionDefinition.simple(OST_SUPERVISED, "boolean", "The day's dose was taken"
          + " supervised", "MedicationDispense"),
      ExtensionDefinition.complex(RATIONALE, rationaleParts(), "Why a result came"
          + " out as it did: the rule, its rule set and version, and the rule in words",
          "Observation", "Flag", "RequestGroup.action", "Communication"),
      ExtensionDefinition.simple(REPORT_ORGANIZATION, "Identifier", "The"
          + " organisation a report is about", "MeasureReport"),
      ExtensionDefinition.simple(REPORT_DISTRICT, "Coding", "The district a"
          + " report is about", "MeasureReport"),
      ExtensionDefinition.complex(REPORT_DISCLOSURE_CONTROL, disclosureParts(), "How a"
          + " report's counts were protected: the small counts hidden, with the further counts"
          + " that would give one back (suppressed-from, suppressed-to), the multiple shown"
          + " counts are rounded to (rounded-to, 1 for none), and in words", "MeasureReport"),
      ExtensionDefinition.simple(ELIGIBILITY_AGE_RANGE, "Range", "The ages a service"
          + " takes, in years", "HealthcareService"),
      ExtensionDefinition.simple(POSTCODE_OUTWARD_CODE, "string", "A postcode"
          + " outward code a location covers", "Location"));

  private static final Map<String, ExtensionDefinition> BY_URL = DEFINED.stream()
      .collect(Collectors.toUnmodifiableMap(ExtensionDefinition::url, Function.identity()));

  private static Map<String, String> disclosureParts() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("suppressed-from", "integer");
    parts.put("suppressed-to", "integer");
    parts.put("rounded-to", "positiveInt");
    parts.put("description", "string");
    return parts;
  }

  private static Map<String, String> rationaleParts() {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("rule", "string");
    parts.put("rule-set", "string");
    parts.put("text", "string");
    return parts;
  }

  /**
   * @throws InvalidFhirInputException listing every extension problem in {@code resource},
   *     each at its FHIRPath from the resource's type
   */
  public static void refuseUnknown(Resource resource) {
    List<FhirIssue> issues = check(resource, resource.fhirType());
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
  }

  /**
   * Every extension problem in {@code resource}, at FHIRPaths starting with {@code at}. None in
   * a resource {@link ResourceParser} read from a body that names no extension anywhere: there
   * is nothing to walk (the walk was a fortieth of an {@code $assess} call's processor time).
   */
  public static List<FhirIssue> check(Resource resource, String at) {
    if (resource.getUserData(NONE_SENT) != null) {
      return List.of();
    }
    List<FhirIssue> issues = new ArrayList<>();
    walk(resource, R4.getResourceDefinition(resource), Path.of(at), Path.of(resource.fhirType()),
        issues);
    return issues;
  }

  /**
   * Marks a resource just read from a body that names no extension, at any depth: it has none,
   * and {@link #check} need not look. Copies are not marked: {@code copy()} leaves user data.
   */
  static void noneSent(IBaseResource resource) {
    if (resource instanceof Base base) {
      base.setUserData(NONE_SENT, Boolean.TRUE);
    }
  }

  /**
   * Checks the extensions among {@code element}'s children and walks on into the rest.
   *
   * @param definition HAPI's definition of the element: its children are read through it
   *                   rather than through {@code children()}, which builds a new description
   *                   of each child for every element of every body
   * @param context    where we are, as an extension's context names it: the innermost
   *                   resource's type and the element names below it, without indices
   */
  private static void walk(Base element, BaseRuntimeElementDefinition<?> definition, Path at,
      Path context, List<FhirIssue> issues) {
    List<Extension> extensions = extensions(element);
    for (int i = 0; i < extensions.size(); i++) {
      extension(extensions.get(i), at.child("extension", i), context, false, issues);
    }
    List<Extension> modifiers = modifierExtensions(element);
    for (int i = 0; i < modifiers.size(); i++) {
      extension(modifiers.get(i), at.child("modifierExtension", i), context, true, issues);
    }
    if (element instanceof PrimitiveType<?>) {
      return; // its other child is its id, which can carry no extension
    }
    if (!(definition instanceof BaseRuntimeElementCompositeDefinition<?> composite)) {
      // Never so for HAPI's R4 model; were it so, no child would be checked.
      throw new IllegalStateException("no definition of the children of " + element.fhirType());
    }
    for (BaseRuntimeChildDefinition child : composite.getChildren()) {
      if (EXTENSIONS.contains(child.getElementName())) { // done above
        continue;
      }
      List<IBase> values = child.getAccessor().getValues(element);
      for (int i = 0; i < values.size(); i++) {
        if (!(values.get(i) instanceof Base value)) {
          continue; // none, or a narrative's XHTML, which holds no extension
        }
        if (value instanceof PrimitiveType<?> primitive && !primitive.hasExtension()) {
          continue; // most values: nothing below them to check, so no path to make
        }
        // The name in the instance: valueQuantity for a value[x] holding a Quantity.
        String name = child.getChildNameByDatatype(value.getClass());
        Path path = at.child(name, child.getMax() == 1 ? -1 : i);
        if (value instanceof Resource resource) {
          walk(resource, R4.getResourceDefinition(resource), path, Path.of(resource.fhirType()),
              issues);
        } else {
          walk(value, child.getChildElementDefinitionByDatatype(value.getClass()), path,
              context.child(name, -1), issues);
        }
      }
    }
  }

  /**
   * The extensions of an element or resource, read directly: HAPI's {@code children()} does not
   * list them for every type (not for a Dosage, for one).
   */
  private static List<Extension> extensions(Base element) {
    if (element instanceof Element e && e.hasExtension()) {
      return e.getExtension();
    }
    if (element instanceof DomainResource r && r.hasExtension()) {
      return r.getExtension();
    }
    return List.of();
  }

  private static List<Extension> modifierExtensions(Base element) {
    if (element instanceof BackboneElement e && e.hasModifierExtension()) {
      return e.getModifierExtension();
    }
    if (element instanceof BackboneType t && t.hasModifierExtension()) {
      return t.getModifierExtension();
    }
    if (element instanceof DomainResource r && r.hasModifierExtension()) {
      return r.getModifierExtension();
    }
    return List.of();
  }

  private static void extension(Extension extension, Path where, Path context,
      boolean modifier, List<FhirIssue> issues) {
    String at = where.toString(); // an extension is rare: its path is spelt out
    String url = extension.getUrl() == null ? "" : extension.getUrl();
    boolean ours = OURS.matcher(url).matches();
    ExtensionDefinition defined = BY_URL.get(url);
    if (modifier) {
      issues.add(FhirIssue.error(IssueType.EXTENSION, at, "modifier extension " + quote(url)
          + " is not understood here, so the resource cannot be read safely"
          + (defined != null ? ": ours are never modifiers, give it as an extension" : "")));
      return;
    }
    if (!ours) { // another's: the reader uses it or ignores it; ours inside it mean nothing
      walk(extension, R4.getElementDefinition(Extension.class), where, Path.of("Extension"),
          issues);
      return;
    }
    if (defined == null) {
      issues.add(FhirIssue.error(IssueType.EXTENSION, at, "unknown extension " + quote(url)
          + ": under " + BASE + " only the extensions RecoveryLink defines are taken (is it"
          + " misspelt?)"));
      return;
    }
    if (!defined.contexts().contains(context.toString())) {
      issues.add(FhirIssue.error(IssueType.EXTENSION, at, "extension " + url + " belongs on "
          + String.join(" or ", defined.contexts()) + ", not on " + context));
      return;
    }
    if (defined.valueType().isPresent()) {
      String type = defined.valueType().get();
      if (!extension.hasValue() || extension.hasExtension()
          || !extension.getValue().fhirType().equals(type)) {
        issues.add(FhirIssue.error(IssueType.VALUE, at, "extension " + url + " holds a value"
            + valueName(type) + (extension.hasValue() ? ", not a value"
                + valueName(extension.getValue().fhirType()) : "")));
        return;
      }
      walk(extension.getValue(), R4.getElementDefinition(extension.getValue().getClass()),
          where.child("value" + valueName(type), -1), Path.of("Extension"), issues);
      return;
    }
    parts(extension, defined, at, issues);
  }

  /** A complex extension of ours: no value, and only its own parts, each of its type. */
  private static void parts(Extension extension, ExtensionDefinition defined, String at,
      List<FhirIssue> issues) {
    if (extension.hasValue()) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, "extension " + defined.url() + " holds"
          + " sub-extensions " + String.join(", ", defined.parts().keySet()) + ", not a value"));
    }
    List<Extension> parts = extension.getExtension();
    for (int i = 0; i < parts.size(); i++) {
      Extension part = parts.get(i);
      String path = at + ".extension[" + i + "]";
      String type = defined.parts().get(part.getUrl());
      if (type == null) {
        issues.add(FhirIssue.error(IssueType.EXTENSION, path, "extension " + defined.url()
            + " has no part " + quote(part.getUrl() == null ? "" : part.getUrl()) + "; its"
            + " parts are " + String.join(", ", defined.parts().keySet())));
      } else if (!part.hasValue() || part.hasExtension()
          || !part.getValue().fhirType().equals(type)) {
        issues.add(FhirIssue.error(IssueType.VALUE, path, "part " + part.getUrl() + " of "
            + defined.url() + " holds a value" + valueName(type)));
      }
    }
  }

  /**
   * A FHIRPath, or an extension's context, spelt out only when asked: most elements hold no
   * extension, and spelling out both as the walk went cost two strings for every element of
   * every body {@code $assess} is sent.
   *
   * @param index the element's index in its list, or -1 when it is no list
   */
  private record Path(Path parent, String name, int index) {

    static Path of(String root) {
      return new Path(null, root, -1);
    }

    Path child(String name, int index) {
      return new Path(this, name, index);
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder();
      append(out);
      return out.toString();
    }

    private void append(StringBuilder out) {
      if (parent != null) {
        parent.append(out);
        out.append('.');
      }
      out.append(name);
      if (index >= 0) {
        out.append('[').append(index).append(']');
      }
    }
  }

  /** {@code valueDate} for {@code date}: the element's name in FHIR. */
  private static String valueName(String type) {
    return type.substring(0, 1).toUpperCase(Locale.ROOT) + type.substring(1);
  }

  /** An offending URL, quoted to at most {@value #QUOTED} characters, controls replaced. */
  static String quote(String url) {
    String shown = url.length() > QUOTED ? url.substring(0, QUOTED) + "..." : url;
    return "'" + shown.replaceAll("\\p{Cntrl}", "?") + "'";
  }
}
