package org.recoverylink.core.referral;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.directory.Service;

/**
 * A referral that passed {@link ReferralRules#admit}.
 *
 * @param nhsNumber the person's NHS number, 10 digits; empty only for a referral the rules take
 *                  without one (from the person, family or friends, or a non-clinical agency)
 * @param referrer  the referring organisation's ODS code
 * @param service   the receiving service
 * @param why       why that service: the router's reasons, or that the referrer named it
 * @param routing   what a re-route needs, to keep with the referral
 */
public record Admission(Optional<String> nhsNumber, String referrer, Service service,
    List<String> why, RoutingFacts routing) {

  public Admission {
    Objects.requireNonNull(nhsNumber, "nhsNumber");
    Objects.requireNonNull(referrer, "referrer");
    Objects.requireNonNull(service, "service");
    why = List.copyOf(why);
    Objects.requireNonNull(routing, "routing");
  }
}
