package org.recoverylink.core.pharmacy.naloxone;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.rules.Rule;

/**
 * A take-home naloxone kit was used on an overdose: each may be a life saved, and commissioners
 * count them. Raised once per supply that replaces a used kit; as the kits of one supply may all
 * have gone on one overdose (a second dose is common), the number of kits does not count
 * overdoses.
 *
 * @param supplyId the replacement supply that reported it: at most one event per supply
 * @param pharmacy the ODS code of the pharmacy that heard of it
 * @param reported the day the replacement was supplied
 * @param report   what is known of the overdose; empty when nothing was said
 * @param rule     the rule that raised it
 */
public record NaloxoneUsed(String supplyId, String pharmacy, LocalDate reported,
    Optional<UseReport> report, Rule rule) {

  public NaloxoneUsed {
    Objects.requireNonNull(supplyId, "supplyId");
    Objects.requireNonNull(pharmacy, "pharmacy");
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(rule, "rule");
  }
}
