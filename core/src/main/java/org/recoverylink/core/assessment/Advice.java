package org.recoverylink.core.assessment;

import java.util.List;
import java.util.Objects;
import org.recoverylink.core.rules.Rationale;

/**
 * One recommended step, with every rule that recommended it (two screens can both ask for the
 * full AUDIT, for instance; the step is listed once).
 *
 * @param action     the step
 * @param rationales the rules behind it, each with its rule-set version and inputs; never empty
 */
public record Advice(ActionCode action, List<Rationale> rationales) {

  public Advice {
    Objects.requireNonNull(action, "action");
    rationales = List.copyOf(rationales);
    if (rationales.isEmpty()) {
      throw new IllegalArgumentException("advice " + action.code() + " needs a rationale");
    }
  }

  @Override
  public String toString() {
    return action.code() + " " + rationales;
  }
}
