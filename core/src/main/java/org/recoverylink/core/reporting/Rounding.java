package org.recoverylink.core.reporting;

/**
 * Rounding of the counts a report shows, after suppression: each to the nearest multiple of
 * {@code multiple} (halves up). Suppression keeps a small count from being worked out of one
 * report; it cannot stop a reader subtracting two reports that overlap (a county and the county
 * less one organisation, a month and the month less a day) to get a small one back exactly.
 * Rounding does: below national level NHS Digital's published statistics show counts rounded to
 * the nearest 5, and percentages worked out from the rounded counts ("Disclosure control
 * methodology for Hospital Episode Statistics (HES) and Emergency Care Data Set (ECDS)",
 * September 2018, since adopted for its other datasets).
 *
 * @param multiple 1 shows counts as they are; 5 is the NHS convention
 */
public record Rounding(int multiple) {

  /** Counts shown as they are. */
  public static final Rounding NONE = new Rounding(1);
  /** Counts shown to the nearest 5. */
  public static final Rounding NEAREST_5 = new Rounding(5);

  public Rounding {
    if (multiple < 1) {
      throw new IllegalArgumentException("counts round to a multiple of 1 or more: " + multiple);
    }
  }

  /** Whether counts are changed at all. */
  public boolean rounds() {
    return multiple > 1;
  }

  /** A shown count rounded; a suppressed one as it is. */
  public Cell apply(Cell cell) {
    if (cell instanceof Cell.Shown shown) {
      return new Cell.Shown((shown.count() + multiple / 2) / multiple * multiple);
    }
    return cell;
  }
}
