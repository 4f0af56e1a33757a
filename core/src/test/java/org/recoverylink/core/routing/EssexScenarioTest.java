package org.recoverylink.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;

/**
 * Routing scenarios drawn from the Essex seeds (the routing rules they ask
 * for), each with the expected primary, co-referrals, signposts and urgency.
 */
class EssexScenarioTest {

  static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final Router ROUTER = new Router(EssexDirectory.directory());

  @ParameterizedTest(name = "[{index}] age {0}, {1}{2} {3} {4} {5}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // age | district | postcode | substances | circumstances | flags/advice | primary | co-referrals | signposts | urgent
      // Drugs -> Open Road in the person's quadrant; opioids add STaRS; every quadrant
      "30 | Basildon      | -          | opioids          | -          | -       | open-road-south | stars erf-basildon | - | false",
      "30 | Colchester    | -          | cocaine          | -          | -       | open-road-north | erf-colchester | - | false",
      "30 | Harlow        | -          | cannabis         | -          | -       | open-road-west | erf-harlow | - | false",
      "30 | Chelmsford    | -          | crack-cocaine    | -          | -       | open-road-mid | erf-chelmsford | - | false",
      "60 | Basildon      | -          | benzodiazepines  | -          | -       | open-road-south | erf-basildon | - | false",
      "18 | Brentwood     | -          | ketamine         | -          | -       | open-road-south | eypdas erf-basildon | - | false",
      // Alcohol only -> Phoenix Futures
      "30 | Chelmsford    | -          | alcohol          | -          | -       | phoenix-futures-alcohol | erf-chelmsford | - | false",
      "25 | Maldon        | -          | alcohol          | -          | -       | phoenix-futures-alcohol | erf-chelmsford | - | false",
      // Both -> the main substance's service, co-referral to the other
      "30 | Tendring      | -          | alcohol opioids  | -          | -       | phoenix-futures-alcohol | open-road-north stars erf-colchester | - | false",
      "30 | Tendring      | -          | opioids alcohol  | -          | -       | open-road-north | phoenix-futures-alcohol stars erf-colchester | - | false",
      "70 | Braintree     | -          | alcohol opioids  | -          | -       | phoenix-futures-alcohol | open-road-mid stars erf-chelmsford | - | false",
      // Under 18 -> EYPDAS always; 18-24 -> adult service plus EYPDAS
      "16 | Basildon      | -          | cannabis         | -          | -       | eypdas | erf-basildon | - | false",
      "17 | Harlow        | -          | alcohol          | -          | -       | eypdas | erf-harlow | - | false",
      "15 | Rochford      | -          | opioids          | injecting  | -       | eypdas | erf-rayleigh | - | false",
      "20 | Colchester    | -          | cannabis         | -          | -       | open-road-north | eypdas erf-colchester | - | false",
      "24 | Maldon        | -          | alcohol          | -          | -       | phoenix-futures-alcohol | eypdas erf-chelmsford | - | false",
      // Injecting -> needle exchange (Open Road provides it), BBV, naloxone
      "35 | Rochford      | -          | opioids          | injecting  | -       | open-road-south | stars erf-rayleigh | - | false",
      "35 | Castle Point  | -          | crack-cocaine    | injecting  | -       | open-road-south | erf-rayleigh | - | false",
      "30 | Brentwood     | -          | steroids-iped    | injecting  | -       | open-road-south | erf-basildon | - | false",
      "30 | Chelmsford    | -          | alcohol          | injecting  | -       | phoenix-futures-alcohol | open-road-mid erf-chelmsford | - | false",
      // Pregnancy -> urgent
      "28 | -             | CO15 1AA   | opioids          | injecting pregnant | - | open-road-north | stars erf-colchester | - | true",
      "40 | Braintree     | -          | alcohol          | pregnant   | -       | phoenix-futures-alcohol | erf-chelmsford | - | true",
      // Possible dependence -> specialist alcohol assessment, from the assessment alone
      "45 | Harlow        | -          | -                | -          | possible-alcohol-dependence | phoenix-futures-alcohol | erf-harlow | - | false",
      "45 | Harlow        | -          | -                | -          | refer-specialist-alcohol-assessment | phoenix-futures-alcohol | erf-harlow | - | false",
      "38 | Chelmsford    | -          | -                | -          | refer-drug-service | open-road-mid | erf-chelmsford | - | false",
      // Dual diagnosis / co-occurring -> the quadrant's EPUT worker; urgent risk -> urgent
      "45 | Harlow        | -          | alcohol          | -          | co-occurring-mental-health-substance | phoenix-futures-alcohol | eput-dual-diagnosis-west erf-harlow | - | false",
      "50 | Chelmsford    | -          | alcohol          | -          | dual-diagnosis-smi | phoenix-futures-alcohol | eput-dual-diagnosis-mid erf-chelmsford | - | false",
      "50 | Uttlesford    | -          | cannabis         | -          | urgent-risk co-occurring-mental-health-substance | open-road-west | eput-dual-diagnosis-west erf-harlow | - | true",
      "33 | Castle Point  | -          | opioids          | -          | urgent-risk | open-road-south | stars erf-rayleigh | - | true",
      "16 | Harlow        | -          | cannabis         | -          | dual-diagnosis-smi | eypdas | eput-dual-diagnosis-west erf-harlow | - | false",
      "13 | Harlow        | -          | alcohol          | -          | co-occurring-mental-health-substance | eypdas | erf-harlow | - | false",
      // Criminal justice and prison release -> CJS worker; continuity of prescribing is urgent
      "33 | Epping Forest | -          | opioids          | prison-release | -   | open-road-west | stars erf-harlow | - | true",
      "33 | Basildon      | -          | alcohol          | criminal-justice | - | phoenix-futures-alcohol | erf-basildon | - | false",
      "33 | Colchester    | -          | cocaine          | criminal-justice | - | open-road-north | erf-colchester | - | false",
      "33 | Maldon        | -          | alcohol          | prison-release | -   | phoenix-futures-alcohol | erf-chelmsford | - | false",
      // Prescribed / OTC medicines: the North pilot inside North, Open Road elsewhere
      "60 | Colchester    | -          | prescribed-or-otc-medicines | - | -    | ne-essex-medicines-pilot | erf-colchester | - | false",
      "60 | Tendring      | -          | prescribed-or-otc-medicines | - | -    | ne-essex-medicines-pilot | erf-colchester | - | false",
      "60 | Chelmsford    | -          | prescribed-or-otc-medicines | - | -    | open-road-mid | erf-chelmsford | - | false",
      // Postcode only; an explicit district overrides the postcode
      "30 | -             | SS14 1AB   | opioids          | -          | -       | open-road-south | stars erf-basildon | - | false",
      "30 | -             | cm202ab    | alcohol          | -          | -       | phoenix-futures-alcohol | erf-harlow | - | false",
      "30 | Chelmsford    | SS14 1AB   | alcohol          | -          | -       | phoenix-futures-alcohol | erf-chelmsford | - | false",
      "30 | basildon      | -          | cocaine          | -          | -       | open-road-south | erf-basildon | - | false",
      "30 | E07000073     | -          | cocaine          | -          | -       | open-road-west | erf-harlow | - | false",
      // Southend, Thurrock, outside Essex, unknown -> the single point of contact, saying why
      "30 | -             | SS1 2AB    | alcohol          | -          | -       | open-road-single-point-of-contact | - | - | false",
      "30 | -             | RM17 6AB   | opioids          | -          | -       | open-road-single-point-of-contact | - | erf-thurrock | false",
      "30 | Thurrock      | -          | alcohol          | -          | -       | open-road-single-point-of-contact | - | erf-thurrock | false",
      "22 | Southend-on-Sea | -        | cannabis         | -          | -       | open-road-single-point-of-contact | - | - | false",
      "30 | -             | N1 9GU     | alcohol          | -          | -       | open-road-single-point-of-contact | - | - | false",
      "30 | -             | not known  | alcohol          | -          | -       | open-road-single-point-of-contact | - | - | false",
      "30 | -             | -          | alcohol          | -          | -       | open-road-single-point-of-contact | - | - | false",
      "30 | Barking       | -          | alcohol          | -          | -       | open-road-single-point-of-contact | - | - | false",
      // No substance named -> the single point of contact assesses
      "30 | Chelmsford    | -          | -                | no-fixed-abode | -   | open-road-single-point-of-contact | erf-chelmsford | - | false",
  })
  void scenario(int age, String district, String postcode, String substances,
      String circumstances, String flagsOrAdvice, String primary, String coReferrals,
      String signposts, boolean urgent) {
    RouteRequest request = request(age, district, postcode, substances, circumstances,
        flagsOrAdvice);

    RouteDecision decision = ROUTER.route(request);

    assertEquals(primary, decision.primary().service().id(), () -> describe(decision));
    assertEquals(ids(coReferrals), decision.coReferrals().stream()
        .map(d -> d.service().id()).collect(Collectors.toCollection(TreeSet::new)),
        () -> describe(decision));
    assertEquals(ids(signposts), decision.signposts().stream()
        .map(d -> d.service().id()).collect(Collectors.toCollection(TreeSet::new)),
        () -> describe(decision));
    assertEquals(urgent, decision.urgent(), () -> describe(decision));
    assertEquals(urgent, !decision.urgency().isEmpty());
    boolean opioidsOrInjecting = request.substances().contains(Substance.OPIOIDS)
        || request.circumstances().contains(Circumstance.INJECTING);
    assertEquals(opioidsOrInjecting, decision.offers().contains(ActionCode.OFFER_NALOXONE));
    assertEquals("recoverylink-routing|2026.1.0", decision.rules().toString());
    assertEquals("essex-directory|2022.1.0", decision.directory().toString());
    assertTrue(decision.destinations().stream().allMatch(d -> !d.reasons().isEmpty()));
  }

  @Test
  void aCriminalJusticeReferralReachesTheCriminalJusticeWorker() {
    RouteDecision decision = ROUTER.route(
        RouteRequest.builder(TODAY.minusYears(30), TODAY).district("Colchester")
            .substances(Substance.COCAINE)
            .source(ReferralSource.CRIMINAL_JUSTICE).build());

    assertTrue(decision.primary().reasons().stream()
        .anyMatch(r -> r.contains("criminal-justice worker")), decision::toString);
  }

  static RouteRequest request(int age, String district, String postcode, String substances,
      String circumstances, String flagsOrAdvice) {
    RouteRequest.Builder builder = RouteRequest.builder(
        TODAY.minusYears(age).minusDays(40), TODAY);
    if (district != null) {
      builder.district(district);
    }
    if (postcode != null) {
      builder.postcode(postcode);
    }
    for (String code : words(substances)) {
      builder.substances(Coded.fromCode(Substance.class, code).orElseThrow());
    }
    for (String code : words(circumstances)) {
      builder.circumstances(Coded.fromCode(Circumstance.class, code).orElseThrow());
    }
    for (String code : words(flagsOrAdvice)) {
      Coded.fromCode(FlagCode.class, code).ifPresent(builder::flags);
      Coded.fromCode(ActionCode.class, code).ifPresent(builder::advice);
    }
    return builder.build();
  }

  private static String[] words(String text) {
    return text == null ? new String[0] : text.trim().split("\\s+");
  }

  private static Set<String> ids(String text) {
    return new TreeSet<>(Arrays.asList(words(text)));
  }

  private static String describe(RouteDecision decision) {
    return decision.destinations() + " urgency " + decision.urgency() + " at "
        + decision.location();
  }
}
