package org.recoverylink.fhir.terminology;

import java.util.List;
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
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.rules.KnownCondition;

/**
 * RecoveryLink's own code systems, generated from the core enums that define them, so the codes
 * in FHIR and in core can never drift apart.
 */
public final class CodeSystems {

  private CodeSystems() {
  }

  /** The base of every RecoveryLink CodeSystem url. */
  public static final String BASE = "https://recoverylink.org/fhir/CodeSystem/";

  public static final String SUBSTANCE = BASE + "substance";
  public static final String CIRCUMSTANCE = BASE + "circumstance";
  public static final String REFERRAL_SOURCE = BASE + "referral-source";
  public static final String SERVICE_KIND = BASE + "service-kind";
  public static final String ACCESS = BASE + "access";
  public static final String FLAG = BASE + "flag";
  public static final String ACTION = BASE + "action";
  public static final String KNOWN_CONDITION = BASE + "known-condition";

  /** The version of the code systems; codes are only ever added. */
  public static final String VERSION = "0.1.0";

  /** Every RecoveryLink CodeSystem resource. */
  public static List<CodeSystem> all() {
    return List.of(
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
            "Conditions the screening rules take into account.", KnownCondition.class));
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

  private static <E extends Enum<E> & Coded> CodeSystem codeSystem(String url, String name,
      String description, Class<E> type) {
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
    for (E constant : type.getEnumConstants()) {
      codeSystem.addConcept().setCode(constant.code()).setDisplay(constant.display());
    }
    codeSystem.setCount(type.getEnumConstants().length);
    return codeSystem;
  }
}
