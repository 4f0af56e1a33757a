package org.recoverylink.server.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The router's reasons for the service it chose (core's {@code Router}: rule text for
 * clinicians and the audit), said again in plain English for the confirmation page: short
 * sentences a 12-year-old can read, about "you" for a self-referral and "the person" for anyone
 * else. Each of the router's reasons has a sentence here; one this class does not know is left
 * out rather than shown as rule text ({@code PlainReasonsTest} routes every district, age,
 * substance and circumstance to find any the router has added since).
 */
final class PlainReasons {

  /** One kind of router reason and its plain sentence. */
  private record Rule(Pattern pattern, BiFunction<Matcher, Words, String> plain) {
  }

  /** The words that change with who the referral is for, and the service's name. */
  private record Words(boolean self, String service) {
    String you() {
      return self ? "you" : "the person";
    }

    String your() {
      return self ? "your" : "their";
    }

    /** "You" or "The person", to begin a sentence. */
    String subject() {
      return self ? "You" : "The person";
    }

    /** "Your" or "Their", to begin a sentence. */
    String possessive() {
      return self ? "Your" : "Their";
    }

    /** The verb after {@link #you}. */
    String lives() {
      return self ? "live" : "lives";
    }
  }

  private static final List<Rule> RULES = List.of(
      rule("district (.+) as given", (m, w) -> w.subject() + " " + w.lives() + " in "
          + m.group(1) + "."),
      rule("district (.+) inferred from postcode district .*", (m, w) -> w.possessive()
          + " postcode is in " + m.group(1) + "."),
      rule("postcode district \\S+ is not in (.+)", (m, w) -> w.possessive() + " postcode is"
          + " outside " + m.group(1) + "."),
      rule(".* is not a postcode|no district or postcode given"
          + "|district '.*' is not one this directory knows",
          (m, w) -> "We do not know which area " + w.you() + " " + w.lives() + " in."),
      rule("the district is unknown, so the single point of contact .*", (m, w) -> w.service
          + " will find the right service for " + w.you() + "."),
      rule("(.+) is outside (.+)'s commissioned services: .*", (m, w) -> w.service
          + " will pass the referral on to a service where " + w.you() + " "
          + w.lives() + "."),
      rule("under 18: the young people's service, always", (m, w) -> w.service + " is the"
          + " service for people under 18."),
      rule("no young people's service covers .*", (m, w) -> w.service + " will find a"
          + " service for young people near " + w.you() + "."),
      rule("no substance named: .*", (m, w) -> w.service + " will talk with " + w.you()
          + " to find the right help."),
      rule("no treatment service for (.+) covers (.+)", (m, w) -> "No local service helps"
          + " with " + m.group(1) + " in " + m.group(2) + ", so " + w.service + " will find"
          + " the right help."),
      rule("main substance: (.+)", (m, w) -> w.service + " helps people with "
          + substance(m.group(1)) + " where " + w.you() + " " + w.lives() + "."),
      rule("specialist alcohol assessment; detox is decided there", (m, w) -> "The service"
          + " can check if it is safe for " + w.you() + " to stop drinking, and help "
          + (w.self ? "you" : "them") + " stop safely."),
      rule("(criminal justice involvement|recently released from prison): the service's"
          + " criminal-justice worker", (m, w) -> "The service has a worker who helps people"
          + " who have been in contact with the police, courts, probation or prison."),
      rule("(criminal justice involvement|recently released from prison): tell the service,"
          + " .*", (m, w) -> "Tell the service about any contact with the police, courts,"
          + " probation or prison. This helps them plan the right care."),
      rule("injecting: needle exchange.*", (m, w) -> "The service can also give clean"
          + " needles, tests for infections, and naloxone. Naloxone is a medicine that stops"
          + " an overdose."),
      rule("opioids: assessment for opioid substitution treatment", (m, w) -> "The service"
          + " can check if a medicine that replaces opioids would help."),
      rule("also uses (.+)", (m, w) -> "The service can also help with "
          + substance(m.group(1)) + "."),
      rule("aged \\d+: the young people's service's .*", (m, w) -> "The service has a team"
          + " for young adults."),
      rule("serious mental illness with substance use: .*|co-occurring mental health and"
          + " substance use", (m, w) -> "The service can help with mental health and drink or"
          + " drugs together."),
      rule("visible recovery: .*", (m, w) -> "The service runs recovery groups for people"
          + " and their families."),
      rule("serves (.+)", (m, w) -> "The service works in " + m.group(1) + "."),
      rule("named by the referrer", (m, w) -> "This is the service that was asked for."));

  private PlainReasons() {
  }

  private static Rule rule(String pattern, BiFunction<Matcher, Words, String> plain) {
    return new Rule(Pattern.compile(pattern), plain);
  }

  /** Plain words for a substance as the router names it (lower case). */
  private static String substance(String routerName) {
    return switch (routerName) {
      case "prescribed or over-the-counter medicines" -> "medicines";
      case "steroids and image- and performance-enhancing drugs" -> "steroids";
      case "novel psychoactive substances" -> "new drugs like spice";
      case "other drugs" -> "drugs";
      case "alcohol" -> "drinking";
      default -> routerName;
    };
  }

  /**
   * The router's reasons for {@code service}, in plain English, in the router's order; any
   * reason without a sentence here is left out.
   *
   * @param self whether the person is referring themselves ("you") or not ("the person")
   */
  static List<String> of(List<String> reasons, String service, boolean self) {
    Words words = new Words(self, service);
    List<String> plain = new ArrayList<>();
    for (String reason : reasons) {
      sentence(reason, words).filter(s -> !plain.contains(s)).ifPresent(plain::add);
    }
    return plain;
  }

  /** The plain sentence for one reason, if this class knows that kind of reason. */
  static Optional<String> sentence(String reason, String service, boolean self) {
    return sentence(reason, new Words(self, service));
  }

  private static Optional<String> sentence(String reason, Words words) {
    for (Rule rule : RULES) {
      Matcher matcher = rule.pattern().matcher(reason.strip());
      if (matcher.matches()) {
        return Optional.of(rule.plain().apply(matcher, words));
      }
    }
    return Optional.empty();
  }
}
