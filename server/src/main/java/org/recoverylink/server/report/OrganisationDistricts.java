package org.recoverylink.server.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Geography;

/**
 * Which district each reporting organisation (GP practice, pharmacy) is in: what a report's
 * {@code district} filter selects by. Configuration ({@code --organisations FILE}), as the
 * organisations are the commissioner's to list; a line per organisation, {@code ODS,district}
 * with the district by name or ONS code, {@code #} starting a comment.
 */
public final class OrganisationDistricts {

  private static final Pattern ODS = org.recoverylink.core.nhs.OdsCode.PATTERN;

  private final Map<String, District> districts;

  private OrganisationDistricts(Map<String, District> districts) {
    this.districts = Map.copyOf(districts);
  }

  /** None configured: a district filter finds no organisations. */
  public static OrganisationDistricts none() {
    return new OrganisationDistricts(Map.of());
  }

  /**
   * Reads the file's text against the directory's geography.
   *
   * @throws IllegalArgumentException naming every bad line
   */
  public static OrganisationDistricts parse(String text, Geography geography) {
    Map<String, District> districts = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\\R");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length != 2) {
        problems.add("line " + (i + 1) + ": expected ODS code,district");
        continue;
      }
      String ods = fields[0].strip().toUpperCase(Locale.ROOT);
      boolean isOds = ODS.matcher(ods).matches();
      Optional<District> district = geography.district(fields[1].strip());
      if (!isOds) {
        problems.add("line " + (i + 1) + ": '" + fields[0].strip() + "' is not an ODS code");
      }
      if (district.isEmpty()) {
        problems.add("line " + (i + 1) + ": '" + fields[1].strip() + "' is not a district of "
            + geography.name());
      }
      if (isOds && district.isPresent() && districts.putIfAbsent(ods, district.get()) != null
          && !districts.get(ods).equals(district.get())) {
        problems.add("line " + (i + 1) + ": " + ods + " is already in "
            + districts.get(ods).name());
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("organisations file: " + String.join("; ", problems));
    }
    return new OrganisationDistricts(districts);
  }

  /** The organisations in a district. */
  public Set<String> in(District district) {
    return districts.entrySet().stream().filter(e -> e.getValue().equals(district))
        .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
  }

  public boolean isEmpty() {
    return districts.isEmpty();
  }
}
