package org.recoverylink.server.report;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeSystem;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.Offers;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.server.report.ActivityMeasure.Breakdown;
import org.recoverylink.server.report.ActivityMeasure.Count;
import org.recoverylink.server.report.ActivityMeasure.Indicator;
import org.recoverylink.server.report.ActivityMeasure.Same;
import org.recoverylink.server.report.ActivityMeasure.Score;
import org.recoverylink.server.report.ActivityMeasure.Value;

/**
 * The four activity reports of the reporting issue. Each indicator's definition says exactly
 * what is counted: that text is published in the Measure, so a commissioner reads the same rule
 * the query applies.
 */
public final class Measures {

  /** The version of these definitions: a report names the version that produced it. */
  public static final String VERSION = "2026.1.0";
  public static final String URL_BASE = "https://recoverylink.org/fhir/Measure/";
  /** Indicator, breakdown and outcome codes of the reports. */
  public static final String REPORT = CodeSystems.BASE + "report";
  /** The instruments by their ids, e.g. {@code audit-c}. */
  public static final String INSTRUMENT = CodeSystems.BASE + "instrument";

  static final String DELIVERED = "delivered";
  static final String DECLINED = "declined";

  private static final Breakdown OUTCOME = new Breakdown("outcome", "Outcome",
      Optional.of(REPORT), List.of(new Value(DELIVERED, "Delivered"),
          new Value(DECLINED, "Declined by the person")), true);

  public static final ActivityMeasure IBA = new ActivityMeasure("iba-activity", "IbaActivity",
      "Identification and brief advice (IBA) activity",
      "Alcohol and mental health screening in primary care and pharmacies, the brief"
          + " interventions that followed, and the referrals made after screening. Screenings"
          + " count by when they were assessed, interventions by when they were delivered or"
          + " declined, referrals by when they were made.",
      List.of(
          Indicator.count("screenings", "Screenings", "Completed screening responses scored by"
              + " $assess (status completed or amended), by instrument. A response sent again"
              + " with the same identifier or id counts once. A full AUDIT counts once, as an"
              + " AUDIT: the AUDIT-C score read off it is part of it.",
              new Breakdown("instrument", "Instrument", Optional.of(INSTRUMENT),
                  Instruments.all().stream().map(i -> new Value(i.id(), i.title())).toList(),
                  true)),
          Indicator.count("audit-c-positive", "AUDIT-C positive", "AUDIT-C screenings scoring"
              + " 5 or more, the UK threshold at which the full AUDIT is asked (PHE/Alcohol"
              + " Learning Centre AUDIT-C form): any band but lower risk."),
          Indicator.count("full-audit", "Full AUDITs by band", "Full AUDIT screenings by risk"
              + " band: 0-7 lower risk, 8-15 increasing risk, 16-19 higher risk, 20-40 possible"
              + " dependence (UK forms derived from PHE's, the same cut-offs as WHO's zones).",
              new Breakdown("band", "Risk band", Optional.of(CodeSystems.RISK_BAND), values(
                  Band.LOWER_RISK, Band.INCREASING_RISK, Band.HIGHER_RISK,
                  Band.POSSIBLE_DEPENDENCE), true)),
          Indicator.count("brief-advice", "Brief advice", "Brief interventions recorded"
              + " (Procedure, SNOMED CT 366371000000105): delivered (completed) or declined"
              + " (not-done).", OUTCOME),
          Indicator.count("extended-intervention", "Extended brief interventions", "Extended"
              + " interventions recorded (Procedure, SNOMED CT 366421000000103): delivered"
              + " (completed) or declined (not-done).", OUTCOME),
          Indicator.count("referrals-after-screening", "Referrals after screening",
              "Referrals made through the hub that carried a screening score (a contained"
                  + " Observation coded with an instrument's total score).")),
      List.of(new Same(Count.of("screenings", "instrument", "audit"), Count.of("full-audit"),
          "the screenings by instrument count the full AUDITs under audit")));

  public static final ActivityMeasure HARM_REDUCTION = new ActivityMeasure(
      "harm-reduction-activity", "HarmReductionActivity", "Harm reduction activity",
      "Needle and syringe programme (NSP) transactions and take-home naloxone supplied by"
          + " pharmacies, by the day they happened at the pharmacy. Clients are known only by"
          + " their pseudonymous client code.",
      List.of(
          Indicator.count("nsp-transactions", "NSP transactions", "Needle and syringe"
              + " programme transactions, by level of service.",
              new Breakdown("level", "Level", Optional.of(HarmReductionCodes.LEVEL),
                  values(NspLevel.values()), true)),
          Indicator.count("nsp-clients", "NSP clients", "Distinct clients among the period's"
              + " transactions, by the pseudonym (keyed hash) of their client code."),
          Indicator.count("nsp-items-out", "Items given out", "Items given out at NSP"
              + " transactions (packs, loose syringes, needles, paraphernalia, sharps bins),"
              + " by kind.", new Breakdown("item", "Kind of item",
                  Optional.of(HarmReductionCodes.ITEM), values(ItemKind.values()), true)),
          Indicator.scored("nsp-returns", "Transactions with returns", "Transactions at which"
              + " used equipment came back (sharps bins or loose). The score is the return"
              + " rate: the percentage of all transactions with a return.",
              new Score("%", "percent", "transactions with a return, per 100 transactions",
                  Optional.of("nsp-transactions"))),
          offers("bbv-testing-offers", "Blood-borne virus testing offers", "blood-borne virus"
              + " testing"),
          offers("hbv-vaccination-offers", "Hepatitis B vaccination offers", "hepatitis B"
              + " vaccination"),
          offers("treatment-referral-offers", "Treatment referral offers", "referral to drug"
              + " treatment"),
          offers("naloxone-offers", "Naloxone offers", "take-home naloxone"),
          Indicator.count("naloxone-kits", "Naloxone kits supplied", "Take-home naloxone kits"
              + " supplied, by who took them.", new Breakdown("recipient", "Recipient",
                  Optional.of(HarmReductionCodes.RECIPIENT),
                  values(NaloxoneSupply.Recipient.values()), true)),
          Indicator.count("naloxone-used", "Kits reported used", "Supplies that replaced a"
              + " kit reported used on an overdose.")),
      List.of());

  public static final ActivityMeasure REFERRALS = new ActivityMeasure("referral-activity",
      "ReferralActivity", "Referral activity",
      "Referrals made through the hub in the period, by when they were made, with what has"
          + " become of them by the time of the report.",
      List.of(
          Indicator.count("referrals", "Referrals", "Referrals made, by source (the referrer's"
                  + " role), destination (the first service sent to), substance named and"
                  + " flag raised by the assessment, and for an agency's referral through the"
                  + " public pages by the agency's kind. A referral naming two substances"
                  + " counts under each.",
              // Source and destination: one each. Referrals taken in before the hub recorded
              // them have neither; taking them to add up anyway only hides more.
              new Breakdown("source", "Source", Optional.of(CodeSystems.REFERRAL_SOURCE),
                  List.of(new Value("gp", "GP practice"), new Value("pharmacy", "Pharmacy")),
                  true),
              new Breakdown("destination", "Destination", Optional.empty(), List.of(), true),
              new Breakdown("substance", "Substance", Optional.of(CodeSystems.SUBSTANCE),
                  values(Substance.values()), false),
              new Breakdown("flag", "Flag", Optional.of(CodeSystems.FLAG),
                  values(FlagCode.values()), false),
              // Only agencies' referrals through the public pages have a kind (police,
              // probation, fire-service, housing, social-care, peer-outreach, other-agency):
              // the source code groups several kinds (criminal-justice, other).
              new Breakdown("agency", "Agency", Optional.empty(), List.of(), false)),
          Indicator.count("referrals-accepted", "Accepted", "Referrals a service accepted."),
          Indicator.count("referrals-rejected", "Rejected", "Referrals rejected by at least"
              + " one service."),
          Indicator.count("referrals-rerouted", "Re-routed", "Referrals the hub sent on to"
              + " another service after a rejection."),
          Indicator.scored("days-to-acceptance-median", "Days to acceptance, median",
              "Accepted referrals; the score is the median time from the referral to its"
                  + " acceptance, in days (interpolated, as PERCENTILE.INC).",
              new Score("d", "days", "median days from referral to acceptance",
                  Optional.empty())),
          Indicator.scored("days-to-acceptance-90th", "Days to acceptance, 90th percentile",
              "Accepted referrals; the score is the 90th percentile of the time from the"
                  + " referral to its acceptance, in days (interpolated, as PERCENTILE.INC).",
              new Score("d", "days", "90th percentile of days from referral to acceptance",
                  Optional.empty())),
          Indicator.count("referrals-escalated", "Escalated", "Referrals a service left"
              + " neither accepted nor declined past its number of working days, so that the"
              + " hub escalated them to the service's lead (each counted once, whatever became"
              + " of it after)."),
          Indicator.count("delivery-failures", "Delivery failures", "Deliveries to a"
              + " provider's system that failed for good (rejected by it, or still failing at"
              + " the hub's maximum age).")),
      List.of(new Same(Count.of("referrals-accepted"), Count.of("days-to-acceptance-median"),
              "the median is over the accepted referrals"),
          new Same(Count.of("referrals-accepted"), Count.of("days-to-acceptance-90th"),
              "the 90th percentile is over the accepted referrals")));

  public static final ActivityMeasure OST = new ActivityMeasure("ost-activity", "OstActivity",
      "Shared-care opioid substitution treatment (OST) activity",
      "What happened at pharmacy counters under shared-care OST, by the day it happened.",
      List.of(
          Indicator.count("supervised-doses", "Supervised doses", "Supplies whose dose for the"
              + " day was taken under the pharmacist's supervision."),
          Indicator.count("missed-days", "Missed days", "Days a dose was due and not collected."),
          Indicator.count("missed-day-alerts", "Missed-day alerts", "Notifications to the"
              + " prescriber after consecutive missed days (the missed-doses rule of the"
              + " uk-ost rule set), by the day they were raised; one per run of missed days."),
          Indicator.count("withheld-doses", "Withheld doses", "Doses due and withheld at the"
              + " counter: after missed days, with the person intoxicated, or outside the"
              + " prescription's dates."),
          Indicator.count("supplies-against-withhold", "Supplies against a withhold",
              "Supplies recorded on a day doses were withheld pending the prescriber's review"
                  + " after consecutive missed days (the missed-doses rule of the uk-ost rule"
                  + " set): kept as what happened, the withhold still standing. A supervised"
                  + " one is among the supervised doses too.")),
      List.of());

  public static final List<ActivityMeasure> ALL = List.of(IBA, HARM_REDUCTION, REFERRALS, OST);

  private Measures() {
  }

  /** The report with this Measure id. */
  public static Optional<ActivityMeasure> byId(String id) {
    return ALL.stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /** The codes of the reports: indicators, breakdowns and outcomes, with their titles. */
  public static Map<String, String> reportCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    for (ActivityMeasure measure : ALL) {
      for (Indicator indicator : measure.indicators()) {
        codes.put(indicator.code(), indicator.title());
        indicator.breakdowns().forEach(b -> codes.putIfAbsent(b.code(), b.title()));
      }
    }
    OUTCOME.values().forEach(v -> codes.put(v.code(), v.display()));
    return codes;
  }

  /** The reports' own CodeSystems: their indicators and outcomes, and the instruments. */
  public static List<CodeSystem> codeSystems() {
    return List.of(CodeSystems.codeSystem(REPORT, "Report", "The indicators, breakdowns and"
        + " outcomes of the activity reports.", reportCodes()),
        CodeSystems.codeSystem(INSTRUMENT, "Instrument", "The screening instruments, by id.",
            instrumentCodes()));
  }

  /** The instruments' ids and titles. */
  public static Map<String, String> instrumentCodes() {
    Map<String, String> codes = new LinkedHashMap<>();
    Instruments.all().forEach(i -> codes.put(i.id(), i.title()));
    return codes;
  }

  private static Indicator offers(String code, String title, String what) {
    return Indicator.count(code, title, "Transactions at which " + what + " was offered, by"
        + " what came of the offer (not counted: not offered, or already in place).",
        new Breakdown("offer-outcome", "Outcome", Optional.of(HarmReductionCodes.OFFER_OUTCOME),
            values(Offers.Outcome.ACCEPTED, Offers.Outcome.DECLINED), true));
  }

  private static List<Value> values(Coded... values) {
    return Arrays.stream(values).map(v -> new Value(v.code(), v.display())).toList();
  }

  private static List<Value> values(Band... bands) {
    return Arrays.stream(bands).map(b -> new Value(b.code(), b.display())).toList();
  }
}
