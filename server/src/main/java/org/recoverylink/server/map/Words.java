package org.recoverylink.server.map;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Coverage;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.Substance;

/** The directory's codes said in plain English, for people rather than systems. */
final class Words {

  private static final Set<Substance> DRUGS = EnumSet.complementOf(EnumSet.of(Substance.ALCOHOL));

  private Words() {
  }

  /** Who a service is for, e.g. "Adults (18 and over) with an alcohol problem". */
  static String whoFor(Eligibility eligibility) {
    String substances = substances(eligibility.substances());
    return ages(eligibility) + (substances.startsWith("whatever") ? ", " : " ") + substances;
  }

  static String ages(Eligibility e) {
    boolean noMax = e.maxAge() >= Eligibility.NO_MAX_AGE;
    if (e.minAge() == 0) {
      return noMax ? "People of any age" : "Children and young people up to " + e.maxAge();
    }
    if (noMax) {
      return e.minAge() == 18 ? "Adults (18 and over)" : "People aged " + e.minAge()
          + " and over";
    }
    return "People aged " + e.minAge() + " to " + e.maxAge();
  }

  /** The age range in figures, for professionals: "18+", "0-24". */
  static String ageRange(Eligibility e) {
    return e.maxAge() >= Eligibility.NO_MAX_AGE ? e.minAge() + "+"
        : e.minAge() + "\u2013" + e.maxAge();
  }

  private static String substances(Set<Substance> treated) {
    if (treated.isEmpty()) {
      return "whatever the substance";
    }
    if (treated.equals(Set.of(Substance.ALCOHOL))) {
      return "with an alcohol problem";
    }
    if (treated.equals(DRUGS)) {
      return "who use drugs (any drug, not alcohol)";
    }
    return "who use " + or(treated.stream().sorted()
        .map(s -> s.display().toLowerCase(Locale.ROOT)).toList());
  }

  /** The substances a service treats, for professionals: "any", "alcohol". */
  static String substanceList(Set<Substance> treated) {
    if (treated.isEmpty()) {
      return "any";
    }
    if (treated.equals(DRUGS)) {
      return "any drug except alcohol";
    }
    return String.join(", ", treated.stream().sorted()
        .map(s -> s.display().toLowerCase(Locale.ROOT)).toList());
  }

  /** "people who inject drugs", for "Also set up for ...". */
  static String circumstance(Circumstance circumstance) {
    return switch (circumstance) {
      case INJECTING -> "people who inject drugs";
      case PREGNANT -> "people who are pregnant";
      case CRIMINAL_JUSTICE -> "people in contact with the criminal justice system";
      case PRISON_RELEASE -> "people recently released from prison";
      case NO_FIXED_ABODE -> "people with no fixed address";
      case HOUSING_PROBLEM -> "people with a housing problem";
      case AFFECTED_FAMILY_MEMBER -> "family members affected by someone else's use";
      case PARENT_OR_CARER -> "parents and carers";
    };
  }

  static List<String> circumstances(Set<Circumstance> circumstances) {
    return circumstances.stream().sorted().map(Words::circumstance).toList();
  }

  /** Where a service takes people from, e.g. "People living in Colchester or Tendring". */
  static String where(Coverage coverage, Geography geography) {
    if (coverage instanceof Coverage.Districts districts) {
      return "People living in " + or(geography.districts().stream()
          .filter(d -> districts.codes().contains(d.code())).map(District::name).toList());
    }
    if (coverage instanceof Coverage.Areas areas) {
      List<String> parts = new ArrayList<>();
      for (String area : geography.areas()) {
        if (areas.names().contains(area)) {
          parts.add(or(localDistricts(geography, area)) + " (" + area + ")");
        }
      }
      return "People living in " + or(parts);
    }
    List<String> outside = geography.districts().stream().filter(d -> !d.local())
        .map(District::name).toList();
    return "People living anywhere in " + geography.name()
        + (outside.isEmpty() ? "" : ", except " + and(outside));
  }

  static List<String> localDistricts(Geography geography, String area) {
    return geography.districts().stream().filter(d -> d.local() && d.area().equals(area))
        .map(District::name).toList();
  }

  /** "a", "a or b", "a, b or c". */
  static String or(List<String> items) {
    return join(items, " or ");
  }

  /** "a", "a and b", "a, b and c". */
  static String and(List<String> items) {
    return join(items, " and ");
  }

  private static String join(List<String> items, String last) {
    if (items.size() <= 1) {
      return items.isEmpty() ? "" : items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1)) + last
        + items.get(items.size() - 1);
  }
}
