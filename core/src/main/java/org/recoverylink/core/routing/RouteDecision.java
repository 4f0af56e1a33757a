package org.recoverylink.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.rules.RuleSetVersion;

/**
 * Where a referral goes: exactly one primary destination ("no wrong door"), co-referrals and
 * signposts, the urgency and its reasons, the district as resolved, and the versions of the
 * routing rules and the directory that decided it.
 *
 * @param primary     the one service that owns the referral
 * @param coReferrals services referred to alongside it
 * @param signposts   services the person is told about
 * @param urgency     why the referral must be acted on the same day; empty when it need not
 * @param district    the district as resolved, if any
 * @param location    how the district was resolved (given, inferred from the postcode, unknown)
 * @param offers      steps to offer alongside the referral (e.g. take-home naloxone)
 * @param rules       the routing rule set and version
 * @param directory   the directory and version routed over
 */
public record RouteDecision(Destination primary, List<Destination> coReferrals,
    List<Destination> signposts, List<String> urgency,
    Optional<District> district, String location, List<ActionCode> offers,
    RuleSetVersion rules, RuleSetVersion directory) {

  public RouteDecision {
    Objects.requireNonNull(primary, "primary");
    coReferrals = List.copyOf(coReferrals);
    signposts = List.copyOf(signposts);
    urgency = List.copyOf(urgency);
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(location, "location");
    offers = List.copyOf(offers);
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(directory, "directory");
    if (primary.role() != Role.PRIMARY) {
      throw new IllegalArgumentException("the primary destination has role " + primary.role());
    }
  }

  /** Whether the referral must be acted on the same day. */
  public boolean urgent() {
    return !urgency.isEmpty();
  }

  /** The area (Essex: quadrant) of the resolved district, when it has one. */
  public Optional<String> area() {
    return district.map(District::area).filter(a -> !a.isEmpty());
  }

  /** Every destination: the primary first, then co-referrals, then signposts. */
  public List<Destination> destinations() {
    List<Destination> all = new ArrayList<>(1 + coReferrals.size() + signposts.size());
    all.add(primary);
    all.addAll(coReferrals);
    all.addAll(signposts);
    return List.copyOf(all);
  }
}
