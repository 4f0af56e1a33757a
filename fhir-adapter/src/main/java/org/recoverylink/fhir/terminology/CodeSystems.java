package org.recoverylink.fhir.terminology;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.screening.AnswerOption;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Banding;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;

/**
 * RecoveryLink's own code systems, generated from the core enums that define them, so the codes
 * in FHIR and in core can never drift apart.
 */
public final class CodeSystems {

  private CodeSystems() {
  }

  /** The base of every RecoveryLink CodeSystem url. */
  public static final String BASE = "https://recoverylink.org/fhir/CodeSystem/";
  /** Where the ValueSet of all of a CodeSystem's codes is, by the code system's id. */
  private static final String VALUE_SET_BASE = "https://recoverylink.org/fhir/ValueSet/";

  public static final String SUBSTANCE = BASE + "substance";
  public static final String CIRCUMSTANCE = BASE + "circumstance";
  public static final String REFERRAL_SOURCE = BASE + "referral-source";
  public static final String SERVICE_KIND = BASE + "service-kind";
  public static final String ACCESS = BASE + "access";
  public static final String FLAG = BASE + "flag";
  public static final String ACTION = BASE + "action";
  public static final String KNOWN_CONDITION = BASE + "known-condition";
  public static final String ANSWER = BASE + "answer";
  public static final String RISK_BAND = BASE + "risk-band";
  public static final String SCORE = BASE + "score";
  /** Where delivery of a referral to its receiving service stands (Task.businessStatus). */
  public static final String DELIVERY_STATUS = BASE + "delivery-status";
  /** Why a service rejected a referral (Task.statusReason); the person's choice re-routes not. */
  public static final String REJECTION_REASON = BASE + "rejection-reason";

  /** The OST medicines, one code each, so buprenorphine with naloxone is one concept. */
  public static final String OST_MEDICINE = BASE + "ost-medicine";
  /**
   * Why an OST dose was not supplied (MedicationDispense.statusReason): the rules' withhold
   * reasons, and {@link #NOT_COLLECTED} for a day the patient did not come.
   */
  public static final String OST_WITHHOLD_REASON = BASE + "ost-withhold-reason";
  /** The code of {@link #OST_WITHHOLD_REASON} for a dose not collected on its day. */
  public static final String NOT_COLLECTED = "not-collected";
  /** Who someone is in a patient's shared-care OST (PractitionerRole.code). */
  public static final String OST_CONTACT_ROLE = BASE + "ost-contact-role";

  /** The delivery statuses, with their displays. */
  public static final Map<String, String> DELIVERY_STATUSES = orderedMap(
      "queued", "Waiting to be sent to the service's system",
      "retrying", "Not yet taken by the service's system; being retried",
      "delivered", "Taken by the service's system",
      "failed", "Not delivered; see the Task's note",
      "worklist", "On the service's worklist (it has no endpoint to send to)");
  /** The rejection reasons, with their displays. */
  public static final Map<String, String> REJECTION_REASONS = orderedMap(
      "patient-choice", "The person's own choice",
      "no-capacity", "No capacity",
      "not-eligible", "Not eligible for this service",
      "other", "Other reason");

  /** The version of the code systems; codes are only ever added. */
  public static final String VERSION = "0.1.0";

  /**
   * Every CodeSystem resource of the library (the server adds its reports' own, from their
   * definitions).
   */
  public static List<CodeSystem> all() {
    List<CodeSystem> all = new ArrayList<>(List.of(
        codeSystem(SUBSTANCE, "Substance", "Substances a person uses.", Substance.class),
        codeSystem(CIRCUMSTANCE, "Circumstance", "Circumstances that change a referral's route.",
            Circumstance.class),
        codeSystem(REFERRAL_SOURCE, "ReferralSource", "Who is referring.",
            ReferralSource.class),
        codeSystem(SERVICE_KIND, "ServiceKind", "What a treatment or recovery service does.",
            ServiceKind.class),
        codeSystem(ACCESS, "Access", "How a service may be referred to.", Access.class),
        codeSystem(FLAG, "Flag", "Flags raised for a clinician's attention.", FlagCode.class),
        codeSystem(ACTION, "Action", "Recommended next steps.", ActionCode.class),
        codeSystem(KNOWN_CONDITION, "KnownCondition",
            "Conditions the screening rules take into account.", KnownCondition.class),
        answers(), riskBands(), scores(),
        codeSystem(DELIVERY_STATUS, "DeliveryStatus", "Where delivery of a referral to its"
            + " receiving service stands.", DELIVERY_STATUSES),
        codeSystem(REJECTION_REASON, "RejectionReason", "Why a service rejected a referral.",
            REJECTION_REASONS),
        codeSystem(OST_MEDICINE, "OstMedicine", "Opioid substitution medicines dispensed under"
            + " shared care.", OstMedicine.class),
        codeSystem(OST_WITHHOLD_REASON, "OstWithholdReason", "Why an OST dose was not supplied.",
            withholdReasons()),
        codeSystem(OST_CONTACT_ROLE, "OstContactRole", "Who someone is in a patient's"
            + " shared-care OST.", contactRoles())));
    all.addAll(HarmReductionCodes.codeSystems()); // needle exchange and take-home naloxone
    return List.copyOf(all);
  }

  /** The code of a shared-care role in {@link #OST_CONTACT_ROLE}; codes never change. */
  public static String ostContactRole(Contact.Role role) {
    return switch (role) {
      case GP_SHARED_CARE_PRESCRIBER -> "gp-shared-care-prescriber";
      case SPECIALIST_PRESCRIBER -> "specialist-prescriber";
      case KEYWORKER -> "keyworker";
    };
  }

  /** The display of a shared-care role in {@link #OST_CONTACT_ROLE}. */
  public static String ostContactRoleDisplay(Contact.Role role) {
    return switch (role) {
      case GP_SHARED_CARE_PRESCRIBER -> "GP prescribing under shared care";
      case SPECIALIST_PRESCRIBER -> "Prescriber at the specialist treatment service";
      case KEYWORKER -> "Keyworker at the treatment service";
    };
  }

  /** The shared-care role coded so in {@link #OST_CONTACT_ROLE}, if it is one. */
  public static Optional<Contact.Role> ostContactRole(String code) {
    for (Contact.Role role : Contact.Role.values()) {
      if (ostContactRole(role).equals(code)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  private static Map<String, String> withholdReasons() {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (WithholdReason reason : WithholdReason.values()) {
      concepts.put(reason.code(), reason.display());
    }
    concepts.put(NOT_COLLECTED, "The dose was not collected on its day");
    return concepts;
  }

  private static Map<String, String> contactRoles() {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (Contact.Role role : Contact.Role.values()) {
      concepts.put(ostContactRole(role), ostContactRoleDisplay(role));
    }
    return concepts;
  }

  /**
   * The answers of the built-in instruments' items (one code per distinct answer: "never" means
   * the same wherever it appears).
   */
  private static CodeSystem answers() {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (Instrument instrument : Instruments.all()) {
      for (Item item : instrument.items()) {
        for (AnswerOption option : item.options()) {
          String known = concepts.putIfAbsent(option.code(), option.text());
          if (known != null && !known.equals(option.text())) {
            throw new IllegalStateException("answer code " + option.code()
                + " has two wordings: " + known + " / " + option.text());
          }
        }
      }
    }
    return codeSystem(ANSWER, "Answer", "Answers to the items of the built-in instruments.",
        concepts);
  }

  /** Every band an instrument can place a total in. */
  private static CodeSystem riskBands() {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (Instrument instrument : Instruments.all()) {
      if (instrument.banding() instanceof Banding.Ranges ranges) {
        ranges.ranges().forEach(r -> concepts.putIfAbsent(r.band().code(), r.band().display()));
      } else {
        concepts.putIfAbsent(Band.NEGATIVE.code(), Band.NEGATIVE.display());
        concepts.putIfAbsent(Band.POSITIVE.code(), Band.POSITIVE.display());
      }
    }
    return codeSystem(RISK_BAND, "RiskBand", "Result bands of the screening instruments.",
        concepts);
  }

  private static Map<String, String> orderedMap(String... codesAndDisplays) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < codesAndDisplays.length; i += 2) {
      map.put(codesAndDisplays[i], codesAndDisplays[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(map);
  }

  /** Totals of instruments that have no LOINC total code. */
  private static CodeSystem scores() {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (Instrument instrument : Instruments.all()) {
      if (instrument.totalCode().isEmpty()) {
        concepts.put(scoreCode(instrument), instrument.title() + " total score");
      }
    }
    return codeSystem(SCORE, "Score", "Total scores that LOINC does not code.", concepts);
  }

  /** The score code of an instrument without a LOINC total, e.g. {@code fast-total}. */
  public static String scoreCode(Instrument instrument) {
    return instrument.id() + "-total";
  }

  /** A coding of a core enum constant in its code system. */
  public static Coding coding(String system, Coded value) {
    return new Coding(system, value.code(), value.display());
  }

  /** The constant of {@code type} coded by {@code coding} in {@code system}, if it is one. */
  public static <E extends Enum<E> & Coded> Optional<E> decode(String system, Coding coding,
      Class<E> type) {
    return system.equals(coding.getSystem()) ? Coded.fromCode(type, coding.getCode())
        : Optional.empty();
  }

  /** A CodeSystem of ours holding every constant of a core enum. */
  public static <E extends Enum<E> & Coded> CodeSystem codeSystem(String url, String name,
      String description, Class<E> type) {
    Map<String, String> concepts = new LinkedHashMap<>();
    for (E constant : type.getEnumConstants()) {
      concepts.put(constant.code(), constant.display());
    }
    return codeSystem(url, name, description, concepts);
  }

  /** A CodeSystem of ours holding these codes and displays, in this order. */
  public static CodeSystem codeSystem(String url, String name, String description,
      Map<String, String> concepts) {
    CodeSystem codeSystem = new CodeSystem();
    codeSystem.setId(url.substring(BASE.length()));
    codeSystem.setUrl(url);
    codeSystem.setVersion(VERSION);
    codeSystem.setName(name);
    codeSystem.setTitle("RecoveryLink " + name);
    codeSystem.setStatus(PublicationStatus.ACTIVE);
    codeSystem.setExperimental(false);
    codeSystem.setPublisher("RecoveryLink");
    codeSystem.setDescription(description);
    codeSystem.setCaseSensitive(true);
    codeSystem.setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
    codeSystem.setValueSet(VALUE_SET_BASE + codeSystem.getId()); // every code: ValueSets
    concepts.forEach((code, display) -> codeSystem.addConcept().setCode(code)
        .setDisplay(display));
    codeSystem.setCount(concepts.size());
    return codeSystem;
  }
}
