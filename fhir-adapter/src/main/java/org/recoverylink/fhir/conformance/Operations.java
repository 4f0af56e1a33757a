package org.recoverylink.fhir.conformance;

import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.ElementDefinition.DiscriminatorType;
import org.hl7.fhir.r4.model.ElementDefinition.SlicingRules;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationDefinitionParameterComponent;
import org.hl7.fhir.r4.model.OperationDefinition.OperationKind;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.HarmReductionCodes;

/**
 * An OperationDefinition for each operation RecoveryLink defines: every parameter in and out,
 * with its cardinality, type and, for a code, the value set it comes from. A parameter given as
 * {@code valueCoding} may also be given as {@code valueCode}, as each reader says.
 */
public final class Operations {

  /** The base of every RecoveryLink OperationDefinition url. */
  public static final String BASE = Conformance.CANONICAL_BASE + "OperationDefinition/";

  public static final String ASSESS = BASE + "assess";
  public static final String ROUTE = BASE + "route";
  public static final String OST_CHECK = BASE + "ost-check";
  public static final String PRESCRIBER_REVIEW = BASE + "prescriber-review";
  public static final String NSP_TRANSACTION = BASE + "nsp-transaction";
  public static final String NALOXONE_SUPPLY = BASE + "naloxone-supply";

  /** FHIR's extension naming the profile a parameter's value conforms to. */
  public static final String PARAMETER_PROFILE =
      "http://hl7.org/fhir/StructureDefinition/operationdefinition-profile";
  /** FHIR's extension naming each type a parameter may take, where it is more than one. */
  static final String ALLOWED_TYPE =
      "http://hl7.org/fhir/StructureDefinition/operationdefinition-allowed-type";
  private static final String IN = "in";
  private static final String OUT = "out";

  private Operations() {
  }

  /** Every OperationDefinition, in a fixed order. */
  public static List<OperationDefinition> all() {
    return List.of(assess(), route(), ostCheck(), prescriberReview(), nspTransaction(),
        naloxoneSupply());
  }

  /**
   * The profile of each operation's Parameters that names one ({@code inputProfile}), made
   * from its {@code in} parameters, so a caller's Parameters can be read against the
   * definition itself: each parameter by its name (no other name), with its cardinality and
   * its value's type, profile and binding; a parameter of parts, its parts (read by the
   * operation). {@code $nsp-transaction}'s adds its rule across parameters, nsp-1.
   */
  static List<StructureDefinition> inputProfiles() {
    return all().stream().filter(OperationDefinition::hasInputProfile).map(op -> {
      Differential profile = Differential.profile(op.getInputProfile(), "Parameters",
          op.getTitle() + ": parameters", "The Parameters $" + op.getCode() + " takes.");
      profile.element("Parameters.parameter").getSlicing().setRules(SlicingRules.CLOSED)
          .addDiscriminator().setType(DiscriminatorType.VALUE).setPath("name");
      op.getParameter().stream().filter(p -> p.getUse() == OperationParameterUse.IN)
          .forEach(parameter -> sliceFor(profile, parameter));
      if (op.getInputProfile().equals(Profiled.NSP_TRANSACTION_PARAMETERS)) {
        profile.constraint("Parameters", "nsp-1", "A visit gives at least one item, or takes"
            + " returns only", "parameter.where(name = 'item').exists()"
            + " or parameter.where(name = 'returns').exists()");
      }
      return profile.build();
    }).toList();
  }

  private static void sliceFor(Differential profile, OperationDefinitionParameterComponent in) {
    String slice = "Parameters.parameter:" + in.getName();
    profile.cardinality(slice, in.getMin(), in.getMax());
    profile.fixed(slice + ".name", new StringType(in.getName()));
    if (!in.hasType()) { // made of parts
      profile.cardinality(slice + ".value[x]", 0, "0").cardinality(slice + ".resource", 0, "0")
          .required(slice + ".part");
    } else if (isResource(in.getType())) {
      profile.cardinality(slice + ".value[x]", 0, "0").required(slice + ".resource")
          .cardinality(slice + ".part", 0, "0");
      if (!in.getType().equals("Resource")) {
        profile.type(slice + ".resource", in.getType());
      }
    } else {
      ElementDefinition value = profile.required(slice + ".value[x]")
          .element(slice + ".value[x]");
      List<String> types = in.hasExtension(ALLOWED_TYPE) ? in.getExtensionsByUrl(ALLOWED_TYPE)
          .stream().map(allowed -> allowed.getValue().primitiveValue()).toList()
          : List.of(in.getType());
      for (String code : types) {
        ElementDefinition.TypeRefComponent type = value.addType().setCode(code);
        in.getExtensionsByUrl(PARAMETER_PROFILE)
            .forEach(named -> type.addProfile(named.getValue().primitiveValue()));
      }
      if (in.hasBinding()) {
        value.getBinding().setStrength(in.getBinding().getStrength())
            .setValueSet(in.getBinding().getValueSet());
      }
      profile.cardinality(slice + ".resource", 0, "0").cardinality(slice + ".part", 0, "0");
    }
  }

  private static boolean isResource(String type) {
    return type.equals("Resource") || Arrays.stream(ResourceType.values())
        .anyMatch(resource -> resource.name().equals(type));
  }

  private static OperationDefinition assess() {
    OperationDefinition op = operation("assess", "Assess screening responses", "Scores each"
        + " QuestionnaireResponse, places it in its band, advises the brief intervention the"
        + " UK identification-and-brief-advice guidance asks for and raises risk and"
        + " dual-diagnosis flags. The body is one QuestionnaireResponse, or these Parameters.",
        "QuestionnaireResponse", false);
    param(op, IN, "response", 1, "*", "QuestionnaireResponse", "A completed form");
    param(op, IN, "questionnaire", 0, "*", "Questionnaire", "A form that is not built in");
    param(op, IN, "patient", 0, "1", "Patient", "Who the responses are about: their NHS"
        + " number becomes the subject of the responses that name none");
    param(op, IN, "condition", 0, "*", "Resource", "A Condition, or a Bundle of a record"
        + " whose Conditions are read (SNOMED CT, ICD-10 or known-condition codes)");
    param(op, IN, "valueSet", 0, "*", "ValueSet", "An answer value set a form names");
    param(op, OUT, "return", 1, "1", "Bundle", "The result: the responses, a score"
        + " Observation each (" + Profiled.SCREENING_SCORE + "), any Flags, the"
        + " GuidanceResponse and the RequestGroup of advice");
    return op;
  }

  private static OperationDefinition route() {
    OperationDefinition op = operation("route", "Route a referral", "Chooses the treatment or"
        + " recovery service for a person from the directory, with the reasons.",
        "ServiceRequest", false);
    op.setInputProfile(Profiled.ROUTE_PARAMETERS);
    param(op, IN, "patient", 1, "1", "Patient", "The person: birthDate required; the"
        + " postcode places them unless district is given");
    param(op, IN, "district", 0, "1", "string", "The district, by name or code");
    param(op, IN, "assessment", 0, "1", "Bundle", "A result Bundle of $assess");
    bound(op, IN, "substance", 0, "*", CodeSystems.SUBSTANCE, "A substance the person uses");
    bound(op, IN, "circumstance", 0, "*", CodeSystems.CIRCUMSTANCE, "A circumstance that"
        + " changes the route");
    bound(op, IN, "referral-source", 0, "1", CodeSystems.REFERRAL_SOURCE, "Who refers");
    OperationDefinitionParameterComponent service = param(op, OUT, "service", 1, "*", null,
        "A destination, the first the main one");
    part(service, "healthcareService", 1, "1", "Reference", "HealthcareService/{id}");
    part(service, "role", 1, "1", "code", "What the service does for this person");
    part(service, "reason", 1, "*", "string", "Why, in words");
    part(service, "urgent", 1, "1", "boolean", "Whether to act today");
    param(op, OUT, "district", 0, "1", "string", "The district the person is placed in");
    param(op, OUT, "district-code", 0, "1", "code", "Its ONS code");
    param(op, OUT, "quadrant", 0, "1", "string", "The area of the county");
    param(op, OUT, "urgency", 0, "*", "string", "Why the referral is urgent");
    bound(op, OUT, "offer", 0, "*", CodeSystems.ACTION, "A step to offer alongside");
    param(op, OUT, "rule-set", 1, "1", "string", "The routing rules and their version");
    param(op, OUT, "directory", 1, "1", "string", "The directory and its version");
    return op;
  }

  private static OperationDefinition ostCheck() {
    OperationDefinition op = operation("ost-check", "Dispense or withhold an OST dose", "Whether"
        + " to dispense today against an OST prescription (query parameters prescription="
        + "MedicationRequest/{id} and date=YYYY-MM-DD), from the patient's whole history,"
        + " with the notifications it raises.", "MedicationDispense", false).setCode("check");
    param(op, IN, "prescription", 1, "1", "string", "MedicationRequest/{id} (query)");
    param(op, IN, "date", 0, "1", "date", "The day (query); today in England when absent");
    param(op, IN, "intoxicated", 0, "1", "boolean", "The patient presents intoxicated (body)");
    param(op, OUT, "decision", 1, "1", "code", "dispense | withhold");
    bound(op, OUT, "reason", 0, "1", CodeSystems.OST_WITHHOLD_REASON, "Why withheld")
        .setType("code");
    param(op, OUT, "date", 1, "1", "date", "The day decided");
    param(op, OUT, "consecutive-missed", 1, "1", "integer", "Days missed in a row");
    param(op, OUT, "supervised", 0, "1", "boolean", "Whether today's dose is supervised");
    param(op, OUT, "quantity", 0, "1", "Quantity", "What to supply, in mg");
    param(op, OUT, "supervised-quantity", 0, "1", "Quantity", "Of it taken supervised, mg");
    param(op, OUT, "take-away-quantity", 0, "1", "Quantity", "Of it taken away, mg");
    param(op, OUT, "day", 0, "*", "date", "Each day the supply covers");
    param(op, OUT, "review-pending-since", 0, "1", "date", "Withheld pending the"
        + " prescriber's review since");
    param(op, OUT, "rule", 1, "1", "string", "The rule that decided");
    param(op, OUT, "rule-set", 1, "1", "string", "The rule set and its version");
    param(op, OUT, "rule-summary", 1, "1", "string", "The rule in words");
    param(op, OUT, "notification", 0, "*", "Communication", "A notification raised");
    param(op, OUT, "flag", 0, "*", "Flag", "A flag raised on the patient");
    return op;
  }

  private static OperationDefinition prescriberReview() {
    OperationDefinition op = operation("prescriber-review", "Record the prescriber's review",
        "Records the prescriber's review after missed doses, so dispensing may resume from its"
            + " date. The same id again records nothing twice.", "MedicationRequest", false);
    op.setInputProfile(Profiled.PRESCRIBER_REVIEW_PARAMETERS);
    param(op, IN, "prescription", 1, "1", "string", "The pharmacy's prescription id");
    param(op, IN, "date", 1, "1", "date", "The day of the review");
    typed(op, IN, "id", 1, "string", Profiled.CALLER_UUID, "A UUID of the caller's for this"
        + " event");
    param(op, OUT, "id", 1, "1", "string", "The event's id");
    param(op, OUT, "prescription", 1, "1", "string", "The prescription id");
    param(op, OUT, "date", 1, "1", "date", "The day of the review");
    return op;
  }

  private static OperationDefinition nspTransaction() {
    OperationDefinition op = operation("nsp-transaction", "Record a needle and syringe"
        + " programme transaction", "Records an NSP visit, the client known only by a client"
        + " code (never a name or NHS number); the same id again records nothing twice.",
        null, true);
    op.setInputProfile(Profiled.NSP_TRANSACTION_PARAMETERS);
    typed(op, IN, "id", 1, "string", Profiled.CALLER_UUID, "A UUID of the caller's for the"
        + " transaction");
    typed(op, IN, "pharmacy", 1, "Identifier", Profiled.ODS_CODE, "The pharmacy's ODS code");
    param(op, IN, "at", 1, "1", "dateTime", "When, with its offset");
    typed(op, IN, "client", 1, "Identifier", Profiled.CLIENT_CODE, "The client code");
    bound(op, IN, "level", 1, "1", HarmReductionCodes.LEVEL, "The NSP level of the visit");
    OperationDefinitionParameterComponent item = param(op, IN, "item", 0, "*", null,
        "An item handed out");
    boundPart(item, "kind", 1, "1", HarmReductionCodes.ITEM, "What");
    part(item, "size", 0, "1", "string", "Its size, for kinds that have sizes");
    part(item, "quantity", 1, "1", "integer", "How many");
    OperationDefinitionParameterComponent returns = param(op, IN, "returns", 0, "1", null,
        "What was returned; absent: nothing");
    part(returns, "sharps-bins", 1, "1", "integer", "Sharps bins returned");
    part(returns, "loose", 1, "1", "boolean", "Loose equipment returned");
    bound(op, IN, "substance", 0, "*", HarmReductionCodes.INJECTED_SUBSTANCE, "A substance"
        + " injected");
    bound(op, IN, "advice", 0, "*", HarmReductionCodes.ADVICE, "Advice given");
    OperationDefinitionParameterComponent offer = param(op, IN, "offer", 0, "*", null,
        "An offer made, and its outcome");
    boundPart(offer, "offer", 1, "1", HarmReductionCodes.EVENT, "offer-bbv-testing |"
        + " offer-hbv-vaccination | offer-treatment-referral | offer-naloxone");
    boundPart(offer, "outcome", 1, "1", HarmReductionCodes.OFFER_OUTCOME, "Its outcome");
    param(op, OUT, "id", 1, "1", "string", "The transaction's id");
    param(op, OUT, "record", 1, "1", "Bundle", "The transaction as standard resources, the"
        + " client by a pseudonym");
    return op;
  }

  private static OperationDefinition naloxoneSupply() {
    OperationDefinition op = operation("naloxone-supply", "Record a take-home naloxone"
        + " supply", "Records a take-home naloxone supply and any report of a kit used; the"
        + " same id again records nothing twice.", null, true);
    op.setInputProfile(Profiled.NALOXONE_SUPPLY_PARAMETERS);
    typed(op, IN, "id", 1, "string", Profiled.CALLER_UUID, "A UUID of the caller's for the"
        + " supply");
    typed(op, IN, "pharmacy", 1, "Identifier", Profiled.ODS_CODE, "The pharmacy's ODS code");
    param(op, IN, "at", 1, "1", "dateTime", "When, with its offset");
    bound(op, IN, "recipient", 1, "1", HarmReductionCodes.RECIPIENT, "Who it is for");
    bound(op, IN, "product", 1, "1", HarmReductionCodes.PRODUCT, "The product");
    param(op, IN, "kits", 1, "1", "integer", "How many kits");
    bound(op, IN, "reason", 1, "1", HarmReductionCodes.REASON, "Why supplied");
    bound(op, IN, "training", 0, "*", HarmReductionCodes.TRAINING, "Training given");
    typed(op, IN, "client", 0, "Identifier", Profiled.CLIENT_CODE, "The client code");
    OperationDefinitionParameterComponent report = param(op, IN, "use-report", 0, "1", null,
        "A kit supplied before was used");
    part(report, "used", 0, "1", "date", "The day it was used");
    part(report, "ambulance-called", 1, "1", "boolean", "Whether an ambulance was called");
    boundPart(report, "outcome", 1, "1", HarmReductionCodes.OVERDOSE_OUTCOME, "What"
        + " happened to the person");
    param(op, OUT, "id", 1, "1", "string", "The supply's id");
    param(op, OUT, "record", 1, "1", "Bundle", "The supply as standard resources");
    param(op, OUT, "naloxone-used", 1, "1", "boolean", "Whether a use was recorded");
    OperationDefinitionParameterComponent prompt = param(op, OUT, "prompt", 0, "*", null,
        "Something the rules ask the pharmacist to do");
    part(prompt, "rule", 1, "1", "string", "The rule's id");
    part(prompt, "message", 1, "1", "string", "What to do, in words");
    param(op, OUT, "rule-set", 1, "1", "string", "The rule set and its version");
    return op;
  }

  /**
   * @param resource the resource type it is invoked on, or null for the system level
   */
  private static OperationDefinition operation(String id, String title, String description,
      String resource, boolean system) {
    OperationDefinition op = new OperationDefinition();
    op.setId(id);
    op.setUrl(BASE + id);
    op.setVersion(Conformance.VERSION);
    op.setName(Differential.name(id));
    op.setTitle(title);
    op.setStatus(PublicationStatus.ACTIVE);
    op.setKind(OperationKind.OPERATION);
    op.setPublisher(Conformance.PUBLISHER);
    op.setDescription(description);
    op.setAffectsState(!id.equals("route") && !id.equals("ost-check"));
    op.setCode(id);
    if (resource != null) {
      op.addResource(resource);
    }
    op.setSystem(system);
    op.setType(resource != null);
    op.setInstance(false);
    return op;
  }

  /** A parameter; {@code type} null for one made of parts. */
  private static OperationDefinitionParameterComponent param(OperationDefinition op,
      String use, String name, int min, String max, String type, String documentation) {
    OperationDefinitionParameterComponent parameter = op.addParameter().setName(name)
        .setUse(OperationParameterUse.fromCode(use)).setMin(min).setMax(max)
        .setDocumentation(documentation);
    if (type != null) {
      parameter.setType(type);
    }
    return parameter;
  }

  /**
   * A parameter of at most one value whose type is profiled ({@link Profiles#datatypes()}),
   * named with FHIR's {@code operationdefinition-profile} extension.
   */
  private static void typed(OperationDefinition op, String use, String name, int min,
      String type, String profile, String documentation) {
    param(op, use, name, min, "1", type, documentation)
        .addExtension(PARAMETER_PROFILE, new UriType(profile)); // R4 types it uri
  }

  /** A {@code valueCoding} parameter from our ValueSet of {@code codeSystem}. */
  private static OperationDefinitionParameterComponent bound(OperationDefinition op,
      String use, String name, int min, String max, String codeSystem, String documentation) {
    OperationDefinitionParameterComponent parameter = param(op, use, name, min, max, "Coding",
        documentation);
    parameter.getBinding().setStrength(BindingStrength.REQUIRED)
        .setValueSet(ValueSets.url(codeSystem));
    return use.equals(IN) ? codeOrCoding(parameter) : parameter;
  }

  /** An input code the readers take as {@code valueCoding} or as {@code valueCode}. */
  private static OperationDefinitionParameterComponent codeOrCoding(
      OperationDefinitionParameterComponent parameter) {
    parameter.addExtension(ALLOWED_TYPE, new UriType("Coding"));
    parameter.addExtension(ALLOWED_TYPE, new UriType("code"));
    return parameter;
  }

  private static OperationDefinitionParameterComponent part(
      OperationDefinitionParameterComponent parent, String name, int min, String max,
      String type, String documentation) {
    return parent.addPart().setName(name).setUse(parent.getUse()).setMin(min).setMax(max)
        .setType(type).setDocumentation(documentation);
  }

  private static void boundPart(OperationDefinitionParameterComponent parent, String name,
      int min, String max, String codeSystem, String documentation) {
    codeOrCoding(part(parent, name, min, max, "Coding", documentation)).getBinding()
        .setStrength(BindingStrength.REQUIRED).setValueSet(ValueSets.url(codeSystem));
  }
}
