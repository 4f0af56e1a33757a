package org.recoverylink.fhir.assessment;

import java.util.List;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;

/**
 * Recognising an instrument from what a form's items are known by (docs/http-api.md "Assess", steps
 * c and d): the instruments whose total-score code appears, and how many of each instrument's items
 * appear. Counted key by key; not thread-safe.
 */
final class Recognition {

  private static final List<Instrument> ALL = Instruments.all();

  private final boolean[] totals;
  private final int[] matches;

  Recognition() {
    this(new boolean[ALL.size()], new int[ALL.size()]);
  }

  private Recognition(boolean[] totals, int[] matches) {
    this.totals = totals;
    this.matches = matches;
  }

  Recognition copy() {
    return new Recognition(totals.clone(), matches.clone());
  }

  /** Counts one key (a linkId without '/', or an item code); each key once. */
  void count(String key) {
    if (key == null) {
      return;
    }
    Instrument total = Instruments.findByTotalCode(key).orElse(null);
    if (total != null) {
      totals[ALL.indexOf(total)] = true;
    }
    for (Instrument instrument : Instruments.withItem(key)) {
      matches[ALL.indexOf(instrument)]++;
    }
  }

  /**
   * The instrument: among those whose total code appears (all, if none does), the one with most
   * items present, the smaller on a tie (the form covers it fully); with no item present, the one
   * instrument whose total code appears (its items are then matched by position). Null if none.
   */
  Instrument best() {
    boolean anyTotal = false;
    for (boolean total : totals) {
      anyTotal |= total;
    }
    Instrument best = null;
    int bestMatches = 0;
    Instrument onlyTotal = null;
    int totalCount = 0;
    for (int i = 0; i < ALL.size(); i++) {
      if (anyTotal && !totals[i]) {
        continue;
      }
      Instrument instrument = ALL.get(i);
      if (totals[i]) {
        totalCount++;
        onlyTotal = instrument;
      }
      if (matches[i] > bestMatches || (matches[i] == bestMatches && best != null
          && matches[i] > 0 && instrument.items().size() < best.items().size())) {
        best = instrument;
        bestMatches = matches[i];
      }
    }
    return best == null && totalCount == 1 ? onlyTotal : best;
  }

  /**
   * As {@link #best()}, for a form with this many scored questions: where its items carry no
   * instrument's codes but several total codes appear (an AUDIT form that states its AUDIT-C
   * sub-total as well), the instrument with as many questions as the form scores, else the
   * largest, whose questions then cannot be matched by position and are named as such.
   */
  Instrument best(int scoredQuestions) {
    Instrument best = best();
    if (best != null) {
      return best;
    }
    Instrument largest = null;
    for (int i = 0; i < ALL.size(); i++) {
      Instrument instrument = ALL.get(i);
      if (!totals[i]) {
        continue;
      }
      if (instrument.items().size() == scoredQuestions) {
        return instrument;
      }
      if (largest == null || instrument.items().size() > largest.items().size()) {
        largest = instrument;
      }
    }
    return largest;
  }
}
