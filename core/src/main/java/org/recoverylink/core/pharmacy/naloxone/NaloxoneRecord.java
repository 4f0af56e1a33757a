package org.recoverylink.core.pharmacy.naloxone;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * What a take-home naloxone supply records: the supply, the naloxone-used event when it replaces
 * a kit used on an overdose, and prompts for the pharmacist.
 *
 * @param supply  the supply as given
 * @param used    present exactly when the supply replaces a kit used on an overdose
 * @param prompts what the pharmacist should see, each with the rule behind it; often none
 * @param ruleSet the rules' name and version
 */
public record NaloxoneRecord(NaloxoneSupply supply, Optional<NaloxoneUsed> used,
    List<Prompt> prompts, RuleSetVersion ruleSet) {

  public NaloxoneRecord {
    Objects.requireNonNull(supply, "supply");
    Objects.requireNonNull(used, "used");
    prompts = List.copyOf(prompts);
    Objects.requireNonNull(ruleSet, "ruleSet");
  }

  /**
   * Advice for the pharmacist at the counter: it stops nothing.
   *
   * @param rule    the rule that raised it
   * @param message plain English, for the pharmacist
   */
  public record Prompt(Rule rule, String message) {
    public Prompt {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(message, "message");
    }
  }
}
