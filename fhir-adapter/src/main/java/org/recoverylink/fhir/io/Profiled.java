package org.recoverylink.fhir.io;

import org.hl7.fhir.r4.model.Resource;

/**
 * The urls of RecoveryLink's profiles, and the one way a writer declares that what it wrote
 * conforms to one ({@code meta.profile}). The profiles themselves are built in the conformance
 * package from these urls.
 */
public final class Profiled {

  private static final String BASE = Extensions.BASE + "StructureDefinition/";

  /** An OST prescription (shared care): {@code MedicationRequest}. */
  public static final String OST_PRESCRIPTION = BASE + "ost-medicationrequest";
  /** A supply, or a dose not supplied, against an OST prescription: {@code MedicationDispense}. */
  public static final String OST_DISPENSE = BASE + "ost-medicationdispense";
  /** A needle and syringe programme visit: {@code Encounter}. */
  public static final String NSP_VISIT = BASE + "nsp-visit";
  /** An item handed out at an NSP visit: {@code SupplyDelivery}. */
  public static final String NSP_SUPPLY = BASE + "nsp-supply";
  /** Advice given at an NSP visit: {@code Procedure}. */
  public static final String NSP_ADVICE = BASE + "nsp-advice";
  /** A take-home naloxone supply: {@code MedicationDispense}. */
  public static final String NALOXONE_SUPPLY = BASE + "naloxone-supply";
  /** Training given with a naloxone supply: {@code Procedure}. */
  public static final String NALOXONE_TRAINING = BASE + "naloxone-training";
  /** A harm-reduction fact recorded by code (injecting, returns, offers, a kit used). */
  public static final String HARM_REDUCTION_OBSERVATION = BASE + "harm-reduction-observation";
  /** A referral: {@code ServiceRequest}. */
  public static final String REFERRAL = BASE + "referral-servicerequest";
  /** The Task that tracks a referral's delivery and the receiving service's answer. */
  public static final String REFERRAL_TASK = BASE + "referral-task";
  /** A screening instrument's total score and band: {@code Observation}. */
  public static final String SCREENING_SCORE = BASE + "screening-score";
  /** A flag raised by the screening rules: {@code Flag}. */
  public static final String SCREENING_FLAG = BASE + "screening-flag";
  /** That the rules ran, and what they advised: {@code GuidanceResponse}. */
  public static final String SCREENING_GUIDANCE = BASE + "screening-guidance";
  /** The advised steps: {@code RequestGroup}. */
  public static final String SCREENING_ADVICE = BASE + "screening-advice";
  /** An organisation's ODS code: {@code Identifier}. */
  public static final String ODS_CODE = BASE + "ods-code";
  /** A needle-exchange client's code, given at the counter: {@code Identifier}. */
  public static final String CLIENT_CODE = BASE + "nsp-client-code";
  /** An id the caller makes for what it records, a UUID: {@code string}. */
  public static final String CALLER_UUID = BASE + "caller-uuid";
  /** The Parameters of {@code $route}: each parameter by name, type and cardinality. */
  public static final String ROUTE_PARAMETERS = BASE + "route-parameters";
  /** The Parameters of {@code $prescriber-review}. */
  public static final String PRESCRIBER_REVIEW_PARAMETERS = BASE
      + "prescriber-review-parameters";
  /** The Parameters of {@code $nsp-transaction}, with the rules across its parameters. */
  public static final String NSP_TRANSACTION_PARAMETERS = BASE + "nsp-transaction-parameters";
  /** The Parameters of {@code $naloxone-supply}. */
  public static final String NALOXONE_SUPPLY_PARAMETERS = BASE + "naloxone-supply-parameters";
  /** A commissioner's activity report: {@code MeasureReport}. */
  public static final String ACTIVITY_REPORT = BASE + "activity-report";

  private Profiled() {
  }

  /** {@code resource}, declared to conform to {@code profile} (once, however often asked). */
  public static <T extends Resource> T as(String profile, T resource) {
    if (!resource.getMeta().hasProfile(profile)) {
      resource.getMeta().addProfile(profile);
    }
    return resource;
  }
}
