package org.recoverylink.core.referral;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteRequest;

/**
 * What the router needs to route a referral again, kept with it when it is taken in, so that a
 * re-route after a rejection never reads the referral's form again. Only what routing uses, and
 * no more of the person than that: their age, not their birth date; their postcode's outward
 * code, not their address.
 *
 * @param age           the person's age in whole years on {@code referred}
 * @param referred      the day the referral was taken in
 * @param outwardCode   the outward code of their postcode (e.g. {@code SS14}), if one was given
 * @param substances    substances named, the main one first
 * @param circumstances circumstances that change the route
 * @param flags         flags the referral's assessment raised
 * @param source        who referred, where known
 * @param district      the district as the referrer chose it instead of a postcode (the public
 *                      pages), if so; it wins over the outward code, as in {@code $route}
 */
public record RoutingFacts(int age, LocalDate referred, Optional<String> outwardCode,
    List<Substance> substances, Set<Circumstance> circumstances, Set<FlagCode> flags,
    Optional<ReferralSource> source, Optional<String> district) {

  public RoutingFacts {
    if (age < 0 || age > RouteRequest.MAX_AGE) {
      throw new IllegalArgumentException("an age is 0 to " + RouteRequest.MAX_AGE);
    }
    Objects.requireNonNull(referred, "referred");
    Objects.requireNonNull(outwardCode, "outwardCode");
    substances = List.copyOf(substances);
    circumstances = Set.copyOf(circumstances);
    flags = Set.copyOf(flags);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(district, "district");
  }

  /** The facts of a referral placed by its postcode (or by nothing), no district chosen. */
  public RoutingFacts(int age, LocalDate referred, Optional<String> outwardCode,
      List<Substance> substances, Set<Circumstance> circumstances, Set<FlagCode> flags,
      Optional<ReferralSource> source) {
    this(age, referred, outwardCode, substances, circumstances, flags, source,
        Optional.empty());
  }

  /** The facts of a request the referral was routed by. */
  public static RoutingFacts of(RouteRequest request) {
    return new RoutingFacts(request.age(), request.onDate(),
        request.postcode().flatMap(Geography::outwardCode), request.substances(),
        request.circumstances(), request.flags(), request.source(), request.district());
  }

  /**
   * The routing question again. The person is routed at the age they were referred at (a
   * birth date that many years before the referral day gives exactly that age on it).
   */
  public RouteRequest request() {
    RouteRequest.Builder builder = RouteRequest.builder(referred.minusYears(age), referred)
        .substances(substances.toArray(Substance[]::new))
        .circumstances(circumstances.toArray(Circumstance[]::new))
        .flags(flags.toArray(FlagCode[]::new));
    outwardCode.ifPresent(builder::postcode);
    source.ifPresent(builder::source);
    district.ifPresent(builder::district);
    return builder.build();
  }
}
