package org.recoverylink.server.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;

/**
 * The confirmation page's reasons: every reason the router gives for the service it chooses,
 * over every district, the outside area, ages, substances, circumstances and flags, has a plain
 * sentence, and no sentence is long or uses the rule text's words.
 */
class PlainReasonsTest {

  private static final Directory ESSEX = EssexDirectory.directory();
  private static final Router ROUTER = new Router(ESSEX);
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
  /** The rules' words a 12-year-old would not know, or that only the hub uses. */
  private static final List<String> JARGON = List.of("district", "primary", "co-referral",
      "directory", "single point of contact", "criminal-justice", "criminal justice",
      "substitution", "commissioned", "eligib", "bbv", "hcv", "hbv", "nice", "smi",
      "co-occurring", "detox", "inferred", "outward", "assessment", "signpost", "iped", "otc",
      "novel psychoactive", ":", ";");

  private static Set<String> reasons;

  /** Every primary reason the router gives over the grid, once each. */
  private static synchronized Set<String> reasons() {
    if (reasons == null) {
      reasons = route();
    }
    return reasons;
  }

  private static Set<String> route() {
    List<String> places = new ArrayList<>();
    for (District district : ESSEX.geography().districts()) {
      places.add("district:" + district.name());
    }
    // one postcode a district: where a postcode lies changes only the first reason's name
    new java.util.TreeMap<>(ESSEX.geography().outwardCodes()).forEach((outward, district) -> {
      if (places.stream().noneMatch(p -> p.endsWith("@" + district))) {
        places.add(outward + " 1AA@" + district);
      }
    });
    places.addAll(List.of("M1 1AE", "NW1 1AA", "district:Nowhere", ""));
    Set<String> found = new LinkedHashSet<>();
    List<Set<Circumstance>> circumstances = new ArrayList<>();
    circumstances.add(Set.of());
    for (Circumstance c : Circumstance.values()) {
      circumstances.add(Set.of(c));
    }
    circumstances.add(Set.of(Circumstance.INJECTING, Circumstance.PRISON_RELEASE));
    List<List<Substance>> substances = new ArrayList<>();
    substances.add(List.of());
    for (Substance s : Substance.values()) {
      substances.add(List.of(s));
    }
    substances.add(List.of(Substance.ALCOHOL, Substance.OPIOIDS));
    substances.add(List.of(Substance.COCAINE, Substance.ALCOHOL));
    List<Set<FlagCode>> flags = List.of(Set.of(), Set.of(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE),
        Set.of(FlagCode.DUAL_DIAGNOSIS_SMI), Set.of(FlagCode.URGENT_RISK,
            FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE));
    for (String place : places) {
      for (int age : List.of(15, 20, 45)) {
        for (List<Substance> used : substances) {
          for (Set<Circumstance> given : circumstances) {
            for (Set<FlagCode> raised : flags) {
              for (ReferralSource source : List.of(ReferralSource.SELF,
                  ReferralSource.CRIMINAL_JUSTICE)) {
                RouteRequest.Builder request = RouteRequest.builder(TODAY.minusYears(age)
                    .minusDays(1), TODAY).substances(used.toArray(Substance[]::new))
                    .circumstances(given.toArray(Circumstance[]::new))
                    .flags(raised.toArray(FlagCode[]::new)).source(source);
                if (place.startsWith("district:")) {
                  request.district(place.substring("district:".length()));
                } else if (!place.isEmpty()) {
                  request.postcode(place.split("@")[0]);
                }
                RouteDecision decision = ROUTER.route(request.build());
                found.addAll(decision.primary().reasons());
              }
            }
          }
        }
      }
    }
    return found;
  }

  @Test
  void everyReasonTheRouterGivesHasAPlainSentence() {
    Set<String> reasons = reasons();
    assertTrue(reasons.size() > 30, "the grid reaches the router's rules: " + reasons);
    List<String> unknown = reasons.stream().filter(r -> PlainReasons.sentence(r, "Open Road",
        true).isEmpty()).toList();
    assertEquals(List.of(), unknown, "reasons with no plain sentence");
  }

  @Test
  void theSentencesAreShortAndFreeOfTheRulesWords() {
    Set<String> sentences = new LinkedHashSet<>();
    for (boolean self : List.of(true, false)) {
      sentences.addAll(PlainReasons.of(List.copyOf(reasons()), "Open Road", self));
    }
    List<String> problems = new ArrayList<>();
    for (String text : sentences) {
      for (String sentence : text.split("(?<=\\.) ")) {
        String lower = sentence.toLowerCase(Locale.ROOT);
        JARGON.stream().filter(lower::contains).forEach(word -> problems.add(word + " in: "
            + sentence));
        if (sentence.split(" ").length > 20) {
          problems.add("over 20 words: " + sentence);
        }
        if (!sentence.endsWith(".")) {
          problems.add("not a sentence: " + sentence);
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void aReferralForSomeoneElseIsAboutThePersonAndRepeatsNothing() {
    List<String> reasons = List.of("district Colchester inferred from postcode district CO1"
        + " (its main district; outward codes can straddle districts)",
        "main substance: alcohol", "main substance: alcohol", "rule text no one knows");
    assertEquals(List.of("Your postcode is in Colchester.", "Open Road helps people with"
        + " drinking where you live."), PlainReasons.of(reasons, "Open Road", true));
    assertEquals(List.of("Their postcode is in Colchester.", "Open Road helps people with"
        + " drinking where the person lives."), PlainReasons.of(reasons, "Open Road", false));
  }

  @Test
  void whenTheServiceTakesReferralsOnIsSaidOnlyWhenKnown() {
    assertEquals(java.util.Optional.empty(), FrontDoor.typicalWait("Open Road",
        java.util.OptionalDouble.empty()));
    assertEquals("In the last 3 months, half the referrals to Open Road were taken on within"
        + " a day.", FrontDoor.typicalWait("Open Road", java.util.OptionalDouble.of(0.2))
        .orElseThrow());
    assertEquals("In the last 3 months, half the referrals to Open Road were taken on within"
        + " 3 days.", FrontDoor.typicalWait("Open Road", java.util.OptionalDouble.of(2.1))
        .orElseThrow());
  }
}
