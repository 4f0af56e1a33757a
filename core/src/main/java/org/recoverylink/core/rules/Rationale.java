package org.recoverylink.core.rules;

import java.util.List;
import java.util.Objects;

/**
 * Why a result came out as it did: the rule that fired, the rule set (and version) it belongs to,
 * and the inputs it fired on. Text for people is built on demand by {@link #explain()}, so
 * producing a rationale on the hot path costs only this record.
 *
 * @param rule    the rule that fired
 * @param ruleSet the rule set and version in force
 * @param inputs  the facts the rule looked at, in the order it looked at them
 */
public record Rationale(Rule rule, RuleSetVersion ruleSet, List<Input> inputs) {

  public Rationale {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(ruleSet, "ruleSet");
    inputs = List.copyOf(inputs);
  }

  /** The rationale as one line for a clinician, e.g. for a tooltip or an audit record. */
  public String explain() {
    StringBuilder text = new StringBuilder(96).append(rule.summary());
    if (!inputs.isEmpty()) {
      text.append(" [");
      for (int i = 0; i < inputs.size(); i++) {
        text.append(i == 0 ? "" : "; ").append(inputs.get(i));
      }
      text.append(']');
    }
    return text.append(" (rule ").append(rule.id()).append(", ").append(ruleSet).append(')')
        .toString();
  }

  @Override
  public String toString() {
    return explain();
  }
}
