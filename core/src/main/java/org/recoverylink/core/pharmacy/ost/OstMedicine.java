package org.recoverylink.core.pharmacy.ost;

import java.util.List;
import org.recoverylink.core.rules.Coded;

/**
 * The opioid substitution medicines a pharmacy dispenses under shared care, with the SNOMED CT
 * substance concepts of their active ingredients (UK Clinical Edition; methadone, buprenorphine
 * and naloxone as listed in the clinical reference, section 6.2). Products (dm+d) are the
 * prescribing system's business and are not named here.
 */
public enum OstMedicine implements Coded {
  METHADONE("methadone", "Methadone", List.of("387286002")),
  BUPRENORPHINE("buprenorphine", "Buprenorphine", List.of("387173000")),
  BUPRENORPHINE_NALOXONE("buprenorphine-naloxone", "Buprenorphine with naloxone",
      List.of("387173000", "372890007"));

  private final String code;
  private final String display;
  private final List<String> substances;

  OstMedicine(String code, String display, List<String> substances) {
    this.code = code;
    this.display = display;
    this.substances = substances;
  }

  /** Stable code, as the API and FHIR mapping write it. */
  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }

  /** SNOMED CT substance concepts of the active ingredients, in order. */
  public List<String> substances() {
    return substances;
  }

  /** The medicine with this {@link #code()}. */
  public static OstMedicine fromCode(String code) {
    for (OstMedicine medicine : values()) {
      if (medicine.code.equals(code)) {
        return medicine;
      }
    }
    throw new IllegalArgumentException("not an OST medicine: " + code);
  }
}
