package org.recoverylink.core.rules;

import java.util.Objects;

/**
 * A diagnosis in the person's record that a code list recognises as a known condition: the
 * code as it was recorded and the list that matched it, so that a rationale can name both and
 * a clinician can check them.
 *
 * @param condition the known condition the list stands for
 * @param system    the code system, e.g. {@code http://snomed.info/sct}
 * @param code      the code as recorded, e.g. {@code 58214004}
 * @param list      the list that matched, with its version, e.g. {@code MH_COD 2024-12-05}
 */
public record RecordedCondition(KnownCondition condition, String system, String code,
    String list) {

  /** The code systems the rationale names in words; any other is shown by its URI. */
  public static final String SNOMED_CT = "http://snomed.info/sct";
  public static final String ICD_10 = "http://hl7.org/fhir/sid/icd-10";
  public static final String ICD_10_UK = "http://hl7.org/fhir/sid/icd-10-uk";

  public RecordedCondition {
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(system, "system");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(list, "list");
  }

  /** E.g. "SNOMED CT 58214004 in MH_COD 2024-12-05". */
  @Override
  public String toString() {
    String name = switch (system) {
      case SNOMED_CT -> "SNOMED CT";
      case ICD_10, ICD_10_UK -> "ICD-10";
      default -> system;
    };
    return name + " " + code + " in " + list;
  }
}
