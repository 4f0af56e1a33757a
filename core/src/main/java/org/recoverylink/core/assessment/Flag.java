package org.recoverylink.core.assessment;

import java.util.Objects;
import org.recoverylink.core.rules.Rationale;

/**
 * A raised flag and the rule, rule-set version and inputs that raised it.
 *
 * @param code      the flag
 * @param rationale why it was raised
 */
public record Flag(FlagCode code, Rationale rationale) {

  public Flag {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(rationale, "rationale");
  }

  @Override
  public String toString() {
    return code.code() + " " + rationale;
  }
}
