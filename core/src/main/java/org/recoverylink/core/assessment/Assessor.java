package org.recoverylink.core.assessment;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.core.screening.InvalidResponseException;
import org.recoverylink.core.screening.Response;
import org.recoverylink.core.screening.Score;
import org.recoverylink.core.screening.Scoring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of core screening: scores responses and applies the UK identification and brief
 * advice rules and the risk and dual-diagnosis flag rules. Immutable and thread-safe; create one
 * per rule set and share it.
 *
 * <pre>{@code
 * Assessor assessor = Assessor.standard();
 * Assessment result = assessor.assess(List.of(auditResponse, phq9Response),
 *     Set.of(KnownCondition.ALCOHOL_RELATED_CONDITION));
 * }</pre>
 */
public final class Assessor {

  private static final Logger LOG = LoggerFactory.getLogger(Assessor.class);
  private static final Assessor STANDARD = new Assessor(RuleSet.ukDefault());

  private final RuleSet ruleSet;
  private final Scoring scorer;

  private Assessor(RuleSet ruleSet) {
    this.ruleSet = ruleSet;
    this.scorer = Scoring.under(ruleSet);
  }

  /** The assessor with the published UK rules ({@link RuleSet#ukDefault()}). */
  public static Assessor standard() {
    return STANDARD;
  }

  /** An assessor with a local variant of the rules. */
  public static Assessor withRules(RuleSet ruleSet) {
    Objects.requireNonNull(ruleSet, "ruleSet");
    LOG.info("Screening rules in force: {}", ruleSet);
    return new Assessor(ruleSet);
  }

  public RuleSet ruleSet() {
    return ruleSet;
  }

  /**
   * Scores one response without advice or flags.
   *
   * @throws InvalidResponseException listing every problem of the response
   */
  public Score score(Response response) {
    return scorer.score(response);
  }

  /** Assesses one response with no known conditions. */
  public Assessment assess(Response response) {
    return assess(List.of(response), Set.of());
  }

  /**
   * Assesses one person's responses (each instrument at most once) together with what is known of
   * them. A full AUDIT also yields its AUDIT-C score, listed right after it.
   *
   * @param responses  the responses, at least one
   * @param conditions known conditions that the rules take into account
   * @throws InvalidResponseException listing every problem of every response; nothing is assessed
   *     when any response is invalid
   */
  public Assessment assess(List<Response> responses, Set<KnownCondition> conditions) {
    return assess(responses, conditions, List.of());
  }

  /**
   * Assesses one person's responses together with what is known of them, stated or found in
   * their record; a rule that rests on a recorded condition names the diagnoses in its
   * rationale.
   *
   * @param responses  the responses, at least one
   * @param conditions conditions the caller states
   * @param recorded   diagnoses in the person's record that a code list recognised
   * @throws InvalidResponseException listing every problem of every response; nothing is assessed
   *     when any response is invalid
   */
  public Assessment assess(List<Response> responses, Set<KnownCondition> conditions,
      List<RecordedCondition> recorded) {
    Objects.requireNonNull(conditions, "conditions");
    List<Score> scores = scorer.scoreAll(responses);
    if (recorded.isEmpty()) {
      return new Evaluation(ruleSet, scores, conditions, Map.of()).run();
    }
    Set<KnownCondition> all = EnumSet.noneOf(KnownCondition.class);
    all.addAll(conditions);
    Map<KnownCondition, List<RecordedCondition>> found = new EnumMap<>(KnownCondition.class);
    for (RecordedCondition diagnosis : recorded) {
      all.add(diagnosis.condition());
      found.computeIfAbsent(diagnosis.condition(), c -> new ArrayList<>(1)).add(diagnosis);
    }
    return new Evaluation(ruleSet, scores, all, found).run();
  }
}
