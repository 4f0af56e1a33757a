package org.recoverylink.core.directory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The districts a directory knows, grouped into areas (Essex: quadrants), and the table that
 * infers a district from a postcode's outward code. Outward codes can straddle districts, so the
 * table names each one's main district and routing says the district was inferred.
 */
public final class Geography {

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static final Pattern OUTWARD_CODE = Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?");
  /** A full postcode: the outward code, then the inward code (digit, letter, letter). */
  private static final Pattern FULL_POSTCODE =
      Pattern.compile("[A-Z]{1,2}[0-9][0-9A-Z]?[0-9][A-Z]{2}");

  private final String name;
  private final List<District> districts;
  private final Map<String, District> byCodeOrName = new HashMap<>();
  private final Map<String, District> byOutwardCode = new HashMap<>();
  private final Map<String, String> outwardCodes;
  private final Set<String> areas;

  /**
   * @param name          e.g. "Essex"
   * @param districts     every district, local or neighbouring
   * @param outwardCodes  outward code (e.g. {@code SS14}) to the ONS code of its main district
   * @throws IllegalArgumentException naming every duplicate or unknown code
   */
  public Geography(String name, List<District> districts, Map<String, String> outwardCodes) {
    this.name = Objects.requireNonNull(name, "name");
    this.districts = List.copyOf(districts);
    List<String> problems = new ArrayList<>();
    Set<String> areasInOrder = new LinkedHashSet<>();
    for (District district : this.districts) {
      if (byCodeOrName.put(district.code(), district) != null) {
        problems.add("district code " + district.code() + " appears twice");
      }
      byCodeOrName.put(key(district.name()), district);
      if (district.local()) {
        if (district.area().isEmpty()) {
          problems.add("local district " + district + " has no area");
        }
        areasInOrder.add(district.area());
      }
    }
    outwardCodes.forEach((outward, code) -> {
      District district = byCodeOrName.get(code);
      if (district == null) {
        problems.add("outward code " + outward + " points at unknown district " + code);
      } else {
        byOutwardCode.put(outward.toUpperCase(Locale.ROOT), district);
      }
    });
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("geography " + name + ": " + String.join("; ", problems));
    }
    this.outwardCodes = Map.copyOf(outwardCodes);
    this.areas = Collections.unmodifiableSet(areasInOrder);
  }

  public String name() {
    return name;
  }

  public List<District> districts() {
    return districts;
  }

  /** The areas (Essex: quadrants) of the local districts, in order of first appearance. */
  public Set<String> areas() {
    return areas;
  }

  /** A district by ONS code or by name (any case), e.g. {@code E07000066} or "basildon". */
  public Optional<District> district(String codeOrName) {
    District byCode = byCodeOrName.get(codeOrName.trim());
    return Optional.ofNullable(byCode != null ? byCode : byCodeOrName.get(key(codeOrName)));
  }

  /** The outward-code table: outward code to the ONS code of its main district. */
  public Map<String, String> outwardCodes() {
    return outwardCodes;
  }

  /** The main district of a postcode's outward code, from a full postcode or the outward code. */
  public Optional<District> districtOfPostcode(String postcode) {
    return outwardCode(postcode).flatMap(this::districtOfOutwardCode);
  }

  /** The main district of an outward code as {@link #outwardCode} gives it. */
  public Optional<District> districtOfOutwardCode(String outward) {
    return Optional.ofNullable(byOutwardCode.get(outward));
  }

  /**
   * The outward code of a UK postcode ("SS14 1AB", "ss141ab", "SS14"), or empty when the text is
   * not a postcode.
   */
  public static Optional<String> outwardCode(String postcode) {
    String compact = WHITESPACE.matcher(postcode).replaceAll("").toUpperCase(Locale.ROOT);
    if (FULL_POSTCODE.matcher(compact).matches()) {
      return Optional.of(compact.substring(0, compact.length() - 3));
    }
    return OUTWARD_CODE.matcher(compact).matches() ? Optional.of(compact) : Optional.empty();
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
