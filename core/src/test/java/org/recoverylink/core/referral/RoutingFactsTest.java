package org.recoverylink.core.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;

/** The routing facts keep what the router needs, and route as the request they came from. */
class RoutingFactsTest {

  private static final LocalDate REFERRED = LocalDate.of(2026, 11, 22);
  private static final Router ROUTER = new Router(EssexDirectory.directory());

  @Test
  void theFactsOfARequestRouteAsItDoesAndKeepOnlyTheAgeAndTheOutwardCode() {
    RouteRequest request = RouteRequest.builder(LocalDate.of(2008, 11, 23), REFERRED)
        .postcode("ss14 1ab").substances(Substance.OPIOIDS, Substance.ALCOHOL)
        .circumstances(Circumstance.PRISON_RELEASE).flags(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE)
        .source(ReferralSource.CRIMINAL_JUSTICE).build();

    RoutingFacts facts = RoutingFacts.of(request);

    assertEquals(17, facts.age(), "a day before the 18th birthday");
    assertEquals(Optional.of("SS14"), facts.outwardCode());
    assertEquals(List.of(Substance.OPIOIDS, Substance.ALCOHOL), facts.substances());
    assertEquals(17, facts.request().age());
    RouteDecision first = ROUTER.route(request);
    RouteDecision again = ROUTER.route(facts.request());
    assertEquals(first.primary(), again.primary());
    assertEquals(first.coReferrals(), again.coReferrals());
    assertEquals(first.urgency(), again.urgency());
    assertEquals(first.district(), again.district());
  }

  @Test
  void anAgeOutsideWhatIsRealIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RoutingFacts(-1, REFERRED,
        Optional.empty(), List.of(), Set.of(), Set.of(), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new RoutingFacts(131, REFERRED,
        Optional.empty(), List.of(), Set.of(), Set.of(), Optional.empty()));
  }
}
