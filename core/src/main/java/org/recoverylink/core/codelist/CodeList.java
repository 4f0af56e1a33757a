package org.recoverylink.core.codelist;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.core.rules.RecordedCondition;

/**
 * One list of diagnosis codes that stand for a known condition, e.g. the SNOMED CT codes of the
 * QOF serious-mental-illness register. A deployment can replace every list; each says where it
 * came from and which release it is, and a rationale names the list that matched.
 *
 * <p>A list is a UTF-8 text file: header lines {@code # key: value} for {@code id},
 * {@code condition} (a {@link KnownCondition} code), {@code system} (the code system URI),
 * {@code version} and {@code source} (others, e.g. {@code licence}, are kept as comments), then
 * a CSV table whose first row names the columns and whose first column holds the codes (a list
 * downloaded from OpenCodelists can be used as it is, under a header).
 *
 * <p>ICD-10 codes are compared without their dot and match down the hierarchy: {@code F20} in a
 * list covers {@code F20.0} and {@code F200}. SNOMED CT and other codes match exactly.
 *
 * @param id        the list's name, e.g. {@code MH_COD}
 * @param condition the known condition its codes stand for
 * @param system    the code system URI
 * @param version   the release, e.g. {@code 2024-12-05}
 * @param source    where the list came from
 * @param codes     the codes (ICD-10 ones without their dot, in capitals)
 */
public record CodeList(String id, KnownCondition condition, String system, String version,
    String source, Set<String> codes) {

  private static final Pattern SNOMED = Pattern.compile("[1-9][0-9]{5,17}");
  private static final Pattern ICD_10 = Pattern.compile("[A-Z][0-9]{2}[0-9A-Z]{0,2}");
  private static final Pattern TOKEN = Pattern.compile("[^\\s,]{1,64}");

  public CodeList {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(source, "source");
    codes = Set.copyOf(codes);
  }

  /** Whether the list's code system is ICD-10 (WHO or UK edition: one hierarchy). */
  public boolean isIcd10() {
    return isIcd10(system);
  }

  /** Whether this list holds a code of this system: exactly, or for ICD-10 by its category. */
  public boolean contains(String codeSystem, String code) {
    if (code == null || codeSystem == null) {
      return false;
    }
    if (!isIcd10()) {
      return system.equals(codeSystem) && codes.contains(code.trim());
    }
    if (!isIcd10(codeSystem)) {
      return false;
    }
    String normal = icd10(code);
    for (int length = normal.length(); length >= 3; length--) {
      if (codes.contains(normal.substring(0, length))) {
        return true;
      }
    }
    return false;
  }

  /** The diagnosis as a rule's evidence, naming this list and its version. */
  RecordedCondition recorded(String codeSystem, String code) {
    return new RecordedCondition(condition, codeSystem, code.trim(), id + " " + version);
  }

  /**
   * Reads a list.
   *
   * @param name the file's name, for problems
   * @param text its content
   * @throws CodeListException listing every problem, each with the file and line
   */
  public static CodeList parse(String name, String text) {
    List<String> problems = new ArrayList<>();
    Map<String, String> header = new LinkedHashMap<>();
    Set<String> codes = new LinkedHashSet<>();
    String[] lines = text.split("\r?\n", -1);
    boolean columns = false;
    String system = null;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      String at = name + ":" + (i + 1) + ": ";
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        int colon = line.indexOf(':');
        if (colon > 1 && !columns) {
          header.putIfAbsent(line.substring(1, colon).strip().toLowerCase(Locale.ROOT),
              line.substring(colon + 1).strip());
        }
        continue;
      }
      if (!columns) { // the CSV's own header row
        columns = true;
        system = header.get("system");
        continue;
      }
      String code = firstColumn(line);
      if (system != null && isIcd10(system)) {
        code = icd10(code);
      }
      if (!valid(system, code)) {
        problems.add(at + "\"" + shorten(code) + "\" is not a code of " + system);
      } else {
        codes.add(code);
      }
    }
    for (String key : List.of("id", "condition", "system", "version", "source")) {
      if (header.getOrDefault(key, "").isEmpty()) {
        problems.add(name + ": the header has no \"# " + key + ": ...\" line");
      }
    }
    String conditionCode = header.get("condition");
    KnownCondition condition = conditionCode == null ? null
        : Coded.fromCode(KnownCondition.class, conditionCode).orElse(null);
    if (condition == null && conditionCode != null && !conditionCode.isEmpty()) {
      problems.add(name + ": condition \"" + shorten(conditionCode) + "\" is none of "
          + Arrays.stream(KnownCondition.values()).map(KnownCondition::code).toList());
    }
    if (!columns) {
      problems.add(name + ": no table: a row naming the columns, then one code per row");
    } else if (codes.isEmpty() && problems.isEmpty()) {
      problems.add(name + ": the list has no codes");
    }
    if (!problems.isEmpty()) {
      throw new CodeListException(problems);
    }
    return new CodeList(header.get("id"), condition, header.get("system"),
        header.get("version"), header.get("source"), codes);
  }

  static boolean isIcd10(String system) {
    return RecordedCondition.ICD_10.equals(system) || RecordedCondition.ICD_10_UK.equals(system);
  }

  /** An ICD-10 code as lists hold it: capitals, no dot, no UK filler ({@code F10X}). */
  private static String icd10(String code) {
    String normal = code.strip().toUpperCase(Locale.ROOT).replace(".", "");
    return normal.length() == 4 && normal.endsWith("X") ? normal.substring(0, 3) : normal;
  }

  private static boolean valid(String system, String code) {
    if (RecordedCondition.SNOMED_CT.equals(system)) {
      return SNOMED.matcher(code).matches();
    }
    if (system != null && isIcd10(system)) {
      return ICD_10.matcher(code).matches();
    }
    return TOKEN.matcher(code).matches();
  }

  /** The first CSV column (codes hold no commas or quotes; a quoted one is unquoted). */
  private static String firstColumn(String line) {
    int comma = line.indexOf(',');
    String first = (comma < 0 ? line : line.substring(0, comma)).strip();
    return first.length() >= 2 && first.startsWith("\"") && first.endsWith("\"")
        ? first.substring(1, first.length() - 1).strip() : first;
  }

  private static String shorten(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
