package org.recoverylink.core.assessment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.recoverylink.core.rules.Input;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.core.rules.Threshold;
import org.recoverylink.core.screening.Band;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Score;

/** Applies the advice and flag rules to one set of valid scores; used once, then discarded. */
final class Evaluation {

  private static final ActionCode[] ACTIONS = ActionCode.values();
  private static final int FLAG_CODES = FlagCode.values().length;
  private static final Input[] CONDITION_INPUTS = conditionInputs();

  private final RuleSet ruleSet;
  private final List<Score> scores;
  private final Set<KnownCondition> conditions;
  /** The diagnoses each condition was found by, where it came from the record. */
  private final Map<KnownCondition, List<RecordedCondition>> recorded;
  private final Advice[] advice = new Advice[ACTIONS.length]; // by ActionCode ordinal
  private Flag[] flags; // by FlagCode ordinal, so they come out most urgent first

  /**
   * @param conditions every known condition, stated or recorded
   * @param recorded   the record's diagnoses behind a condition (empty: all were stated)
   */
  Evaluation(RuleSet ruleSet, List<Score> scores, Set<KnownCondition> conditions,
      Map<KnownCondition, List<RecordedCondition>> recorded) {
    this.ruleSet = ruleSet;
    this.scores = scores;
    this.conditions = conditions;
    this.recorded = recorded;
  }

  Assessment run() {
    alcohol();
    moodAndAnxiety();
    drugs();
    coOccurrence();
    return new Assessment(scores, compact(advice), flags == null ? List.of() : compact(flags),
        conditions, ruleSet.version());
  }

  /** The non-null entries, in order, as an immutable list; up to three need no array. */
  private static <T> List<T> compact(T[] slots) {
    T first = null;
    T second = null;
    T third = null;
    int count = 0;
    for (T slot : slots) {
      if (slot != null) {
        switch (count++) {
          case 0 -> first = slot;
          case 1 -> second = slot;
          case 2 -> third = slot;
          default -> {
            return Arrays.stream(slots).filter(Objects::nonNull).toList();
          }
        }
      }
    }
    return switch (count) {
      case 0 -> List.of();
      case 1 -> List.of(first);
      case 2 -> List.of(first, second);
      default -> List.of(first, second, third);
    };
  }

  private static Input[] conditionInputs() {
    KnownCondition[] all = KnownCondition.values();
    Input[] inputs = new Input[all.length];
    for (KnownCondition condition : all) {
      inputs[condition.ordinal()] = new Input.Condition(condition);
    }
    return inputs;
  }

  /** OHID 2023 ch. 3: the full AUDIT decides; without one, AUDIT-C and FAST screen for it. */
  private void alcohol() {
    Score audit = score(Instruments.AUDIT);
    if (audit != null) {
      // The inputs that placed the AUDIT in its zone are the evidence for every rule below.
      List<Input> total = audit.rationale().inputs();
      Band band = audit.band();
      if (band.equals(Band.LOWER_RISK)) {
        advise(ActionCode.POSITIVE_FEEDBACK, IbaRules.AUDIT_LOWER_RISK, total);
      } else if (band.equals(Band.INCREASING_RISK)) {
        advise(ActionCode.BRIEF_ADVICE, IbaRules.AUDIT_INCREASING_RISK, total);
      } else if (band.equals(Band.HIGHER_RISK)) {
        advise(ActionCode.BRIEF_ADVICE, IbaRules.AUDIT_HIGHER_RISK, total);
        advise(ActionCode.EXTENDED_BRIEF_INTERVENTION, IbaRules.AUDIT_HIGHER_RISK_EXTENDED, total);
        if (conditions.contains(KnownCondition.ALCOHOL_RELATED_CONDITION)) {
          List<Input> withCondition =
              List.of(total.get(0), condition(KnownCondition.ALCOHOL_RELATED_CONDITION));
          advise(ActionCode.REFER_SPECIALIST_ALCOHOL_ASSESSMENT,
              IbaRules.AUDIT_HIGHER_RISK_WITH_CONDITION, withCondition);
          flag(FlagCode.HIGHER_RISK_WITH_HARM, IbaRules.HIGHER_RISK_WITH_HARM, withCondition);
        }
      } else if (band.equals(Band.POSSIBLE_DEPENDENCE)) {
        advise(ActionCode.REFER_SPECIALIST_ALCOHOL_ASSESSMENT, IbaRules.AUDIT_POSSIBLE_DEPENDENCE,
            total);
        flag(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE, IbaRules.POSSIBLE_ALCOHOL_DEPENDENCE, total);
      }
      return;
    }
    Score auditC = score(Instruments.AUDIT_C);
    Score fast = score(Instruments.FAST);
    boolean auditCPositive = auditC != null
        && auditC.total() >= ruleSet.threshold(Threshold.AUDIT_C_POSITIVE);
    boolean fastPositive = fast != null && fast.band().equals(Band.POSITIVE);
    boolean anyPositive = auditCPositive || fastPositive;
    if (auditC != null && auditCPositive == anyPositive) {
      advise(anyPositive ? ActionCode.COMPLETE_FULL_AUDIT : ActionCode.POSITIVE_FEEDBACK,
          anyPositive ? IbaRules.AUDIT_C_POSITIVE : IbaRules.AUDIT_C_NEGATIVE,
          List.of(total(auditC), threshold(Threshold.AUDIT_C_POSITIVE)));
    }
    if (fast != null && fastPositive == anyPositive) {
      advise(anyPositive ? ActionCode.COMPLETE_FULL_AUDIT : ActionCode.POSITIVE_FEEDBACK,
          anyPositive ? IbaRules.FAST_POSITIVE : IbaRules.FAST_NEGATIVE, List.of(total(fast)));
    }
  }

  private void moodAndAnxiety() {
    Score phq9 = score(Instruments.PHQ_9);
    if (phq9 != null) {
      String item9 = Instruments.PHQ_9.items().get(8).id();
      int points = phq9.points(item9).orElse(0);
      int threshold = ruleSet.threshold(Threshold.URGENT_PHQ_9_ITEM_9);
      if (points >= threshold) {
        List<Input> inputs = List.of(new Input.ItemPoints(phq9.instrumentId(), item9, points),
            new Input.ThresholdValue(Threshold.URGENT_PHQ_9_ITEM_9, threshold));
        flag(FlagCode.URGENT_RISK, IbaRules.URGENT_RISK, inputs);
        advise(ActionCode.URGENT_CLINICIAN_RISK_REVIEW, new Rationale(IbaRules.URGENT_RISK,
            ruleSet.version(), inputs));
      }
    }
    Score phq2 = score(Instruments.PHQ_2);
    if (phq2 != null && phq9 == null && phq2.band().equals(Band.POSITIVE)) {
      advise(ActionCode.COMPLETE_PHQ_9, IbaRules.PHQ_2_POSITIVE, List.of(total(phq2)));
    }
    Score gad2 = score(Instruments.GAD_2);
    if (gad2 != null && score(Instruments.GAD_7) == null && gad2.band().equals(Band.POSITIVE)) {
      advise(ActionCode.COMPLETE_GAD_7, IbaRules.GAD_2_POSITIVE, List.of(total(gad2)));
    }
  }

  private void drugs() {
    Score dast = score(Instruments.DAST_10);
    if (dast != null && dast.total() >= ruleSet.threshold(Threshold.DAST_10_REFER)) {
      advise(ActionCode.REFER_DRUG_SERVICE, IbaRules.DAST_10_REFER,
          List.of(total(dast), threshold(Threshold.DAST_10_REFER)));
    }
  }

  /** Reference section 9.3: substance indicator (S) with a mental-health indicator (M). */
  private void coOccurrence() {
    List<Input> substance = substanceIndicators();
    if (substance.isEmpty()) {
      return;
    }
    if (conditions.contains(KnownCondition.SERIOUS_MENTAL_ILLNESS)) {
      List<Input> inputs = new ArrayList<>(substance.size() + 1);
      inputs.add(condition(KnownCondition.SERIOUS_MENTAL_ILLNESS));
      inputs.addAll(substance);
      flag(FlagCode.DUAL_DIAGNOSIS_SMI, IbaRules.DUAL_DIAGNOSIS_SMI, inputs);
      advise(ActionCode.REFER_MENTAL_HEALTH_ASSESSMENT,
          new Rationale(IbaRules.DUAL_DIAGNOSIS_SMI, ruleSet.version(), inputs));
      return; // the serious-mental-illness pathway covers the co-occurring one
    }
    List<Input> inputs = atOrAbove(null, score(Instruments.PHQ_9), Threshold.MENTAL_HEALTH_PHQ_9);
    inputs = atOrAbove(inputs, score(Instruments.GAD_7), Threshold.MENTAL_HEALTH_GAD_7);
    if (ruleSet.diagnosedCommonMentalDisorderCounts()
        && conditions.contains(KnownCondition.COMMON_MENTAL_DISORDER)) {
      inputs = inputs == null ? new ArrayList<>(1) : inputs;
      inputs.add(condition(KnownCondition.COMMON_MENTAL_DISORDER));
    }
    if (inputs != null) {
      inputs.addAll(substance);
      flag(FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE, IbaRules.CO_OCCURRING, inputs);
      advise(ActionCode.REFER_MENTAL_HEALTH_ASSESSMENT,
          new Rationale(IbaRules.CO_OCCURRING, ruleSet.version(), inputs));
    }
  }

  /** The substance indicators that hold, as inputs; empty (and not allocated) when none. */
  private List<Input> substanceIndicators() {
    Score audit = score(Instruments.AUDIT);
    List<Input> inputs = atOrAbove(null, audit, Threshold.SUBSTANCE_AUDIT);
    if (audit == null) {
      inputs = atOrAbove(inputs, score(Instruments.AUDIT_C), Threshold.SUBSTANCE_AUDIT_C);
    }
    inputs = atOrAbove(inputs, score(Instruments.DAST_10), Threshold.SUBSTANCE_DAST_10);
    if (conditions.contains(KnownCondition.SUBSTANCE_MISUSE)) {
      inputs = inputs == null ? new ArrayList<>(1) : inputs;
      inputs.add(condition(KnownCondition.SUBSTANCE_MISUSE));
    }
    return inputs == null ? List.of() : inputs;
  }

  /**
   * Adds the score and its threshold to {@code inputs} (created if null) when the score reaches
   * it; returns the list.
   */
  private List<Input> atOrAbove(List<Input> inputs, Score score, Threshold threshold) {
    if (score == null || score.total() < ruleSet.threshold(threshold)) {
      return inputs;
    }
    List<Input> list = inputs == null ? new ArrayList<>(4) : inputs;
    list.add(total(score));
    list.add(threshold(threshold));
    return list;
  }

  private Score score(Instrument instrument) {
    for (int i = 0; i < scores.size(); i++) {
      if (scores.get(i).instrument() == instrument) {
        return scores.get(i);
      }
    }
    return null;
  }

  private static Input total(Score score) {
    return new Input.Total(score.instrumentId(), score.total(), score.band().code());
  }

  private Input threshold(Threshold threshold) {
    return new Input.ThresholdValue(threshold, ruleSet.threshold(threshold));
  }

  private void advise(ActionCode action, Rule rule, List<Input> inputs) {
    advise(action, new Rationale(rule, ruleSet.version(), inputs));
  }

  /** A condition as a rule's input, naming the diagnoses it was found by. */
  private Input condition(KnownCondition condition) {
    List<RecordedCondition> found = recorded.get(condition);
    return found == null ? CONDITION_INPUTS[condition.ordinal()]
        : new Input.Condition(condition, found);
  }

  /** Records a step; a step advised by several rules is listed once with every reason. */
  private void advise(ActionCode action, Rationale rationale) {
    Advice existing = advice[action.ordinal()];
    List<Rationale> rationales = List.of(rationale);
    if (existing != null) {
      rationales = new ArrayList<>(existing.rationales());
      rationales.add(rationale);
    }
    advice[action.ordinal()] = new Advice(action, rationales);
  }

  private void flag(FlagCode code, Rule rule, List<Input> inputs) {
    if (flags == null) {
      flags = new Flag[FLAG_CODES];
    }
    flags[code.ordinal()] = new Flag(code, new Rationale(rule, ruleSet.version(), inputs));
  }
}
