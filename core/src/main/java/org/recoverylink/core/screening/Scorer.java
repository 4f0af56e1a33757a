package org.recoverylink.core.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.recoverylink.core.rules.FastRule;
import org.recoverylink.core.rules.Input;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.core.rules.Threshold;
import org.recoverylink.core.text.Quote;

/**
 * The engine of {@link Scoring}: validates responses against their instruments and scores them
 * under one {@link RuleSet}. Immutable and thread-safe. Package-private: it reads the
 * instruments' internals, which are not API.
 */
final class Scorer implements Scoring {

  /** FAST stage 1 (Hodgson 2002 [V] S7): question 1 "never" scores 0, "weekly" scores 3. */
  private static final int FAST_Q1_NEVER = 0;
  private static final int FAST_Q1_WEEKLY = 3;

  private final RuleSet ruleSet;

  Scorer(RuleSet ruleSet) {
    this.ruleSet = Objects.requireNonNull(ruleSet, "ruleSet");
  }

  RuleSet ruleSet() {
    return ruleSet;
  }

  @Override
  public Score score(Response response) {
    Objects.requireNonNull(response, "response");
    List<Problem> problems = new ArrayList<>(0);
    Score score = score(response, 0, problems);
    if (!problems.isEmpty()) {
      throw new InvalidResponseException(problems);
    }
    return score;
  }

  @Override
  public List<Score> scoreAll(List<Response> responses) {
    Objects.requireNonNull(responses, "responses");
    List<Problem> problems = new ArrayList<>(0);
    if (responses.isEmpty()) {
      problems.add(new Problem(ProblemCode.NO_RESPONSES, 0, "", Optional.empty(),
          OptionalInt.empty(), "no response was given to assess"));
    }
    Score[] scores = new Score[responses.size()];
    Score audit = null;
    boolean auditCGiven = false;
    for (int i = 0; i < scores.length; i++) {
      Response response = Objects.requireNonNull(responses.get(i), "response");
      for (int j = 0; j < i; j++) {
        if (responses.get(j).instrumentId().equals(response.instrumentId())) {
          problems.add(new Problem(ProblemCode.DUPLICATE_INSTRUMENT, i, response.instrumentId(),
              Optional.empty(), OptionalInt.empty(), response.instrumentId()
                  + " was already answered by response " + j + "; assess each separately"));
          break;
        }
      }
      Score score = score(response, i, problems);
      scores[i] = score;
      if (score != null) {
        audit = score.instrument() == Instruments.AUDIT ? score : audit;
        auditCGiven |= score.instrument() == Instruments.AUDIT_C;
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidResponseException(problems);
    }
    if (audit == null || auditCGiven) {
      return List.of(scores);
    }
    if (scores.length == 1) {
      return List.of(audit, auditCFrom(audit)); // the usual case: no array to copy
    }
    Score[] withAuditC = new Score[scores.length + 1];
    for (int i = 0, j = 0; i < scores.length; i++) {
      withAuditC[j++] = scores[i];
      if (scores[i] == audit) {
        withAuditC[j++] = auditCFrom(audit);
      }
    }
    return List.of(withAuditC);
  }

  /**
   * The AUDIT-C score contained in a full AUDIT (its questions 1-3 are AUDIT-C), so that a
   * practice records both scores from one form.
   *
   * @throws IllegalArgumentException when {@code audit} is not an AUDIT score
   */
  Score auditCFrom(Score audit) {
    if (audit.instrument() != Instruments.AUDIT) {
      throw new IllegalArgumentException("not an AUDIT score: " + audit.instrumentId());
    }
    Instrument auditC = Instruments.AUDIT_C;
    AnswerOption[] chosen = new AnswerOption[auditC.items().size()];
    int total = 0;
    for (int i = 0; i < chosen.length; i++) {
      // Same questions and scales (points are unique within an item): same points, same answer.
      chosen[i] = auditC.optionWithPointsOrNull(i, audit.answers().get(i).points());
      total += chosen[i].points();
    }
    Band band = ((Banding.Ranges) auditC.banding()).rangeOf(total).band();
    // Evidence: the AUDIT itself, i.e. the inputs that placed it in its zone.
    return new Score(auditC, new AnswerList(chosen), total, band, new Rationale(
        ScoringRules.AUDIT_C_FROM_AUDIT, ruleSet.version(), audit.rationale().inputs()));
  }

  /** Scores a response, or adds its problems to {@code problems} and returns null. */
  private Score score(Response response, int index, List<Problem> problems) {
    String instrumentId = response.instrumentId();
    Instrument instrument = Instruments.findOrNull(instrumentId);
    if (instrument == null) {
      problems.add(new Problem(ProblemCode.UNKNOWN_INSTRUMENT, index, instrumentId,
          Optional.empty(), OptionalInt.empty(), Quote.of(instrumentId)
              + " is not a known instrument; known: " + Instruments.all()));
      return null;
    }
    int before = problems.size();
    List<Item> items = instrument.items();
    AnswerOption[] chosen = new AnswerOption[items.size()];
    long answered = 0L;
    List<Answer> answers = response.answers();
    for (int a = 0; a < answers.size(); a++) {
      Answer answer = answers.get(a);
      Item item = instrument.itemOrNull(answer.itemId(), a);
      if (item == null) {
        problems.add(problem(ProblemCode.UNKNOWN_ITEM, index, instrument, answer.itemId(), a,
            Quote.of(answer.itemId()) + " is not an item of " + instrumentId));
        continue;
      }
      long bit = 1L << (item.number() - 1);
      if ((answered & bit) != 0) {
        problems.add(problem(ProblemCode.DUPLICATE_ANSWER, index, instrument, item.id(), a,
            item.id() + " is answered more than once"));
        continue;
      }
      answered |= bit;
      AnswerOption option = option(item, answer, index, a, instrument, problems);
      if (option != null) {
        chosen[item.number() - 1] = option;
      }
    }
    for (Item item : items) {
      if ((answered & (1L << (item.number() - 1))) == 0 && required(instrument, item, chosen)) {
        problems.add(problem(ProblemCode.MISSING_ITEM, index, instrument, item.id(), -1,
            item.id() + " is not answered: \"" + item.text() + "\""));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return instrument.banding() instanceof Banding.FastTwoStage ? fast(instrument, chosen)
        : banded(instrument, chosen);
  }

  private static AnswerOption option(Item item, Answer answer, int index, int a,
      Instrument instrument, List<Problem> problems) {
    if (answer instanceof Answer.Choice choice) {
      AnswerOption option = instrument.optionOrNull(item.number() - 1, choice.optionCode());
      if (option == null) {
        problems.add(problem(ProblemCode.OPTION_NOT_ALLOWED, index, instrument, item.id(), a,
            Quote.of(choice.optionCode()) + " is not an answer to " + item.id() + "; allowed: "
                + item.options().stream().map(AnswerOption::code).toList()));
      }
      return option;
    }
    int points = ((Answer.Points) answer).points();
    AnswerOption option = instrument.optionWithPointsOrNull(item.number() - 1, points);
    if (option == null) {
      problems.add(problem(ProblemCode.POINTS_NOT_ALLOWED, index, instrument, item.id(), a,
          points + " points is not an answer to " + item.id() + "; allowed: "
              + item.options().stream().map(AnswerOption::points).toList()));
    }
    return option;
  }

  /** Every item is required, except FAST questions 2-4 once question 1 has decided. */
  private static boolean required(Instrument instrument, Item item, AnswerOption[] chosen) {
    if (!(instrument.banding() instanceof Banding.FastTwoStage) || item.number() == 1) {
      return true;
    }
    AnswerOption q1 = chosen[0];
    return q1 != null && q1.points() != FAST_Q1_NEVER && q1.points() < FAST_Q1_WEEKLY;
  }

  private Score banded(Instrument instrument, AnswerOption[] chosen) {
    int total = 0;
    for (AnswerOption option : chosen) {
      total += option.points();
    }
    List<AnswerOption> answers = new AnswerList(chosen);
    Banding banding = instrument.banding();
    if (banding instanceof Banding.Ranges ranges) {
      Band band = ranges.rangeOf(total).band();
      return new Score(instrument, answers, total, band, new Rationale(ranges.rule(),
          ruleSet.version(), List.of(new Input.Total(instrument.id(), total, band.code()))));
    }
    Banding.Cutoff cutoff = (Banding.Cutoff) banding;
    int threshold = ruleSet.threshold(cutoff.threshold());
    Band band = total >= threshold ? Band.POSITIVE : Band.NEGATIVE;
    return new Score(instrument, answers, total, band, new Rationale(cutoff.rule(),
        ruleSet.version(), List.of(new Input.Total(instrument.id(), total, band.code()),
            new Input.ThresholdValue(cutoff.threshold(), threshold))));
  }

  private Score fast(Instrument instrument, AnswerOption[] chosen) {
    List<AnswerOption> answers = new ArrayList<>(chosen.length);
    int total = 0;
    for (AnswerOption option : chosen) {
      if (option != null) {
        answers.add(option);
        total += option.points();
      }
    }
    AnswerOption q1 = chosen[0];
    Input q1Input = new Input.ItemPoints(instrument.id(), q1.itemId(), q1.points());
    if (q1.points() == FAST_Q1_NEVER) {
      return new Score(instrument, answers, total, Band.NEGATIVE, new Rationale(
          ScoringRules.FAST_STAGE_1_NEVER, ruleSet.version(), List.of(q1Input)));
    }
    if (q1.points() >= FAST_Q1_WEEKLY) {
      return new Score(instrument, answers, total, Band.POSITIVE, new Rationale(
          ScoringRules.FAST_STAGE_1_WEEKLY_OR_MORE, ruleSet.version(), List.of(q1Input)));
    }
    int threshold = ruleSet.threshold(Threshold.FAST_POSITIVE);
    Input thresholdInput = new Input.ThresholdValue(Threshold.FAST_POSITIVE, threshold);
    if (ruleSet.fastRule() == FastRule.TOTAL_OF_ALL_FOUR) {
      Band band = total >= threshold ? Band.POSITIVE : Band.NEGATIVE;
      return new Score(instrument, answers, total, band, new Rationale(
          ScoringRules.FAST_STAGE_2_TOTAL, ruleSet.version(),
          List.of(new Input.Total(instrument.id(), total, band.code()), thresholdInput)));
    }
    Band band = total - q1.points() >= threshold ? Band.POSITIVE : Band.NEGATIVE;
    List<Input> inputs = new ArrayList<>(4);
    for (int i = 1; i < chosen.length; i++) {
      inputs.add(new Input.ItemPoints(instrument.id(), chosen[i].itemId(), chosen[i].points()));
    }
    inputs.add(thresholdInput);
    return new Score(instrument, answers, total, band,
        new Rationale(ScoringRules.FAST_STAGE_2_Q2_TO_Q4, ruleSet.version(), inputs));
  }

  private static Problem problem(ProblemCode code, int index, Instrument instrument,
      String itemId, int answerIndex, String message) {
    return new Problem(code, index, instrument.id(), Optional.of(itemId),
        answerIndex < 0 ? OptionalInt.empty() : OptionalInt.of(answerIndex), message);
  }
}
