package org.recoverylink.server.http;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * People who use the public pages, for the journey tests: one or more in every Essex district,
 * Southend and Thurrock (unitary areas with their own services) and outside the area, of every
 * age band, substance and circumstance the router weighs, referring themselves, referred by
 * family (with and without their agreement) or by each kind of agency, some at urgent risk.
 *
 * @param who          {@code self}, {@code other} or {@code agency}
 * @param agency       the agency's kind, for an agency referral
 * @param agrees       for someone else: whether the person agrees (no: family support instead)
 * @param substances   substance codes, the main one first
 * @param circumstances circumstance codes (and {@code mental-health})
 * @param channels     the contact channels marked safe
 */
record Personas(String name, String who, String agency, boolean agrees, String givenName,
    String familyName, LocalDate birthDate, String postcode, String nhsNumber,
    List<String> substances, List<String> circumstances, boolean urgent,
    List<String> channels) {

  /** The referral source $route hears for the same referral. */
  String referralSource() {
    return switch (who) {
      case "self" -> "self";
      case "other" -> "family";
      default -> switch (agency) {
        case "police", "probation" -> "criminal-justice";
        case "fire-service" -> "community-wellbeing-officer";
        case "social-care" -> "social-services";
        default -> "other";
      };
    };
  }

  /** Circumstance codes the router knows (not the mental-health note). */
  List<String> routedCircumstances() {
    return circumstances.stream().filter(c -> !c.equals("mental-health")).toList();
  }

  private static Personas p(String name, String who, String agency, boolean agrees,
      LocalDate born, String postcode, List<String> substances, List<String> circumstances,
      boolean urgent, List<String> channels) {
    String[] names = name.split(" ");
    return new Personas(name, who, agency, agrees, names[0], names[1], born, postcode, "",
        substances, circumstances, urgent, channels);
  }

  static List<Personas> all() {
    List<Personas> all = new ArrayList<>();
    LocalDate adult = LocalDate.of(1980, 4, 12);
    LocalDate young = LocalDate.of(2010, 6, 1);
    LocalDate older = LocalDate.of(1950, 1, 30);
    List<String> call = List.of("call");
    all.add(p("Amy Colchester", "self", "", true, adult, "CO1 1AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Ben Tendring", "self", "", true, older, "CO15 1AA", List.of("alcohol"),
        List.of("housing-problem"), false, List.of("text")));
    all.add(p("Cara Chelmsford", "self", "", true, adult, "CM1 1AA", List.of("opioids",
        "crack-cocaine"), List.of("injecting"), false, call));
    all.add(p("Dan Braintree", "other", "", true, adult, "CM7 1AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Eve Maldon", "self", "", true, LocalDate.of(1996, 2, 29), "CM9 4AA",
        List.of("cannabis"), List.of("pregnant"), false, List.of("email")));
    all.add(p("Finn Basildon", "agency", "police", true, adult, "SS14 1AB",
        List.of("cocaine"), List.of("criminal-justice"), false, call));
    all.add(p("Gail Brentwood", "self", "", true, adult, "CM14 4AA", List.of("alcohol"),
        List.of("mental-health"), true, call));
    all.add(p("Hal CastlePoint", "agency", "probation", true, adult, "SS8 9AA",
        List.of("opioids"), List.of("prison-release"), false, call));
    all.add(p("Ivy Rochford", "other", "", true, young, "SS4 1AA", List.of("cannabis"),
        List.of(), false, call));
    all.add(p("Jon Harlow", "agency", "fire-service", true, older, "CM20 1AA",
        List.of("alcohol"), List.of(), false, call));
    all.add(p("Kim EppingForest", "self", "", true, adult, "IG10 1AA",
        List.of("benzodiazepines"), List.of(), false, List.of()));
    all.add(p("Lee Uttlesford", "agency", "housing", true, adult, "CB11 3AA",
        List.of("alcohol"), List.of("no-fixed-abode"), false, call));
    all.add(p("Mia Southend", "self", "", true, adult, "SS1 1AA", List.of("opioids"),
        List.of(), false, call));
    all.add(p("Ned Thurrock", "other", "", true, adult, "RM17 5AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Ola London", "self", "", true, adult, "NW1 1AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Pat Colchester", "agency", "social-care", true, adult, "CO4 3AA",
        List.of("alcohol"), List.of("parent-or-carer"), false, call));
    all.add(p("Quin Chelmsford", "self", "", true, young, "CM2 0AA", List.of("alcohol"),
        List.of(), false, List.of("text")));
    all.add(p("Rae Basildon", "self", "", true, adult, "SS13 1AA", List.of("ketamine"),
        List.of(), true, call));
    all.add(p("Sam Tendring", "agency", "peer-outreach", true, adult, "CO12 3AA",
        List.of("opioids"), List.of("injecting", "no-fixed-abode"), false, call));
    all.add(p("Tia Harlow", "self", "", true, adult, "CM19 5AA", List.of("opioids"),
        List.of("pregnant"), false, call));
    all.add(p("Uma Braintree", "agency", "other-agency", true, older, "CM77 7AA",
        List.of("prescribed-or-otc-medicines"), List.of(), false, call));
    all.add(p("Vic Maldon", "other", "", true, adult, "CM0 8AA", List.of("alcohol"),
        List.of("criminal-justice"), false, call));
    all.add(p("Wyn Southend", "agency", "police", true, young, "SS2 6AA",
        List.of("cannabis"), List.of("criminal-justice"), false, call));
    all.add(p("Xan Rochford", "self", "", true, adult, "SS6 7AA", List.of("steroids-iped"),
        List.of(), false, call));
    all.add(p("Yas Thurrock", "self", "", true, adult, "RM16 2AA", List.of("crack-cocaine"),
        List.of("prison-release"), false, call));
    all.add(p("Zoe Uttlesford", "self", "", true, LocalDate.of(2007, 1, 15), "CM6 1AA",
        List.of("alcohol"), List.of(), false, call));
    all.add(p("Abe Brentwood", "agency", "probation", true, adult, "CM15 8AA",
        List.of("alcohol", "cocaine"), List.of("criminal-justice"), true, call));
    all.add(p("Bea CastlePoint", "self", "", true, older, "SS7 1AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Cal EppingForest", "other", "", true, adult, "CM16 4AA", List.of("opioids"),
        List.of("injecting"), false, call));
    all.add(p("Dee Outside", "agency", "housing", true, adult, "M1 1AE", List.of("opioids"),
        List.of("no-fixed-abode"), false, call));
    // no postcode: "I do not know, or outside Essex" chosen instead of a district
    all.add(p("Gus Unplaced", "self", "", true, adult, "", List.of("alcohol"), List.of(),
        false, call));
    all.add(p("Eli Colchester", "other", "", false, adult, "CO2 7AA", List.of("alcohol"),
        List.of(), false, call));
    all.add(p("Fay Chelmsford", "other", "", false, adult, "CM3 1AA", List.of("cocaine"),
        List.of(), false, call));
    return all;
  }
}
