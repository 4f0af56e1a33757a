package org.recoverylink.core.assessment;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.core.screening.Score;

/**
 * The result of assessing one person's responses: the scores (a full AUDIT also yields its
 * AUDIT-C score, listed right after it), the advice in priority order, and the flags raised.
 *
 * @param scores     one per instrument
 * @param advice     recommended steps, most urgent first (the order of {@link ActionCode})
 * @param flags      flags raised, in the order of {@link FlagCode}
 * @param conditions the known conditions the rules were given
 * @param ruleSet    the rule set and version that produced all of it
 */
public record Assessment(List<Score> scores, List<Advice> advice, List<Flag> flags,
    Set<KnownCondition> conditions, RuleSetVersion ruleSet) {

  public Assessment {
    scores = List.copyOf(scores);
    advice = List.copyOf(advice);
    flags = List.copyOf(flags);
    conditions = Set.copyOf(conditions);
    Objects.requireNonNull(ruleSet, "ruleSet");
  }

  /** The score of an instrument, e.g. {@code score("audit")}. */
  public Optional<Score> score(String instrumentId) {
    for (Score score : scores) {
      if (score.instrumentId().equals(instrumentId)) {
        return Optional.of(score);
      }
    }
    return Optional.empty();
  }

  /** The advice for an action, if it is recommended. */
  public Optional<Advice> advice(ActionCode action) {
    for (Advice a : advice) {
      if (a.action() == action) {
        return Optional.of(a);
      }
    }
    return Optional.empty();
  }

  /** The flag with this code, if raised. */
  public Optional<Flag> flag(FlagCode code) {
    for (Flag flag : flags) {
      if (flag.code() == code) {
        return Optional.of(flag);
      }
    }
    return Optional.empty();
  }
}
