package org.recoverylink.fhir.terminology;

import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeSystem;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.naloxone.UseReport;
import org.recoverylink.core.pharmacy.nsp.Advice;
import org.recoverylink.core.pharmacy.nsp.InjectedSubstance;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.Offers;

/**
 * The code and identifier systems of needle exchange and take-home naloxone. No verified SNOMED
 * CT concept exists for an NSP supply or a naloxone supply (clinical reference 6.2), so the
 * events are coded in RecoveryLink's own {@link #EVENT} system; the one SNOMED CT concept used is
 * the naloxone substance, {@value #SNOMED_NALOXONE}. Each code system but {@link #EVENT} is
 * generated from the core enum that defines it.
 */
public final class HarmReductionCodes {

  private HarmReductionCodes() {
  }

  /** SNOMED CT 372890007 Naloxone (substance), clinical reference 6.2. */
  public static final String SNOMED_NALOXONE = "372890007";

  /** The base of RecoveryLink's identifier systems. */
  public static final String ID_BASE = "https://recoverylink.org/fhir/Id/";
  /**
   * A client's code as given at the counter, e.g. {@code JS-19900314-M} (core's ClientCode):
   * read from the pharmacy, never stored or answered by the server.
   */
  public static final String CLIENT_CODE = ID_BASE + "nsp-client-code";
  /**
   * A client's pseudonym: the keyed hash of the client code that the server stores and answers
   * (core's ClientPseudonym), the same for every visit of one client to one deployment.
   */
  public static final String CLIENT_PSEUDONYM = ID_BASE + "nsp-client-pseudonym";
  /** The caller's UUID of a needle exchange transaction. */
  public static final String NSP_TRANSACTION_ID = ID_BASE + "nsp-transaction";
  /** The caller's UUID of a take-home naloxone supply. */
  public static final String NALOXONE_SUPPLY_ID = ID_BASE + "naloxone-supply";

  public static final String ITEM = CodeSystems.BASE + "nsp-item";
  public static final String LEVEL = CodeSystems.BASE + "nsp-level";
  public static final String INJECTED_SUBSTANCE = CodeSystems.BASE + "injected-substance";
  public static final String ADVICE = CodeSystems.BASE + "nsp-advice";
  public static final String OFFER_OUTCOME = CodeSystems.BASE + "offer-outcome";
  public static final String RECIPIENT = CodeSystems.BASE + "naloxone-recipient";
  public static final String PRODUCT = CodeSystems.BASE + "naloxone-product";
  public static final String REASON = CodeSystems.BASE + "naloxone-reason";
  public static final String TRAINING = CodeSystems.BASE + "naloxone-training";
  public static final String OVERDOSE_OUTCOME = CodeSystems.BASE + "overdose-outcome";
  /** What the standard resources record: the events, observations and offers. */
  public static final String EVENT = CodeSystems.BASE + "harm-reduction";

  /** The {@link #EVENT} codes. */
  public static final String NSP_VISIT = "nsp-visit";
  public static final String INJECTS = "injected-substance";
  public static final String RETURNS = "equipment-returned";
  public static final String SHARPS_BINS_RETURNED = "sharps-bins-returned";
  public static final String LOOSE_RETURNED = "loose-equipment-returned";
  public static final String OFFER_BBV_TESTING = "offer-bbv-testing";
  public static final String OFFER_HBV_VACCINATION = "offer-hbv-vaccination";
  public static final String OFFER_TREATMENT_REFERRAL = "offer-treatment-referral";
  public static final String OFFER_NALOXONE = "offer-naloxone";
  public static final String NALOXONE_SUPPLY = "naloxone-supply";
  public static final String NALOXONE_USED = "naloxone-used";
  public static final String DATE_USED = "date-used";
  public static final String AMBULANCE_CALLED = "ambulance-called";
  public static final String OVERDOSE_OUTCOME_CODE = "overdose-outcome";

  private static final Map<String, String> EVENTS = Map.ofEntries(
      Map.entry(NSP_VISIT, "Needle and syringe programme visit"),
      Map.entry(INJECTS, "Substance the client says they inject"),
      Map.entry(RETURNS, "Used injecting equipment returned"),
      Map.entry(SHARPS_BINS_RETURNED, "Sharps bins returned"),
      Map.entry(LOOSE_RETURNED, "Used equipment returned loose"),
      Map.entry(OFFER_BBV_TESTING, "Blood-borne virus testing offered"),
      Map.entry(OFFER_HBV_VACCINATION, "Hepatitis B vaccination offered"),
      Map.entry(OFFER_TREATMENT_REFERRAL, "Referral to drug treatment offered"),
      Map.entry(OFFER_NALOXONE, "Take-home naloxone offered"),
      Map.entry(NALOXONE_SUPPLY, "Take-home naloxone supply"),
      Map.entry(NALOXONE_USED, "Take-home naloxone used on an overdose"),
      Map.entry(DATE_USED, "Day the naloxone was used"),
      Map.entry(AMBULANCE_CALLED, "Ambulance called"),
      Map.entry(OVERDOSE_OUTCOME_CODE, "What happened to the person who overdosed"));

  /** The display of an {@link #EVENT} code. */
  public static String display(String eventCode) {
    return EVENTS.get(eventCode);
  }

  /** Every code system above, for the validator and the terminology. */
  public static List<CodeSystem> codeSystems() {
    return List.of(
        CodeSystems.codeSystem(ITEM, "NspItem", "What a needle and syringe programme gives.",
            ItemKind.class),
        CodeSystems.codeSystem(LEVEL, "NspLevel", "Levels of needle and syringe programme"
            + " (NICE PH52).", NspLevel.class),
        CodeSystems.codeSystem(INJECTED_SUBSTANCE, "InjectedSubstance",
            "What a client says they inject.", InjectedSubstance.class),
        CodeSystems.codeSystem(ADVICE, "NspAdvice", "Harm-reduction advice given on a visit.",
            Advice.class),
        CodeSystems.codeSystem(OFFER_OUTCOME, "OfferOutcome", "What came of an offer.",
            Offers.Outcome.class),
        CodeSystems.codeSystem(RECIPIENT, "NaloxoneRecipient", "Who took take-home naloxone.",
            NaloxoneSupply.Recipient.class),
        CodeSystems.codeSystem(PRODUCT, "NaloxoneProduct", "Kinds of take-home naloxone kit.",
            NaloxoneSupply.Product.class),
        CodeSystems.codeSystem(REASON, "NaloxoneReason", "Why take-home naloxone was supplied.",
            NaloxoneSupply.Reason.class),
        CodeSystems.codeSystem(TRAINING, "NaloxoneTraining", "What naloxone training covered.",
            NaloxoneSupply.Training.class),
        CodeSystems.codeSystem(OVERDOSE_OUTCOME, "OverdoseOutcome", "What happened to a person"
            + " given take-home naloxone on an overdose.", UseReport.Outcome.class),
        CodeSystems.codeSystem(EVENT, "HarmReduction", "Needle exchange and take-home naloxone"
            + " events, for which no SNOMED CT concept was found.",
            new java.util.TreeMap<>(EVENTS)));
  }
}
