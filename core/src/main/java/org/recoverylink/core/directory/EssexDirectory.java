package org.recoverylink.core.directory;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Essex drug and alcohol treatment and recovery system as the seed documents describe it
 * (the 2022 Essex needs assessment and Essex Recovery Foundation articles). Demonstration data
 * for the real county: no endpoints, phone numbers or ODS codes are known, so none are given. A
 * deployment replaces the whole directory with its own.
 */
public final class EssexDirectory {

  private EssexDirectory() {
  }

  static final String NORTH = "North";
  static final String MID = "Mid";
  static final String SOUTH = "South";
  static final String WEST = "West";

  static final String COLCHESTER = "E07000071";
  static final String TENDRING = "E07000076";
  static final String CHELMSFORD = "E07000070";
  static final String BRAINTREE = "E07000067";
  static final String MALDON = "E07000074";
  static final String BASILDON = "E07000066";
  static final String BRENTWOOD = "E07000068";
  static final String CASTLE_POINT = "E07000069";
  static final String ROCHFORD = "E07000075";
  static final String HARLOW = "E07000073";
  static final String EPPING_FOREST = "E07000072";
  static final String UTTLESFORD = "E07000077";
  static final String SOUTHEND = "E06000033";
  static final String THURROCK = "E06000034";

  private static final Directory DIRECTORY = build();

  /**
   * The Essex directory, version {@code essex-directory|2022.1.0} (the needs assessment's year).
   */
  public static Directory directory() {
    return DIRECTORY;
  }

  private static Geography essex() {
    List<District> districts = List.of(
        new District(COLCHESTER, "Colchester", NORTH, true),
        new District(TENDRING, "Tendring", NORTH, true),
        new District(CHELMSFORD, "Chelmsford", MID, true),
        new District(BRAINTREE, "Braintree", MID, true),
        new District(MALDON, "Maldon", MID, true),
        new District(BASILDON, "Basildon", SOUTH, true),
        new District(BRENTWOOD, "Brentwood", SOUTH, true),
        new District(CASTLE_POINT, "Castle Point", SOUTH, true),
        new District(ROCHFORD, "Rochford", SOUTH, true),
        new District(HARLOW, "Harlow", WEST, true),
        new District(EPPING_FOREST, "Epping Forest", WEST, true),
        new District(UTTLESFORD, "Uttlesford", WEST, true),
        // Unitary authorities with their own commissioned services: known, not covered.
        new District(SOUTHEND, "Southend-on-Sea", "", false),
        new District(THURROCK, "Thurrock", "", false));
    Map<String, String> outward = new java.util.HashMap<>();
    put(outward, CHELMSFORD, "CM1", "CM2", "CM3", "CM4");
    put(outward, BRAINTREE, "CM7", "CM77", "CM8", "CO9");
    put(outward, MALDON, "CM0", "CM9");
    put(outward, COLCHESTER, "CO1", "CO2", "CO3", "CO4", "CO5", "CO6");
    put(outward, TENDRING, "CO7", "CO11", "CO12", "CO13", "CO14", "CO15", "CO16");
    put(outward, BASILDON, "CM11", "CM12", "SS11", "SS12", "SS13", "SS14", "SS15", "SS16");
    put(outward, BRENTWOOD, "CM13", "CM14", "CM15");
    put(outward, CASTLE_POINT, "SS7", "SS8");
    put(outward, ROCHFORD, "SS4", "SS5", "SS6");
    put(outward, HARLOW, "CM17", "CM18", "CM19", "CM20");
    put(outward, EPPING_FOREST, "CM5", "CM16", "IG10", "EN9");
    put(outward, UTTLESFORD, "CB10", "CB11", "CM6", "CM22", "CM23", "CM24");
    put(outward, SOUTHEND, "SS0", "SS1", "SS2", "SS3", "SS9");
    put(outward, THURROCK, "RM14", "RM15", "RM16", "RM17", "RM18", "RM19", "RM20", "SS17");
    return new Geography("Essex", districts, outward);
  }

  private static void put(Map<String, String> table, String district, String... outwardCodes) {
    for (String code : outwardCodes) {
      table.put(code, district);
    }
  }

  private static Directory build() {
    Organisation openRoad = org("open-road", "Open Road");
    Organisation phoenix = org("phoenix-futures", "Phoenix Futures");
    Organisation eput = org("eput", "Essex Partnership University NHS Foundation Trust (EPUT)");
    Organisation eypdas = org("eypdas", "Essex Young People's Drug and Alcohol Service");
    Organisation sharp = org("sharp", "SHARP (Self-Help Addiction Recovery Programme)");
    Organisation fim = org("futures-in-mind", "Futures in Mind");
    Organisation erf = org("essex-recovery-foundation", "Essex Recovery Foundation");
    Organisation crystal = org("crystal-centre", "The Crystal Centre");

    Set<Substance> drugs = EnumSet.complementOf(EnumSet.of(Substance.ALCOHOL));
    Eligibility adults = Eligibility.anyone().ages(18, Eligibility.NO_MAX_AGE);

    Directory.Builder builder = Directory.builder("essex-directory", "2022.1.0", essex())
        .service(service("open-road-single-point-of-contact",
            "Open Road single point of contact", openRoad,
            EnumSet.of(ServiceKind.SINGLE_POINT_OF_CONTACT), Eligibility.anyone(),
            Coverage.whole(),
            "County-wide single point of contact for the 'no wrong door' all-age approach,"
                + " with The Children's Society"));
    for (String[] quadrant : new String[][] {
        {NORTH, "north"}, {MID, "mid"}, {SOUTH, "south"}, {WEST, "west"}}) {
      builder.service(service("open-road-" + quadrant[1], "Open Road " + quadrant[0] + " Essex",
          openRoad, EnumSet.of(ServiceKind.TREATMENT, ServiceKind.NEEDLE_EXCHANGE),
          adults.substances(drugs).circumstances(
              EnumSet.of(Circumstance.CRIMINAL_JUSTICE, Circumstance.INJECTING)),
          Coverage.areas(quadrant[0]),
          "Adult drug treatment, including non-opiates; needle exchange; criminal-justice"
              + " workers in each area; IPS employment support"));
    }
    return builder
        .service(service("phoenix-futures-alcohol", "Phoenix Futures adult alcohol service",
            phoenix, EnumSet.of(ServiceKind.TREATMENT),
            adults.substances(EnumSet.of(Substance.ALCOHOL)).circumstances(
                EnumSet.of(Circumstance.CRIMINAL_JUSTICE, Circumstance.PRISON_RELEASE)),
            Coverage.whole(),
            "Adult alcohol treatment (ARC, e.g. Harlow; Billericay site); criminal-justice"
                + " service with Forward Trust for prison leavers"))
        .service(service("stars", "STaRS Specialist Treatment and Recovery Service", eput,
            EnumSet.of(ServiceKind.PRESCRIBING),
            adults.substances(EnumSet.of(Substance.OPIOIDS))
                .circumstances(EnumSet.of(Circumstance.PRISON_RELEASE)),
            Coverage.whole(),
            "Opioid substitution treatment assessment and prescribing clinics (Clacton, Harlow);"
                + " community detox nursing"))
        .service(service("eypdas", "Essex Young People's Drug and Alcohol Service (EYPDAS)",
            eypdas, EnumSet.of(ServiceKind.YOUNG_PEOPLE),
            Eligibility.anyone().ages(0, 24)
                .circumstances(EnumSet.of(Circumstance.AFFECTED_FAMILY_MEMBER)),
            Coverage.whole(),
            "Under-18s and their families, even when the young person does not engage;"
                + " specialist response for 18-24 year olds; Project NOVICE diversion in"
                + " Basildon"))
        .service(dualDiagnosis(eput, NORTH, "north"))
        .service(dualDiagnosis(eput, MID, "mid"))
        .service(dualDiagnosis(eput, SOUTH, "south"))
        .service(dualDiagnosis(eput, WEST, "west"))
        .service(service("sharp", "SHARP community rehabilitation", sharp,
            EnumSet.of(ServiceKind.REHABILITATION), adults, Coverage.whole(),
            "Community rehabilitation in Braintree, 9 weeks, 5-6 days a week, for people ready"
                + " for abstinence-based recovery"))
        .service(service("futures-in-mind", "Futures in Mind peer mentoring", fim,
            EnumSet.of(ServiceKind.PEER_RECOVERY), adults, Coverage.areas(MID),
            "Peer mentoring and a peer mentor course in Chelmsford"))
        .service(recoverySpace(erf, "chelmsford", "Chelmsford",
            Coverage.districts(CHELMSFORD, BRAINTREE, MALDON), "peer-led"))
        .service(recoverySpace(erf, "basildon", "Basildon",
            Coverage.districts(BASILDON, BRENTWOOD), "family-centred"))
        .service(recoverySpace(erf, "colchester", "Colchester",
            Coverage.districts(COLCHESTER, TENDRING), "student and alcohol focus"))
        .service(recoverySpace(erf, "harlow", "Harlow",
            Coverage.districts(HARLOW, EPPING_FOREST, UTTLESFORD), "peer-led"))
        .service(recoverySpace(erf, "rayleigh", "Rayleigh",
            Coverage.districts(ROCHFORD, CASTLE_POINT), "peer-led"))
        .service(recoverySpace(erf, "thurrock", "Thurrock",
            Coverage.districts(THURROCK), "employment focus"))
        .service(service("ne-essex-medicines-pilot",
            "North East Essex prescribed and over-the-counter medicines pilot", openRoad,
            EnumSet.of(ServiceKind.TREATMENT),
            adults.substances(EnumSet.of(Substance.PRESCRIBED_OR_OTC_MEDICINES)),
            Coverage.areas(NORTH),
            "Dependence on prescribed or over-the-counter medicines: Open Road, EPUT, IAPT and"
                + " the pain team"))
        .service(service("topaz-ward", "Topaz Ward inpatient detox, Broomfield Hospital", eput,
            EnumSet.of(ServiceKind.DETOX),
            adults.access(Access.SPECIALIST_DECISION_ONLY), Coverage.whole(),
            "4-bed inpatient medically managed detox (regional consortium)"))
        .service(service("crystal-centre", "The Crystal Centre inpatient detox, Chelmsford",
            crystal, EnumSet.of(ServiceKind.DETOX),
            adults.access(Access.SPECIALIST_DECISION_ONLY), Coverage.whole(),
            "Inpatient drug and alcohol detox"))
        .build();
  }

  private static Service dualDiagnosis(Organisation eput, String quadrant, String id) {
    // NICE NG58 covers people aged 14 and over.
    return service("eput-dual-diagnosis-" + id, "EPUT dual diagnosis worker, " + quadrant
            + " Essex", eput, EnumSet.of(ServiceKind.DUAL_DIAGNOSIS),
        Eligibility.anyone().ages(14, Eligibility.NO_MAX_AGE), Coverage.areas(quadrant),
        "One dual diagnosis worker per quadrant; limited capacity");
  }

  private static Service recoverySpace(Organisation erf, String id, String place,
      Coverage coverage, String focus) {
    return service("erf-" + id, "Essex Recovery Foundation recovery space, " + place, erf,
        EnumSet.of(ServiceKind.PEER_RECOVERY), Eligibility.anyone(), coverage,
        "Peer-led visible recovery space, " + focus + "; people in recovery and their"
            + " families");
  }

  private static Organisation org(String id, String name) {
    return new Organisation(id, name, Optional.empty());
  }

  private static Service service(String id, String name, Organisation provider,
      Set<ServiceKind> kinds, Eligibility eligibility, Coverage coverage, String description) {
    return new Service(id, name, provider, kinds, eligibility, coverage, Optional.empty(),
        description);
  }
}
