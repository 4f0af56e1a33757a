package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;

/**
 * Laws that hold for any request (20,000 random requests per directory, seeded): exactly one
 * primary, every destination in the directory and directly referable, every destination with a
 * reason, no service twice, re-routing never returns a rejected service, and the primary the
 * router chose passes the eligibility check of a named performer.
 */
class RoutingLawsTest {

  @TestFactory
  Stream<DynamicTest> lawsHoldForAnyRequest() {
    return Stream.of(EssexDirectory.directory(), OtherCountyTest.wessex()).map(directory ->
        DynamicTest.dynamicTest(directory.version().toString(), () -> check(directory)));
  }

  private static void check(Directory directory) {
    Router router = new Router(directory);
    Random random = new Random(20261122L);
    List<String> places = new ArrayList<>();
    for (District district : directory.geography().districts()) {
      places.add("d:" + district.name());
      places.add("d:" + district.code());
    }
    places.addAll(List.of("p:SS14 1AB", "p:CO15 1AA", "p:N1 9GU", "p:nonsense", "d:Nowhere",
        "p:WX1 1AA", "p:RM17 6AB", "-"));
    for (int i = 0; i < 20_000; i++) {
      LocalDate today = LocalDate.of(2026, 11, 22);
      RouteRequest.Builder builder = RouteRequest.builder(
          today.minusDays(random.nextInt(100 * 365)), today);
      String place = places.get(random.nextInt(places.size()));
      if (place.startsWith("d:")) {
        builder.district(place.substring(2));
      } else if (place.startsWith("p:")) {
        builder.postcode(place.substring(2));
      }
      for (Substance s : Substance.values()) {
        if (random.nextInt(5) == 0) {
          builder.substances(s);
        }
      }
      for (Circumstance c : Circumstance.values()) {
        if (random.nextInt(6) == 0) {
          builder.circumstances(c);
        }
      }
      for (FlagCode f : FlagCode.values()) {
        if (random.nextInt(6) == 0) {
          builder.flags(f);
        }
      }
      for (ActionCode a : ActionCode.values()) {
        if (random.nextInt(8) == 0) {
          builder.advice(a);
        }
      }
      RouteRequest request = builder.build();
      RouteDecision decision = router.route(request);
      // A referrer naming the service the router chose is never refused for it.
      Service primary = decision.primary().service();
      if (primary != directory.singlePointOfContact()) {
        assertEquals(List.of(), router.ineligibility(request, primary), decision::toString);
      }
      assertLaws(directory, decision, request);

      Set<String> rejected = Set.of(decision.primary().service().id());
      RouteDecision rerouted = router.nextEligible(request, rejected);
      assertLaws(directory, rerouted, request);
      if (!decision.primary().service().equals(directory.singlePointOfContact())) {
        assertTrue(rerouted.destinations().stream()
            .noneMatch(d -> rejected.contains(d.service().id())), rerouted::toString);
      }
    }
  }

  private static void assertLaws(Directory directory, RouteDecision decision,
      RouteRequest request) {
    assertEquals(Role.PRIMARY, decision.primary().role());
    assertTrue(decision.coReferrals().stream().allMatch(d -> d.role() == Role.CO_REFERRAL));
    assertTrue(decision.signposts().stream().allMatch(d -> d.role() == Role.SIGNPOST));
    Set<String> seen = new HashSet<>();
    for (Destination destination : decision.destinations()) {
      Service service = destination.service();
      assertEquals(service, directory.service(service.id()).orElseThrow());
      assertEquals(Access.DIRECT, service.eligibility().access(), service::id);
      assertFalse(destination.reasons().isEmpty());
      assertTrue(seen.add(service.id()), () -> service.id() + " twice in " + decision);
      if (destination.role() != Role.PRIMARY || service != directory.singlePointOfContact()) {
        assertTrue(service.eligibility().acceptsAge(request.age()), () -> service.id()
            + " does not take age " + request.age());
      }
    }
    assertEquals(decision.urgent(), !decision.urgency().isEmpty());
    assertEquals(decision.urgent(), decision.primary().urgent());
  }
}
