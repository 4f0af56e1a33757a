package org.recoverylink.fhir.conformance;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.BindingStrength;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.UriType;
import org.recoverylink.fhir.io.ExtensionDefinition;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The profiles of the resources RecoveryLink writes (and, for the OST prescription and the
 * referral, reads), and the StructureDefinitions of our extensions. Each resource the library
 * writes names its profile in {@code meta.profile}, by the url in {@link Profiled}.
 *
 * <p>A profile of a resource type UK Core profiles derives from UK Core's ({@link UkCore}), so
 * UK Core's rules hold for it too; the others derive from base FHIR R4. Ours constrain what we
 * write, not what else a sender may add.
 */
public final class Profiles {

  private Profiles() {
  }

  /** Every profile, in a fixed order. */
  public static List<StructureDefinition> all() {
    return List.of(ostPrescription(), ostDispense(), nspVisit(), nspSupply(), nspAdvice(),
        naloxoneSupply(), naloxoneTraining(), harmReductionObservation(), referral(),
        referralTask(), screeningScore(), screeningFlag(), screeningGuidance(),
        screeningAdvice(), activityReport());
  }

  /**
   * The profiles of the data types some operation parameters hold (an OperationDefinition
   * names them with FHIR's {@code operationdefinition-profile} extension): what a value must
   * look like, with an example.
   */
  public static List<StructureDefinition> datatypes() {
    return List.of(
        Differential.datatype(Profiled.ODS_CODE, "Identifier", "ODS code", "An organisation by"
                + " its ODS code (for a pharmacy, the caller's own).")
            .required("Identifier.system", "Identifier.value")
            .fixed("Identifier.system", new UriType(Systems.ODS))
            .example("Identifier.value", new StringType("FA123"))
            .build(),
        Differential.datatype(Profiled.CLIENT_CODE, "Identifier", "NSP client code", "A"
                + " needle-exchange client as the pharmacy knows them: initials, date of birth"
                + " (yyyymmdd) and sex, e.g. JS-19900314-M; never a name or NHS number. The"
                + " server keeps only a keyed pseudonym of it.")
            .required("Identifier.system", "Identifier.value")
            .fixed("Identifier.system", new UriType(HarmReductionCodes.CLIENT_CODE))
            .example("Identifier.value", new StringType("JS-19900314-M"))
            .build(),
        Differential.datatype(Profiled.CALLER_UUID, "string", "Caller's UUID", "An id the"
                + " caller makes, a UUID, one for each thing it records: the same id again"
                + " answers what was recorded, and records nothing twice.")
            .constraint("string", "uuid-1", "A UUID: 32 hexadecimal digits in groups of 8, 4,"
                + " 4, 4 and 12, joined by hyphens", "matches('^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-"
                + "[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')")
            .example("string.value", new StringType("6f1c2a9e-8b3d-4e5f-9a7b-2c4d6e8f0a1b"))
            .build());
  }

  /** The StructureDefinition of each extension the library defines ({@link Extensions}). */
  public static List<StructureDefinition> extensions() {
    List<StructureDefinition> all = new ArrayList<>();
    Extensions.DEFINED.forEach(defined -> all.add(extension(defined)));
    return List.copyOf(all);
  }

  /** The StructureDefinition of an extension; a complex one's parts are each required. */
  public static StructureDefinition extension(ExtensionDefinition defined) {
    Differential extension = Differential.extension(defined.url(), defined.description(),
        defined.description(), defined.contexts());
    return (defined.valueType().isPresent()
        ? extension.simpleValue(defined.url(), defined.valueType().get())
        : extension.complexValue(defined.url(), defined.parts(),
            List.copyOf(defined.parts().keySet()))).build();
  }

  private static StructureDefinition ostPrescription() {
    String at = "MedicationRequest";
    return Differential.profile(Profiled.OST_PRESCRIPTION, at, "OST prescription",
            "An opioid substitution treatment prescription under shared care, as the pharmacy"
                + " dispenses it in instalments: the medicine, the daily dose, the collection"
                + " days, supervision, the dates, the prescriber and the keyworker.")
        .says(at + ".contained", "The prescriber's and keyworker's PractitionerRoles (role coded"
            + " in ost-contact-role, the person by display, the organisation by identifier) and"
            + " the medicine as a Medication")
        .extension(at, "keyworker", Extensions.OST_KEYWORKER, 1, "1")
        .slice(at + ".identifier", "prescription", "system",
            new UriType(org.recoverylink.fhir.pharmacy.ost.OstResources.PRESCRIPTION_SYSTEM), 1,
            "1")
        .required(at + ".identifier:prescription.value")
        .pattern(at + ".status", new CodeType("active"))
        .says(at + ".intent", "order, or another kind of order: a prescription, not a proposal")
        .says(at + ".medication[x]", "The medicine: a contained Medication or a concept, coded"
            + " in ost-medicine or by its SNOMED CT substances")
        .required(at + ".subject.identifier")
        .pattern(at + ".subject.identifier.system", new UriType(Systems.NHS_NUMBER))
        .says(at + ".requester", "The prescriber: a contained PractitionerRole")
        .required(at + ".requester")
        .cardinality(at + ".dosageInstruction", 1, "1")
        .says(at + ".dosageInstruction", "The daily dose: once a day, in mg")
        .cardinality(at + ".dosageInstruction.doseAndRate", 1, "1")
        .type(at + ".dosageInstruction.doseAndRate.dose[x]", "Quantity")
        .required(at + ".dosageInstruction.doseAndRate.dose[x]")
        .required(at + ".dispenseRequest")
        .extension(at + ".dispenseRequest", "collectionDay", Extensions.OST_COLLECTION_DAY, 1,
            "7")
        .extension(at + ".dispenseRequest", "supervisedUntil", Extensions.OST_SUPERVISED_UNTIL,
            0, "1")
        .required(at + ".dispenseRequest.validityPeriod",
            at + ".dispenseRequest.validityPeriod.start",
            at + ".dispenseRequest.validityPeriod.end")
        .build();
  }

  private static StructureDefinition ostDispense() {
    String at = "MedicationDispense";
    return Differential.profile(Profiled.OST_DISPENSE, at, "OST dispense",
            "What happened at the counter against an OST prescription: a supply (completed,"
                + " in mg, for the days it covers) or a dose not supplied (declined, with the"
                + " reason coded in ost-withhold-reason).")
        .extension(at, "supervised", Extensions.OST_SUPERVISED, 0, "1")
        .slice(at + ".identifier", "event", "system",
            new UriType(org.recoverylink.fhir.pharmacy.ost.OstResources.EVENT_SYSTEM), 1, "1")
        .required(at + ".identifier:event.value")
        .says(at + ".statusReason[x]", "Why the dose was not supplied: ost-withhold-reason")
        .required(at + ".subject", at + ".performer")
        .cardinality(at + ".authorizingPrescription", 1, "1")
        .cardinality(at + ".dosageInstruction", 1, "1")
        .build();
  }

  private static StructureDefinition nspVisit() {
    String at = "Encounter";
    return Differential.profile(Profiled.NSP_VISIT, at, "NSP visit", "A needle and syringe"
            + " programme visit at a pharmacy, by a client known only by a client code.")
        .slice(at + ".identifier", "transaction", "system",
            new UriType(HarmReductionCodes.NSP_TRANSACTION_ID), 1, "1")
        .pattern(at + ".status", new CodeType("finished"))
        .pattern(at + ".type", event(HarmReductionCodes.NSP_VISIT))
        .required(at + ".serviceType")
        .bind(at + ".serviceType", HarmReductionCodes.LEVEL, BindingStrength.REQUIRED)
        .required(at + ".subject", at + ".period", at + ".period.start", at + ".serviceProvider")
        .build();
  }

  private static StructureDefinition nspSupply() {
    String at = "SupplyDelivery";
    return Differential.profile(Profiled.NSP_SUPPLY, at, "NSP item supplied", "An item handed out"
            + " at a needle and syringe programme visit, and how many.")
        .slice(at + ".identifier", "transaction", "system",
            new UriType(HarmReductionCodes.NSP_TRANSACTION_ID), 1, "1")
        .pattern(at + ".status", new CodeType("completed"))
        .required(at + ".patient", at + ".suppliedItem", at + ".suppliedItem.quantity",
            at + ".suppliedItem.item[x]")
        .type(at + ".suppliedItem.item[x]", "CodeableConcept")
        .bind(at + ".suppliedItem.item[x]", HarmReductionCodes.ITEM, BindingStrength.REQUIRED)
        .required(at + ".occurrence[x]", at + ".supplier")
        .build();
  }

  private static StructureDefinition nspAdvice() {
    return procedure(Profiled.NSP_ADVICE, "NSP advice given", "Advice given at a needle and syringe"
        + " programme visit.", HarmReductionCodes.NSP_TRANSACTION_ID, HarmReductionCodes.ADVICE);
  }

  private static StructureDefinition naloxoneTraining() {
    return procedure(Profiled.NALOXONE_TRAINING, "Naloxone training given", "Training given with a"
            + " take-home naloxone supply.", HarmReductionCodes.NALOXONE_SUPPLY_ID,
        HarmReductionCodes.TRAINING);
  }

  private static StructureDefinition procedure(String url, String title, String description,
      String identifierSystem, String codeSystem) {
    String at = "Procedure";
    return Differential.profile(url, at, title, description)
        .slice(at + ".identifier", "record", "system", new UriType(identifierSystem), 1, "1")
        .pattern(at + ".status", new CodeType("completed"))
        .required(at + ".code")
        .bind(at + ".code", codeSystem, BindingStrength.REQUIRED)
        .required(at + ".performed[x]", at + ".performer")
        .build();
  }

  private static StructureDefinition naloxoneSupply() {
    String at = "MedicationDispense";
    return Differential.profile(Profiled.NALOXONE_SUPPLY, at, "Take-home naloxone supply", "Naloxone"
            + " kits supplied to take home: to whom, why, how many, and the product.")
        .slice(at + ".identifier", "supply", "system",
            new UriType(HarmReductionCodes.NALOXONE_SUPPLY_ID), 1, "1")
        .pattern(at + ".status", new CodeType("completed"))
        .required(at + ".category")
        .bind(at + ".category", HarmReductionCodes.RECIPIENT, BindingStrength.REQUIRED)
        .type(at + ".medication[x]", "CodeableConcept")
        .pattern(at + ".medication[x]", new CodeableConcept(new Coding(Systems.SNOMED,
            HarmReductionCodes.SNOMED_NALOXONE, null)))
        .required(at + ".performer")
        .required(at + ".type")
        .bind(at + ".type", HarmReductionCodes.REASON, BindingStrength.REQUIRED)
        .required(at + ".quantity", at + ".whenHandedOver")
        .build();
  }

  private static StructureDefinition harmReductionObservation() {
    String at = "Observation";
    return Differential.profile(Profiled.HARM_REDUCTION_OBSERVATION, at, "Harm-reduction fact",
            "A fact recorded at a needle and syringe programme visit or about a naloxone"
                + " supply, by its code in harm-reduction: a substance injected, what was"
                + " returned, an offer and its outcome, a naloxone kit used.")
        .required(at + ".identifier")
        .pattern(at + ".status", new CodeType("final"))
        .bind(at + ".code", HarmReductionCodes.EVENT, BindingStrength.REQUIRED)
        .required(at + ".effective[x]", at + ".performer")
        .build();
  }

  private static StructureDefinition referral() {
    String at = "ServiceRequest";
    return Differential.profile(Profiled.REFERRAL, at, "Referral", "A referral to a"
            + " drug and alcohol treatment or recovery service. The person comes as a contained"
            + " Patient (birth date, postcode, and the NHS number, which only a referral by the"
            + " person, family or friends or a non-clinical agency may lack), the referrer as a"
            + " contained"
            + " Organization or PractitionerRole with its ODS code, the person's agreement as"
            + " a contained Consent; an assessment may come contained too.")
        .says(at + ".contained", "The Patient, the referrer, the Consent, any assessment")
        .says(at + ".intent", "order")
        .required(at + ".subject", at + ".requester")
        .cardinality(at + ".performer", 0, "1")
        .says(at + ".performer", "The receiving service, HealthcareService/{id}: as the router"
            + " chose it when the sender named none")
        .build();
  }

  private static StructureDefinition referralTask() {
    String at = "Task";
    return Differential.profile(Profiled.REFERRAL_TASK, at, "Referral task", "Where a referral"
            + " stands: its delivery to the receiving service's system (businessStatus) and"
            + " the service's answer (status).")
        .required(at + ".businessStatus")
        .bind(at + ".businessStatus", CodeSystems.DELIVERY_STATUS, BindingStrength.REQUIRED)
        .pattern(at + ".intent", new CodeType("order"))
        .required(at + ".focus", at + ".for", at + ".authoredOn", at + ".lastModified",
            at + ".requester", at + ".owner")
        .build();
  }

  private static StructureDefinition screeningScore() {
    String at = "Observation";
    return Differential.profile(Profiled.SCREENING_SCORE, at, "Screening score", "A screening"
            + " instrument's total score and the band it falls in, with the rule that placed"
            + " it there.")
        .extension(at, "rationale", Extensions.RATIONALE, 1, "1")
        .pattern(at + ".status", new CodeType("final"))
        .required(at + ".category", at + ".subject", at + ".issued", at + ".value[x]")
        .type(at + ".value[x]", "integer")
        .cardinality(at + ".interpretation", 1, "1")
        .bind(at + ".interpretation", CodeSystems.RISK_BAND, BindingStrength.REQUIRED)
        .build();
  }

  private static StructureDefinition screeningFlag() {
    String at = "Flag";
    return Differential.profile(Profiled.SCREENING_FLAG, at, "Screening flag", "A flag the screening"
            + " rules raised for a clinician's attention, with the rule that raised it.")
        .extension(at, "rationale", Extensions.RATIONALE, 1, "1")
        .required(at + ".category")
        .bind(at + ".code", CodeSystems.FLAG, BindingStrength.REQUIRED)
        .required(at + ".period")
        .build();
  }

  private static StructureDefinition screeningGuidance() {
    String at = "GuidanceResponse";
    return Differential.profile(Profiled.SCREENING_GUIDANCE, at, "Screening guidance", "That the"
            + " screening rules ran on the responses: the rule set and version (module), the"
            + " scores they read and the advice they gave.")
        .type(at + ".module[x]", "uri")
        .pattern(at + ".status", new CodeType("success"))
        .required(at + ".subject", at + ".occurrenceDateTime", at + ".result")
        .build();
  }

  private static StructureDefinition screeningAdvice() {
    String at = "RequestGroup";
    return Differential.profile(Profiled.SCREENING_ADVICE, at, "Screening advice", "The steps the"
            + " rules advise, each with why, and the proposed ServiceRequest for it.")
        .pattern(at + ".intent", new CodeType("proposal"))
        .required(at + ".subject", at + ".authoredOn")
        .extension(at + ".action", "rationale", Extensions.RATIONALE, 1, "*")
        .required(at + ".action.title", at + ".action.code")
        .bind(at + ".action.code", CodeSystems.ACTION, BindingStrength.REQUIRED)
        .build();
  }

  private static StructureDefinition activityReport() {
    String at = "MeasureReport";
    return Differential.profile(Profiled.ACTIVITY_REPORT, at, "Activity report", "A"
            + " commissioner's summary of activity for a period: each indicator a group, each"
            + " breakdown a stratifier, small counts hidden and counts rounded as the"
            + " disclosure-control extension says.")
        .extension(at, "organization", Extensions.REPORT_ORGANIZATION, 0, "1")
        .extension(at, "district", Extensions.REPORT_DISTRICT, 0, "1")
        .extension(at, "disclosureControl", Extensions.REPORT_DISCLOSURE_CONTROL, 1, "1")
        .pattern(at + ".status", new CodeType("complete"))
        .pattern(at + ".type", new CodeType("summary"))
        .required(at + ".date")
        .build();
  }

  private static CodeableConcept event(String code) {
    return new CodeableConcept(new Coding(HarmReductionCodes.EVENT, code, null));
  }
}
