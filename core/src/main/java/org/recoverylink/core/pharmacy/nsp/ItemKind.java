package org.recoverylink.core.pharmacy.nsp;

import java.util.Optional;
import java.util.regex.Pattern;
import org.recoverylink.core.rules.Coded;

/**
 * What a needle and syringe programme gives: packs, or pick-and-mix items chosen one by one
 * (clinical reference 8.2). The pack types are a small local list, not a national one: what each
 * pack holds is set by the local service, so a pack is counted as a pack. Syringes, needles and
 * sharps bins are recorded by size, in a fixed format that leaves no room for free text.
 */
public enum ItemKind implements Coded {
  PACK_1ML("pack-1ml", "1 ml syringe pack", false, null, null),
  PACK_2ML("pack-2ml", "2 ml syringe pack", false, null, null),
  PACK_MIXED("pack-mixed", "Mixed pack, 1 ml and 2 ml syringes", false, null, null),
  /** Larger syringes and intramuscular needles, for image- and performance-enhancing drugs. */
  PACK_IPED("pack-iped", "Intramuscular pack for image- and performance-enhancing drugs", false,
      null, null),
  SYRINGE("syringe", "Syringe", true, "(0\\.[0-9]?[1-9]|[1-9][0-9]?(\\.[0-9]?[1-9])?)ml",
      "millilitres, e.g. 1ml or 0.5ml"),
  NEEDLE("needle", "Needle", true, "[1-3][0-9]G-[1-9][0-9]?mm",
      "gauge and length in millimetres, e.g. 25G-16mm"),
  FILTER("filter", "Filter", true, null, null),
  SPOON_OR_COOKER("spoon-or-cooker", "Spoon or cooker", true, null, null),
  WATER("water", "Water for injections ampoule", true, null, null),
  CITRIC_OR_VITAMIN_C("citric-or-vitamin-c", "Citric acid or vitamin C sachet", true, null, null),
  SWAB("swab", "Swab", true, null, null),
  /**
   * Given with packs and with pick-and-mix alike, at every level: safe disposal is not a choice of
   * equipment (a local reading of the levels).
   */
  SHARPS_BIN("sharps-bin", "Sharps bin", false, "(0\\.[0-9]?[1-9]|[1-9][0-9]?(\\.[0-9]?[1-9])?)L",
      "litres, e.g. 1L or 0.6L");

  private final String code;
  private final String display;
  private final boolean pickAndMix;
  private final Pattern size;
  private final String sizeFormat;

  ItemKind(String code, String display, boolean pickAndMix, String size, String sizeFormat) {
    this.code = code;
    this.display = display;
    this.pickAndMix = pickAndMix;
    this.size = size == null ? null : Pattern.compile(size);
    this.sizeFormat = sizeFormat;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }

  /** Chosen item by item: NICE PH52 level 2 and above, never at a level 1 pharmacy. */
  public boolean pickAndMix() {
    return pickAndMix;
  }

  /** How the size is written, for kinds recorded by size; empty for the others. */
  public Optional<String> sizeFormat() {
    return Optional.ofNullable(sizeFormat);
  }

  boolean fits(String size) {
    return this.size.matcher(size).matches();
  }
}
