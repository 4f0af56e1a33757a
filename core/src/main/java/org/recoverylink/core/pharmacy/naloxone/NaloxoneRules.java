package org.recoverylink.core.pharmacy.naloxone;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Reason;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Training;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * The take-home naloxone rules: what a supply records. Pure and thread-safe. Pharmacy naloxone
 * supply is usually a local service and no national rule set was found (clinical reference 8.3),
 * so these rules are the project's design, marked [U].
 */
public final class NaloxoneRules {

  /** The rules' name and version, stamped on every record. */
  public static final RuleSetVersion VERSION = new RuleSetVersion("uk-thn", "2026.1.0");

  public static final Rule USED_ON_OVERDOSE = new Rule("thn-used-on-overdose",
      "A kit replaced because it was used on an overdose is reported as naloxone used: each may"
          + " be a life saved.",
      "Take-home naloxone event fields, clinical reference 8.3 (design proposal) [U]");
  public static final Rule FIRST_SUPPLY_TRAINING = new Rule("thn-first-supply-training",
      "A first supply comes with training: recognising an overdose, calling 999, the recovery"
          + " position, giving naloxone and staying until help arrives.",
      "Take-home naloxone training content, clinical reference 8.3 (design proposal) [U]");
  public static final Rule CALL_999 = new Rule("thn-call-999",
      "Naloxone was used and no ambulance was called: advise calling 999 every time, since"
          + " naloxone can wear off before the opioid does.",
      "Take-home naloxone training content (calling 999), clinical reference 8.3 [U]");

  private NaloxoneRules() {
  }

  /** What {@code supply} records: the supply, a naloxone-used event if any, and prompts. */
  public static NaloxoneRecord record(NaloxoneSupply supply) {
    List<NaloxoneRecord.Prompt> prompts = new ArrayList<>();
    Optional<NaloxoneUsed> used = Optional.empty();
    if (supply.reason() == Reason.REPLACEMENT_USED_ON_OVERDOSE) {
      used = Optional.of(new NaloxoneUsed(supply.id(), supply.pharmacy(),
          supply.at().toLocalDate(), supply.useReport(), USED_ON_OVERDOSE));
      if (supply.useReport().filter(report -> !report.ambulanceCalled()).isPresent()) {
        prompts.add(new NaloxoneRecord.Prompt(CALL_999, "No ambulance was called when the"
            + " previous kit was used: advise calling 999 every time naloxone is given."));
      }
    }
    if (supply.reason() == Reason.FIRST_SUPPLY) {
      Set<Training> missing = EnumSet.allOf(Training.class);
      missing.removeAll(supply.training());
      if (missing.size() == Training.values().length) {
        prompts.add(new NaloxoneRecord.Prompt(FIRST_SUPPLY_TRAINING, "No training recorded on a"
            + " first supply: train the recipient, or record the training given."));
      } else if (!missing.isEmpty()) {
        prompts.add(new NaloxoneRecord.Prompt(FIRST_SUPPLY_TRAINING, "The training on this first"
            + " supply did not cover " + missing.stream().map(Training::display)
            .collect(Collectors.joining(", ")) + "."));
      }
    }
    return new NaloxoneRecord(supply, used, prompts, VERSION);
  }
}
