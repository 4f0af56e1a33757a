package org.recoverylink.core.screening;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.recoverylink.core.rules.Threshold;

/**
 * The built-in instruments, with UK wording. Item LOINC codes are those of the LOINC panels
 * (S6 for AUDIT and AUDIT-C, S8 for PHQ and GAD); items without a LOINC code carry none rather
 * than a guessed one. Look-ups by id or code return {@link Optional}; {@link #require(String)}
 * throws for an unknown id.
 */
public final class Instruments {

  private Instruments() {
  }

  // Answer scales. Each entry is {code, UK wording}; the points are given per item below.

  private static final String[][] DRINKING_FREQUENCY = {
      {"never", "Never"}, {"monthly-or-less", "Monthly or less"},
      {"2-4-times-a-month", "2 to 4 times per month"},
      {"2-3-times-a-week", "2 to 3 times per week"},
      {"4-or-more-times-a-week", "4 or more times per week"}};

  private static final String[][] UNITS_ON_A_TYPICAL_DAY = {
      {"0-2", "0 to 2"}, {"3-4", "3 to 4"}, {"5-6", "5 to 6"}, {"7-9", "7 to 9"},
      {"10-or-more", "10 or more"}};

  private static final String[][] HOW_OFTEN = {
      {"never", "Never"}, {"less-than-monthly", "Less than monthly"}, {"monthly", "Monthly"},
      {"weekly", "Weekly"}, {"daily-or-almost-daily", "Daily or almost daily"}};

  private static final String[][] EVER_IN_THE_LAST_YEAR = {
      {"no", "No"}, {"yes-not-in-last-year", "Yes, but not in the last year"},
      {"yes-in-last-year", "Yes, during the last year"}};

  /** FAST question 4 as published by the HDA (2002): asked of the last year only. */
  private static final String[][] HOW_MANY_OCCASIONS = {
      {"no", "No"}, {"yes-once", "Yes, on one occasion"},
      {"yes-more-than-once", "Yes, on more than one occasion"}};

  private static final String[][] HOW_MANY_DAYS = {
      {"not-at-all", "Not at all"}, {"several-days", "Several days"},
      {"more-than-half-the-days", "More than half the days"},
      {"nearly-every-day", "Nearly every day"}};

  private static final String[][] YES_NO = {{"yes", "Yes"}, {"no", "No"}};

  private static final int[] ZERO_TO_FOUR = {0, 1, 2, 3, 4};
  private static final int[] ZERO_TWO_FOUR = {0, 2, 4};
  private static final int[] ZERO_TO_THREE = {0, 1, 2, 3};
  private static final int[] YES_SCORES = {1, 0};
  private static final int[] NO_SCORES = {0, 1};

  // UK wording of the AUDIT questions (PHE/OHID IBA form, S3); AUDIT-C is questions 1-3.

  private static final String Q_HOW_OFTEN_DRINK =
      "How often do you have a drink containing alcohol?";
  private static final String Q_UNITS =
      "How many units of alcohol do you drink on a typical day when you are drinking?";
  private static final String Q_SIX_OR_EIGHT = "How often have you had 6 or more units if female,"
      + " or 8 or more if male, on a single occasion in the last year?";
  private static final String Q_UNABLE_TO_REMEMBER = "How often during the last year have you"
      + " been unable to remember what happened the night before because you had been drinking?";
  private static final String Q_FAILED_EXPECTED = "How often during the last year have you failed"
      + " to do what was normally expected from you because of your drinking?";

  /** AUDIT, 10 items, 0-40 (WHO, Babor et al. 2001 [V] S1; UK wording [P] S3; LOINC [V] S6). */
  public static final Instrument AUDIT = new Instrument("audit",
      "Alcohol Use Disorders Identification Test (AUDIT)",
      "Questions about your drinking. One unit is half a pint of ordinary beer, a single (25 ml)"
          + " measure of spirits or half a standard (175 ml) glass of wine.",
      "72110-0", "75624-7", null,
      items("audit",
          item("68518-0", Q_HOW_OFTEN_DRINK, DRINKING_FREQUENCY, ZERO_TO_FOUR),
          item("68519-8", Q_UNITS, UNITS_ON_A_TYPICAL_DAY, ZERO_TO_FOUR),
          item("68520-6", Q_SIX_OR_EIGHT, HOW_OFTEN, ZERO_TO_FOUR),
          item("97734-8", "How often during the last year have you found that you were not able"
              + " to stop drinking once you had started?", HOW_OFTEN, ZERO_TO_FOUR),
          item("97735-5", Q_FAILED_EXPECTED, HOW_OFTEN, ZERO_TO_FOUR),
          item("97736-3", "How often during the last year have you needed an alcoholic drink in"
              + " the morning to get yourself going after a heavy drinking session?",
              HOW_OFTEN, ZERO_TO_FOUR),
          item("97737-1", "How often during the last year have you had a feeling of guilt or"
              + " remorse after drinking?", HOW_OFTEN, ZERO_TO_FOUR),
          item("97738-9", Q_UNABLE_TO_REMEMBER, HOW_OFTEN, ZERO_TO_FOUR),
          item("97739-7", "Have you or somebody else been injured as a result of your drinking?",
              EVER_IN_THE_LAST_YEAR, ZERO_TWO_FOUR),
          item("97740-5", "Has a relative or friend, doctor or other health worker been concerned"
              + " about your drinking or suggested that you cut down?",
              EVER_IN_THE_LAST_YEAR, ZERO_TWO_FOUR)),
      new Banding.Ranges(ScoringRules.AUDIT_ZONES, List.of(
          new BandRange(Band.LOWER_RISK, 0, 7), new BandRange(Band.INCREASING_RISK, 8, 15),
          new BandRange(Band.HIGHER_RISK, 16, 19),
          new BandRange(Band.POSSIBLE_DEPENDENCE, 20, 40))),
      "WHO AUDIT (Babor, Higgins-Biddle, Saunders, Monteiro, 2nd ed. 2001), public domain;"
          + " UK wording from the PHE/OHID IBA form");

  /**
   * AUDIT-C (UK), AUDIT questions 1-3, 0-12. SNOMED CT 763256006 is the code UK GP systems write
   * for the AUDIT-C score ([V/P] S11).
   */
  public static final Instrument AUDIT_C = new Instrument("audit-c",
      "Alcohol Use Disorders Identification Test - Consumption (AUDIT-C)",
      AUDIT.recall(), "72109-2", "75626-2", "763256006",
      items("audit-c",
          item("68518-0", Q_HOW_OFTEN_DRINK, DRINKING_FREQUENCY, ZERO_TO_FOUR),
          item("68519-8", Q_UNITS, UNITS_ON_A_TYPICAL_DAY, ZERO_TO_FOUR),
          item("68520-6", Q_SIX_OR_EIGHT, HOW_OFTEN, ZERO_TO_FOUR)),
      new Banding.Ranges(ScoringRules.AUDIT_C_BANDS, List.of(
          new BandRange(Band.LOWER_RISK, 0, 4), new BandRange(Band.INCREASING_RISK, 5, 7),
          new BandRange(Band.HIGHER_RISK, 8, 10),
          new BandRange(Band.POSSIBLE_DEPENDENCE, 11, 12))),
      "AUDIT-C, UK version of the PHE/OHID IBA form (units; 6 if female, 8 if male)");

  /** FAST, 4 items, 0-16, two-stage rule (Hodgson et al. 2002 [V] S7; no LOINC codes). */
  public static final Instrument FAST = new Instrument("fast",
      "Fast Alcohol Screening Test (FAST)",
      AUDIT.recall(), null, null, null,
      items("fast",
          item(null, Q_SIX_OR_EIGHT, HOW_OFTEN, ZERO_TO_FOUR),
          item(null, Q_UNABLE_TO_REMEMBER, HOW_OFTEN, ZERO_TO_FOUR),
          item(null, "How often during the last year have you failed to do what was normally"
              + " expected of you because of drinking?", HOW_OFTEN, ZERO_TO_FOUR),
          item(null, "In the last year, has a relative or friend, doctor or other health worker"
              + " been concerned about your drinking or suggested that you cut down?",
              HOW_MANY_OCCASIONS, ZERO_TWO_FOUR)),
      new Banding.FastTwoStage(ScoringRules.FAST_TWO_STAGE),
      "Hodgson R et al. The FAST Alcohol Screening Test. Alcohol & Alcoholism 2002;37(1):61-66;"
          + " HDA Manual for the FAST (2002); question order of the original paper");

  private static final String PHQ_STEM =
      "Over the last 2 weeks, how often have you been bothered by any of the following problems?";

  private static final Item.Template PHQ_ITEM_1 = item("44250-9",
      "Little interest or pleasure in doing things", HOW_MANY_DAYS, ZERO_TO_THREE);
  private static final Item.Template PHQ_ITEM_2 = item("44255-8",
      "Feeling down, depressed, or hopeless", HOW_MANY_DAYS, ZERO_TO_THREE);

  /** PHQ-9, 9 items, 0-27 (Kroenke, Spitzer, Williams 2001; LOINC [V] S8). */
  public static final Instrument PHQ_9 = new Instrument("phq-9",
      "Patient Health Questionnaire (PHQ-9)", PHQ_STEM, "44249-1", "44261-6", null,
      items("phq-9", PHQ_ITEM_1, PHQ_ITEM_2,
          item("44259-0", "Trouble falling or staying asleep, or sleeping too much",
              HOW_MANY_DAYS, ZERO_TO_THREE),
          item("44254-1", "Feeling tired or having little energy", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("44251-7", "Poor appetite or overeating", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("44258-2", "Feeling bad about yourself, or that you are a failure or have let"
              + " yourself or your family down", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("44252-5", "Trouble concentrating on things, such as reading the newspaper or"
              + " watching television", HOW_MANY_DAYS, ZERO_TO_THREE),
          // 44253-3: the reference saw this code truncated ([P]); it is the PHQ-9 panel's item 8.
          item("44253-3", "Moving or speaking so slowly that other people could have noticed,"
              + " or the opposite: being so fidgety or restless that you have been moving"
              + " around a lot more than usual", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("44260-8", "Thoughts that you would be better off dead, or of hurting yourself"
              + " in some way", HOW_MANY_DAYS, ZERO_TO_THREE)),
      new Banding.Ranges(ScoringRules.PHQ_9_SEVERITY, List.of(
          new BandRange(Band.NONE_MINIMAL, 0, 4), new BandRange(Band.MILD, 5, 9),
          new BandRange(Band.MODERATE, 10, 14), new BandRange(Band.MODERATELY_SEVERE, 15, 19),
          new BandRange(Band.SEVERE, 20, 27))),
      "PHQ-9, Kroenke K, Spitzer RL, Williams JB 2001; free to reproduce");

  /** PHQ-2, PHQ-9 items 1-2, 0-6, positive at the configured cut-off (default 3). */
  public static final Instrument PHQ_2 = new Instrument("phq-2",
      "Patient Health Questionnaire (PHQ-2)", PHQ_STEM, "55757-9", "55758-7", null,
      items("phq-2", PHQ_ITEM_1, PHQ_ITEM_2),
      new Banding.Cutoff(ScoringRules.PHQ_2_CUTOFF, Threshold.PHQ_2_POSITIVE),
      "PHQ-2, Kroenke K, Spitzer RL, Williams JB 2003; free to reproduce");

  private static final String GAD_STEM =
      "Over the last 2 weeks, how often have you been bothered by the following problems?";

  private static final Item.Template GAD_ITEM_1 = item("69725-0",
      "Feeling nervous, anxious or on edge", HOW_MANY_DAYS, ZERO_TO_THREE);
  private static final Item.Template GAD_ITEM_2 = item("68509-9",
      "Not being able to stop or control worrying", HOW_MANY_DAYS, ZERO_TO_THREE);

  /** GAD-7, 7 items, 0-21 (Spitzer et al. 2006; items and total [V] S8, panel 69737-5 [P]). */
  public static final Instrument GAD_7 = new Instrument("gad-7",
      "Generalised Anxiety Disorder Assessment (GAD-7)", GAD_STEM, "69737-5", "70274-6", null,
      items("gad-7", GAD_ITEM_1, GAD_ITEM_2,
          item("69733-4", "Worrying too much about different things", HOW_MANY_DAYS,
              ZERO_TO_THREE),
          item("69734-2", "Trouble relaxing", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("69735-9", "Being so restless that it is hard to sit still", HOW_MANY_DAYS,
              ZERO_TO_THREE),
          item("69689-8", "Becoming easily annoyed or irritable", HOW_MANY_DAYS, ZERO_TO_THREE),
          item("69736-7", "Feeling afraid as if something awful might happen", HOW_MANY_DAYS,
              ZERO_TO_THREE)),
      new Banding.Ranges(ScoringRules.GAD_7_SEVERITY, List.of(
          new BandRange(Band.MINIMAL, 0, 4), new BandRange(Band.MILD, 5, 9),
          new BandRange(Band.MODERATE, 10, 14), new BandRange(Band.SEVERE, 15, 21))),
      "GAD-7, Spitzer RL, Kroenke K, Williams JB, Lowe B 2006; free to reproduce");

  /** GAD-2, GAD-7 items 1-2, 0-6; no LOINC total was verified, so none is given [U] S8. */
  public static final Instrument GAD_2 = new Instrument("gad-2",
      "Generalised Anxiety Disorder Assessment (GAD-2)", GAD_STEM, null, null, null,
      items("gad-2", GAD_ITEM_1, GAD_ITEM_2),
      new Banding.Cutoff(ScoringRules.GAD_2_CUTOFF, Threshold.GAD_2_POSITIVE),
      "GAD-2, Kroenke K et al. 2007; free to reproduce");

  /**
   * DAST-10, 10 yes/no items, 0-10; question 3 is reverse scored ("no" scores 1) [P] S9. LOINC
   * panel and total [V] S9; item codes were not verified, so items carry none.
   */
  public static final Instrument DAST_10 = new Instrument("dast-10",
      "Drug Abuse Screening Test (DAST-10)",
      "These questions refer to the past 12 months. \"Drug use\" means the use of prescribed or"
          + " over-the-counter drugs in excess of the directions, and any non-medical use of"
          + " drugs. It does not include alcohol or tobacco.",
      "82666-9", "82667-7", null,
      items("dast-10",
          item(null, "Have you used drugs other than those required for medical reasons?",
              YES_NO, YES_SCORES),
          item(null, "Do you use more than one drug at a time?", YES_NO, YES_SCORES),
          item(null, "Are you always able to stop using drugs when you want to?",
              YES_NO, NO_SCORES),
          item(null, "Have you had blackouts or flashbacks as a result of drug use?",
              YES_NO, YES_SCORES),
          item(null, "Do you ever feel bad or guilty about your drug use?", YES_NO, YES_SCORES),
          item(null, "Does your partner (or do your parents) ever complain about your"
              + " involvement with drugs?", YES_NO, YES_SCORES),
          item(null, "Have you neglected your family because of your use of drugs?",
              YES_NO, YES_SCORES),
          item(null, "Have you engaged in illegal activities in order to obtain drugs?",
              YES_NO, YES_SCORES),
          item(null, "Have you ever experienced withdrawal symptoms (felt sick) when you stopped"
              + " taking drugs?", YES_NO, YES_SCORES),
          item(null, "Have you had medical problems as a result of your drug use (for example"
              + " memory loss, hepatitis, convulsions, bleeding)?", YES_NO, YES_SCORES)),
      new Banding.Ranges(ScoringRules.DAST_10_LEVELS, List.of(
          new BandRange(Band.NONE, 0, 0), new BandRange(Band.LOW, 1, 2),
          new BandRange(Band.MODERATE, 3, 5), new BandRange(Band.SUBSTANTIAL, 6, 8),
          new BandRange(Band.SEVERE, 9, 10))),
      "DAST-10, Skinner HA 1982, (c) Harvey A. Skinner and CAMH; levels from NIDA");

  private static final List<Instrument> ALL =
      List.of(AUDIT, AUDIT_C, FAST, PHQ_9, PHQ_2, GAD_7, GAD_2, DAST_10);

  private static final Map<String, Instrument> BY_ID = byId();
  private static final Map<String, Instrument> BY_PANEL = index(Instrument::panelCode);
  private static final Map<String, Instrument> BY_TOTAL = index(Instrument::totalCode);
  private static final Map<String, List<Instrument>> WITH_ITEM = withItem();

  /** Every built-in instrument, in a stable order. */
  public static List<Instrument> all() {
    return ALL;
  }

  /** The instrument with this id, e.g. {@code phq-9}. */
  public static Optional<Instrument> find(String id) {
    return Optional.ofNullable(BY_ID.get(id));
  }

  /**
   * The instrument with this id.
   *
   * @throws IllegalArgumentException naming the unknown id and the known ones
   */
  public static Instrument require(String id) {
    Instrument instrument = BY_ID.get(id);
    if (instrument == null) {
      throw new IllegalArgumentException("no instrument '" + id + "'; known: " + ALL);
    }
    return instrument;
  }

  /** The instrument whose LOINC panel code this is, e.g. {@code 72110-0}. */
  public static Optional<Instrument> findByPanelCode(String loincCode) {
    return Optional.ofNullable(BY_PANEL.get(loincCode));
  }

  /** The instrument whose LOINC total-score code this is, e.g. {@code 75624-7}. */
  public static Optional<Instrument> findByTotalCode(String loincCode) {
    return Optional.ofNullable(BY_TOTAL.get(loincCode));
  }

  /**
   * The instruments that have an item with this LOINC code or this item id (e.g.
   * {@code fast-1}), in catalogue order. Several can: AUDIT-C, PHQ-2 and GAD-2 reuse the first
   * items of AUDIT, PHQ-9 and GAD-7.
   */
  public static List<Instrument> withItem(String codeOrId) {
    return WITH_ITEM.getOrDefault(codeOrId, List.of());
  }

  static Instrument findOrNull(String id) {
    return BY_ID.get(id);
  }

  private static Map<String, Instrument> index(
      Function<Instrument, Optional<String>> code) {
    Map<String, Instrument> map = new HashMap<>();
    for (Instrument instrument : ALL) {
      code.apply(instrument).ifPresent(c -> map.put(c, instrument));
    }
    return map;
  }

  private static Map<String, List<Instrument>> withItem() {
    Map<String, List<Instrument>> map = new HashMap<>();
    for (Instrument instrument : ALL) {
      for (Item item : instrument.items()) {
        map.computeIfAbsent(item.id(), k -> new ArrayList<>()).add(instrument);
        item.code().ifPresent(code -> map.computeIfAbsent(code, k -> new ArrayList<>())
            .add(instrument));
      }
    }
    map.replaceAll((key, instruments) -> List.copyOf(instruments));
    return map;
  }

  private static Map<String, Instrument> byId() {
    Map<String, Instrument> map = new HashMap<>(); // private and never changed after this
    for (Instrument instrument : ALL) {
      map.put(instrument.id(), instrument);
    }
    return map;
  }

  private static Item.Template item(String loincCode, String text, String[][] scale,
      int[] points) {
    return new Item.Template(loincCode, text, scale, points);
  }

  private static List<Item> items(String instrumentId, Item.Template... templates) {
    List<Item> items = new ArrayList<>(templates.length);
    for (int i = 0; i < templates.length; i++) {
      items.add(templates[i].toItem(instrumentId, i + 1));
    }
    return items;
  }
}
