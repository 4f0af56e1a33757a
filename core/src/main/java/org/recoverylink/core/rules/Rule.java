package org.recoverylink.core.rules;

import java.util.Objects;

/**
 * One clinical rule as data: a stable id, what it says in plain words, and where it comes from.
 * Rules are constants in the rule tables of the packages that apply them; their thresholds come
 * from the {@link RuleSet}, so the summary never repeats a number that configuration can change.
 *
 * @param id      stable, unique id (e.g. {@code audit-higher-risk-brief-advice}); never reused
 * @param summary the rule in one sentence, for the clinician
 * @param source  the guidance it implements, with the strength of that evidence ([V], [P] or [U])
 */
public record Rule(String id, String summary, String source) {

  public Rule {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(source, "source");
  }

  @Override
  public String toString() {
    return id;
  }
}
