package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;

/**
 * Routing over the services' capacities, in the Essex directory: a paused service is never a
 * destination (the single point of contact aside, the last resort), accepting beats a waiting
 * list, a shorter waiting list beats a longer one, nearness breaks ties, and the reasons say
 * when capacity changed the choice.
 */
class CapacityRoutingTest {

  private static final LocalDate TODAY = EssexScenarioTest.TODAY;
  private static final Directory ESSEX = EssexDirectory.directory();
  private static final Router ROUTER = new Router(ESSEX);
  private static final String SPOC = "open-road-single-point-of-contact";
  private static final String PILOT = "ne-essex-medicines-pilot";
  private static final String NORTH = "open-road-north";

  private static RouteRequest adult(String district, Substance... substances) {
    return RouteRequest.builder(TODAY.minusYears(40), TODAY).district(district)
        .substances(substances).build();
  }

  private static RouteRequest medicines() {
    return adult("Colchester", Substance.PRESCRIBED_OR_OTC_MEDICINES);
  }

  private static Capacities set(Object... idsAndCapacities) {
    Map<String, Capacity> map = new HashMap<>();
    for (int i = 0; i < idsAndCapacities.length; i += 2) {
      map.put((String) idsAndCapacities[i], (Capacity) idsAndCapacities[i + 1]);
    }
    return Capacities.of(map);
  }

  private static boolean says(Destination destination, String words) {
    return destination.reasons().stream().anyMatch(reason -> reason.contains(words));
  }

  @Test
  void toldNothingEveryServiceIsAcceptingAndTheDecisionIsUnchanged() {
    for (RouteRequest request : List.of(medicines(), adult("Basildon", Substance.OPIOIDS),
        adult("Thurrock", Substance.ALCOHOL), adult("Chelmsford", Substance.ALCOHOL))) {
      assertEquals(ROUTER.route(request), ROUTER.route(request, Capacities.allAccepting()));
      assertEquals(ROUTER.nextEligible(request, Set.of(NORTH)),
          ROUTER.nextEligible(request, Set.of(NORTH), Capacities.allAccepting()));
    }
    assertEquals(PILOT, ROUTER.route(medicines()).primary().service().id(),
        "the nearest (most specific) service when all accept");
  }

  @Test
  void anAcceptingServiceIsPreferredToANearerOneWithAWaitingList() {
    RouteDecision decision = ROUTER.route(medicines(), set(PILOT, Capacity.waitingList(6)));

    Destination primary = decision.primary();
    assertEquals(NORTH, primary.service().id());
    assertTrue(says(primary, "North East Essex prescribed and over-the-counter medicines pilot"
        + " has a waiting list of 6 weeks, so Open Road North Essex (accepting referrals) is"
        + " chosen: the person is seen sooner"), primary::toString);
  }

  @Test
  void theShorterWaitingListWinsAndNearnessBreaksATie() {
    RouteDecision shorterFarther = ROUTER.route(medicines(),
        set(PILOT, Capacity.waitingList(8), NORTH, Capacity.waitingList(6)));
    assertEquals(NORTH, shorterFarther.primary().service().id());
    assertTrue(says(shorterFarther.primary(), "has a waiting list of 8 weeks, so Open Road"
        + " North Essex (waiting list of 6 weeks) is chosen"), shorterFarther::toString);
    assertTrue(says(shorterFarther.primary(), "Open Road North Essex has a waiting list of 6"
        + " weeks"), shorterFarther::toString);

    RouteDecision shorterNearer = ROUTER.route(medicines(),
        set(PILOT, Capacity.waitingList(6), NORTH, Capacity.waitingList(8)));
    assertEquals(PILOT, shorterNearer.primary().service().id());
    assertTrue(says(shorterNearer.primary(), "has a waiting list of 6 weeks"));
    assertFalse(says(shorterNearer.primary(), "is chosen"), "capacity changed nothing");

    RouteDecision tie = ROUTER.route(medicines(),
        set(PILOT, Capacity.waitingList(4), NORTH, Capacity.waitingList(4)));
    assertEquals(PILOT, tie.primary().service().id(), "equal waits: the nearest");
    assertEquals(List.of("district Colchester as given", "main substance: prescribed or"
        + " over-the-counter medicines", "North East Essex prescribed and over-the-counter"
        + " medicines pilot has a waiting list of 4 weeks"), tie.primary().reasons());
  }

  @Test
  void aPausedServiceIsLeftOutForTheNextEligibleOne() {
    RouteDecision decision = ROUTER.route(medicines(), set(PILOT, Capacity.paused()));

    assertEquals(NORTH, decision.primary().service().id());
    assertTrue(says(decision.primary(), "North East Essex prescribed and over-the-counter"
        + " medicines pilot is paused (not taking new referrals), so it is left out"),
        decision::toString);
  }

  @Test
  void whenEveryEligibleServiceIsPausedTheSinglePointOfContactTakesThePersonAndSaysWhy() {
    RouteDecision decision = ROUTER.route(adult("Colchester", Substance.COCAINE),
        set(NORTH, Capacity.paused()));

    Destination primary = decision.primary();
    assertEquals(SPOC, primary.service().id());
    assertTrue(says(primary, "no treatment service for cocaine that covers Colchester is"
        + " taking new referrals"), primary::toString);
    assertTrue(says(primary, "Open Road North Essex is paused (not taking new referrals), so"
        + " it is left out"), primary::toString);
    assertTrue(decision.destinations().stream().noneMatch(d -> d.service().id().equals(NORTH)));
  }

  @Test
  void aPausedCoReferralIsLeftOutAndThePrimarySaysSo() {
    RouteRequest request = RouteRequest.builder(TODAY.minusYears(40), TODAY)
        .district("Chelmsford").substances(Substance.OPIOIDS).build();
    RouteDecision usual = ROUTER.route(request);
    assertTrue(usual.coReferrals().stream().anyMatch(d -> d.service().id().equals("stars")));
    assertTrue(usual.coReferrals().stream()
        .anyMatch(d -> d.service().id().equals("erf-chelmsford")));

    RouteDecision decision = ROUTER.route(request, set("stars", Capacity.paused(),
        "erf-chelmsford", Capacity.paused()));
    assertTrue(decision.destinations().stream().noneMatch(d -> d.service().id()
        .equals("stars") || d.service().id().equals("erf-chelmsford")), decision::toString);
    assertTrue(says(decision.primary(), "STaRS Specialist Treatment and Recovery Service is"
        + " paused (not taking new referrals), so it is left out"), decision::toString);
    Destination peer = decision.coReferrals().stream()
        .filter(d -> d.service().id().equals("futures-in-mind")).findFirst().orElseThrow();
    assertTrue(says(peer, "Essex Recovery Foundation recovery space, Chelmsford is paused"),
        peer::toString);
  }

  @Test
  void thePausedSinglePointOfContactIsStillTheLastResortAndSaysSo() {
    RouteDecision decision = ROUTER.route(adult("Thurrock", Substance.ALCOHOL),
        set(SPOC, Capacity.paused(), "erf-thurrock", Capacity.paused()));

    Destination primary = decision.primary();
    assertEquals(SPOC, primary.service().id());
    assertTrue(says(primary, "Open Road single point of contact is paused (not taking new"
        + " referrals), but as the single point of contact it is the last resort and is never"
        + " left out"), primary::toString);
    assertTrue(decision.signposts().stream().noneMatch(d -> d.service().id()
        .equals("erf-thurrock")), "a paused service is not signposted");
    assertTrue(says(primary, "Essex Recovery Foundation recovery space, Thurrock is paused (not"
        + " taking new referrals), so the person is not signposted to it"), primary::toString);
  }

  @Test
  void reRoutingPassesOverAPausedServiceButNeverTheSinglePointOfContact() {
    Capacities paused = set(NORTH, Capacity.paused(), SPOC, Capacity.paused());
    RouteDecision next = ROUTER.nextEligible(medicines(), Set.of(PILOT), paused);
    assertEquals(SPOC, next.primary().service().id());

    RouteDecision accepting = ROUTER.nextEligible(medicines(), Set.of(PILOT),
        Capacities.allAccepting());
    assertEquals(NORTH, accepting.primary().service().id());
  }

  @Test
  void aPausedServiceNamedByTheReferrerCannotTakeThePersonButThePausedContactCan() {
    Capacities paused = set(NORTH, Capacity.paused(), SPOC, Capacity.paused());
    Service north = ESSEX.service(NORTH).orElseThrow();

    assertEquals(List.of(), ROUTER.ineligibility(adult("Colchester", Substance.COCAINE), north));
    assertEquals(List.of("Open Road North Essex is paused: it is not taking new referrals just"
        + " now"), ROUTER.ineligibility(adult("Colchester", Substance.COCAINE), north, paused));
    assertEquals(List.of(), ROUTER.ineligibility(adult("Colchester", Substance.COCAINE),
        ESSEX.singlePointOfContact(), paused));
  }

  /**
   * For random requests over random capacities (seeded): no paused service is ever a
   * destination, other than the single point of contact; the primary the router chose passes
   * the named-performer check over the same capacities; a re-route keeps both laws.
   */
  @Test
  void noPausedServiceIsEverADestinationExceptTheSinglePointOfContact() {
    Random random = new Random(20261203L);
    List<String> places = new ArrayList<>();
    for (District district : ESSEX.geography().districts()) {
      places.add(district.name());
    }
    places.add("Nowhere");
    for (int i = 0; i < 5_000; i++) {
      Map<String, Capacity> map = new HashMap<>();
      for (Service service : ESSEX.services()) {
        int pick = random.nextInt(4);
        map.put(service.id(), pick == 0 ? Capacity.paused() : pick == 1
            ? Capacity.waitingList(1 + random.nextInt(Capacity.MAX_WEEKS))
            : Capacity.accepting());
      }
      Capacities capacities = Capacities.of(map);
      RouteRequest.Builder builder = RouteRequest.builder(
          TODAY.minusDays(random.nextInt(90 * 365)), TODAY)
          .district(places.get(random.nextInt(places.size())));
      for (Substance substance : Substance.values()) {
        if (random.nextInt(4) == 0) {
          builder.substances(substance);
        }
      }
      for (Circumstance circumstance : Circumstance.values()) {
        if (random.nextInt(5) == 0) {
          builder.circumstances(circumstance);
        }
      }
      RouteRequest request = builder.build();
      RouteDecision decision = ROUTER.route(request, capacities);
      assertNoPausedDestination(decision, capacities);
      Service primary = decision.primary().service();
      if (!primary.id().equals(SPOC)) {
        assertEquals(List.of(), ROUTER.ineligibility(request, primary, capacities),
            decision::toString);
      }
      RouteDecision rerouted = ROUTER.nextEligible(request, Set.of(primary.id()), capacities);
      assertNoPausedDestination(rerouted, capacities);
    }
  }

  private static void assertNoPausedDestination(RouteDecision decision, Capacities capacities) {
    for (Destination destination : decision.destinations()) {
      String id = destination.service().id();
      assertTrue(id.equals(SPOC) || !capacities.capacity(id).isPaused(),
          () -> id + " is paused: " + decision);
    }
  }
}
