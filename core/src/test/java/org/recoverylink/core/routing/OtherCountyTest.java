package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.Organisation;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.directory.Substance;

/**
 * A small invented county with one integrated drug and alcohol service per area: the same router
 * routes it correctly with no code change, because its rules ask for kinds and eligibility.
 */
class OtherCountyTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

  static Directory wessex() {
    Geography geography = new Geography("Wessex", List.of(
        new District("X00000001", "Casterbridge", "East", true),
        new District("X00000002", "Melchester", "West", true),
        new District("X00000003", "Christminster", "", false)),
        Map.of("WX1", "X00000001", "WX2", "X00000002", "OX9", "X00000003"));
    Organisation council = new Organisation("wessex-recovery", "Wessex Recovery", Optional.empty());
    Eligibility adults = Eligibility.anyone().ages(18, Eligibility.NO_MAX_AGE);
    return Directory.builder("wessex-directory", "1.0.0", geography)
        .service(new Service("wessex-hub", "Wessex Recovery Hub", council,
            Set.of(ServiceKind.SINGLE_POINT_OF_CONTACT), Eligibility.anyone(), Coverage.whole(),
            Optional.of("https://fhir.wessex.example/r4"), "one number for the county"))
        .service(new Service("east-integrated", "East Wessex integrated service", council,
            Set.of(ServiceKind.TREATMENT, ServiceKind.PRESCRIBING, ServiceKind.NEEDLE_EXCHANGE),
            adults, Coverage.areas("East"), Optional.empty(), "drugs and alcohol, OST, NSP"))
        .service(new Service("west-integrated", "West Wessex integrated service", council,
            Set.of(ServiceKind.TREATMENT, ServiceKind.PRESCRIBING), adults,
            Coverage.areas("West"), Optional.empty(), "drugs and alcohol, OST"))
        .service(new Service("wessex-pharmacy-nsp", "Wessex pharmacy needle exchange", council,
            Set.of(ServiceKind.NEEDLE_EXCHANGE), adults, Coverage.whole(), Optional.empty(),
            "pharmacy NSP"))
        .service(new Service("wessex-young", "Wessex young people's service", council,
            Set.of(ServiceKind.YOUNG_PEOPLE), Eligibility.anyone().ages(0, 17), Coverage.whole(),
            Optional.empty(), "under-18s"))
        .service(new Service("wessex-mh", "Wessex co-occurring conditions team", council,
            Set.of(ServiceKind.DUAL_DIAGNOSIS), adults, Coverage.whole(), Optional.empty(),
            "mental health liaison"))
        .build();
  }

  private final Router router = new Router(wessex());

  @Test
  void integratedServiceTakesBothSubstancesAndPrescribesItself() {
    RouteDecision decision = router.route(RouteRequest.builder(TODAY.minusYears(40), TODAY)
        .postcode("WX1 4AB").substances(Substance.ALCOHOL, Substance.OPIOIDS)
        .circumstances(Circumstance.INJECTING).build());

    assertEquals("east-integrated", decision.primary().service().id());
    // Treatment, prescribing and needle exchange all fall to the same service: no co-referral.
    assertEquals(List.of(), decision.coReferrals());
    assertTrue(decision.primary().reasons().stream().anyMatch(r -> r.contains("opioid")));
    assertEquals(Optional.of("East"), decision.area());
  }

  @Test
  void areaWithoutItsOwnNeedleExchangeUsesTheCountyOne() {
    RouteDecision decision = router.route(RouteRequest.builder(TODAY.minusYears(30), TODAY)
        .district("Melchester").substances(Substance.COCAINE)
        .circumstances(Circumstance.INJECTING).flags(FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE)
        .build());

    assertEquals("west-integrated", decision.primary().service().id());
    assertEquals(Set.of("wessex-pharmacy-nsp", "wessex-mh"), Set.copyOf(decision.coReferrals()
        .stream().map(d -> d.service().id()).toList()));
  }

  @Test
  void youngPersonAndOutOfAreaFollowTheSameRules() {
    assertEquals("wessex-young", router.route(RouteRequest.builder(TODAY.minusYears(15), TODAY)
        .district("Casterbridge").substances(Substance.CANNABIS).build())
        .primary().service().id());
    RouteDecision outside = router.route(RouteRequest.builder(TODAY.minusYears(30), TODAY)
        .postcode("OX9 1AA").substances(Substance.ALCOHOL).build());
    assertEquals("wessex-hub", outside.primary().service().id());
    assertTrue(outside.primary().reasons().stream().anyMatch(r -> r.contains("Christminster")));
    assertEquals("wessex-directory|1.0.0", outside.directory().toString());
  }

  @Test
  void theSameRequestRoutesByEachCountysOwnData() {
    RouteRequest request = RouteRequest.builder(TODAY.minusYears(30), TODAY)
        .postcode("WX2 1AA").substances(Substance.ALCOHOL).build();

    assertEquals("west-integrated", router.route(request).primary().service().id());
    assertEquals("open-road-single-point-of-contact", new Router(
        org.recoverylink.core.directory.EssexDirectory.directory()).route(request)
        .primary().service().id());
  }
}
