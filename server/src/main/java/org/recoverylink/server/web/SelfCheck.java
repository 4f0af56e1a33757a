package org.recoverylink.server.web;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Flag;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Item;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;

/**
 * The drinking self-check: AUDIT-C, then the rest of the AUDIT when AUDIT-C is positive, scored
 * by the same {@link Assessor} (the server's rule set) that {@code $assess} uses, so a band here
 * is the band a clinician's system would get for the same answers. Stores nothing.
 */
public final class SelfCheck {

  /** AUDIT-C is the AUDIT's first three questions. */
  public static final int AUDIT_C_QUESTIONS = Instruments.AUDIT_C.items().size();

  /** The NHS's page on alcohol units. */
  private static final String UNITS =
      "https://www.nhs.uk/live-well/alcohol-advice/calculating-alcohol-units/";

  private final Assessor assessor;

  public SelfCheck(Assessor assessor) {
    this.assessor = Objects.requireNonNull(assessor, "assessor");
  }

  /**
   * A self-check's result.
   *
   * @param instrument {@code audit-c} or {@code audit}
   * @param flags      what the assessment raised, e.g. possible dependence
   */
  public record Result(String instrument, int total, Band band, List<FlagCode> flags) {

    public Result {
      flags = List.copyOf(flags);
    }

    /** AUDIT-C at or above the increasing-risk score (5): the full AUDIT comes next. */
    public boolean auditCPositive() {
      return instrument.equals(Instruments.AUDIT_C.id()) && !band.equals(Band.LOWER_RISK);
    }
  }

  /** The questions, in order: the AUDIT's ten. */
  public List<Item> questions() {
    return Instruments.AUDIT.items();
  }

  /**
   * Scores the answers given so far: AUDIT-C for three, the AUDIT for ten.
   *
   * @param optionCodes the chosen option's code for each question, in order
   * @throws IllegalArgumentException for another number of answers or an unknown option
   */
  public Result score(List<String> optionCodes) {
    Instrument instrument = switch (optionCodes.size()) {
      case 3 -> Instruments.AUDIT_C;
      case 10 -> Instruments.AUDIT;
      default -> throw new IllegalArgumentException("the self-check scores 3 or 10 answers");
    };
    Response.Builder response = Response.builder(instrument.id());
    for (int i = 0; i < optionCodes.size(); i++) {
      response.choose(instrument.items().get(i).id(), optionCodes.get(i));
    }
    Assessment assessment = assessor.assess(List.of(response.build()), Set.of());
    Score score = assessment.score(instrument.id()).orElseThrow();
    return new Result(instrument.id(), score.total(), score.band(),
        assessment.flags().stream().map(Flag::code).toList());
  }

  /**
   * What a result means, in plain English: the paragraphs for its band, the UK Chief Medical
   * Officers' low-risk guideline (14 units a week) and, for possible dependence, the warning
   * not to stop suddenly.
   */
  public static List<View.Section> feedback(Result result) {
    String scored = "You scored " + result.total() + " out of "
        + (result.instrument().equals("audit") ? 40 : 12) + " on the "
        + (result.instrument().equals("audit") ? "AUDIT" : "AUDIT-C") + " questions.";
    View.Section guideline = new View.Section("inset", "The low-risk drinking guideline",
        List.of("To keep health risks low, the UK Chief Medical Officers advise men and women"
            + " not to drink more than 14 units a week on a regular basis, spread over 3 or"
            + " more days, with several drink-free days each week.",
            "A pint of ordinary-strength beer or lager is about 2 units. A 175 ml glass of wine"
            + " is about 2 units. A single 25 ml measure of spirits is 1 unit."),
        List.of(new View.Link(UNITS, "NHS: calculating alcohol units")));
    if (result.band().equals(Band.LOWER_RISK)) {
      return List.of(new View.Section("text", "", List.of(scored, "Your drinking is at lower"
          + " risk of harming your health. Keeping within the guideline below keeps it that"
          + " way."), List.of()), guideline);
    }
    if (result.band().equals(Band.INCREASING_RISK)) {
      return List.of(new View.Section("text", "", List.of(scored, "Your drinking is at"
          + " increasing risk: drinking like this over time raises your risk of illnesses such"
          + " as high blood pressure, liver disease and some cancers.", "Cutting down even a"
          + " little helps: have drink-free days, choose smaller or lower-strength drinks, and"
          + " keep track of your units."), List.of()), guideline, offer());
    }
    if (result.band().equals(Band.HIGHER_RISK)) {
      return List.of(new View.Section("text", "", List.of(scored, "Your drinking is at higher"
          + " risk: it is likely to be harming your health already, whether or not you can"
          + " feel it.", "Free, confidential help to cut down is available in Essex, and you"
          + " can refer yourself."), List.of()), guideline, offer());
    }
    return List.of(new View.Section("text", "", List.of(scored, "Your answers suggest you may"
        + " be dependent on alcohol. Free, confidential help is available, and you can refer"
        + " yourself."), List.of()),
        new View.Section("warning", "Do not stop drinking suddenly", List.of("If you drink"
            + " every day, stopping suddenly can be dangerous: it can cause shaking, sweating,"
            + " seeing things that are not there and seizures (fits).", "Talk to your GP or a"
            + " drug and alcohol service before you stop or cut down a lot. They can help you"
            + " do it safely."), List.of()), guideline, offer());
  }

  private static View.Section offer() {
    return new View.Section("text", "Get help with your drinking", List.of("A local service"
        + " can help you cut down or stop. If you refer yourself, your answers here go with"
        + " the referral, so you do not have to tell your story twice."), List.of());
  }
}
