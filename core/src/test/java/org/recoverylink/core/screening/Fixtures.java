package org.recoverylink.core.screening;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Builds test responses; every expected result lives in the tests, never here. */
public final class Fixtures {

  private Fixtures() {
  }

  /**
   * A complete response to {@code instrumentId} whose chosen options add up to {@code total}
   * (found by a small search, so item scales such as AUDIT's 0/2/4 are respected).
   */
  public static Response withTotal(String instrumentId, int total) {
    Instrument instrument = Instruments.require(instrumentId);
    List<AnswerOption> chosen = new ArrayList<>();
    if (!search(instrument.items(), 0, total, chosen)) {
      throw new IllegalArgumentException(instrumentId + " cannot total " + total);
    }
    Response.Builder builder = Response.builder(instrumentId);
    chosen.forEach(option -> builder.choose(option.itemId(), option.code()));
    return builder.build();
  }

  private static boolean search(List<Item> items, int from, int remaining,
      List<AnswerOption> chosen) {
    if (from == items.size()) {
      return remaining == 0;
    }
    int restMax = 0;
    for (int i = from + 1; i < items.size(); i++) {
      restMax += items.get(i).maxPoints();
    }
    List<AnswerOption> options = new ArrayList<>(items.get(from).options());
    options.sort(Comparator.comparingInt(AnswerOption::points).reversed());
    for (AnswerOption option : options) {
      int left = remaining - option.points();
      if (left >= 0 && left <= restMax) {
        chosen.add(option);
        if (search(items, from + 1, left, chosen)) {
          return true;
        }
        chosen.remove(chosen.size() - 1);
      }
    }
    return false;
  }

  /** A FAST response from the points of each question asked; pass only the questions asked. */
  public static Response fast(int... points) {
    Response.Builder builder = Response.builder("fast");
    for (int i = 0; i < points.length; i++) {
      builder.points("fast-" + (i + 1), points[i]);
    }
    return builder.build();
  }

  /** A PHQ-9 with the given total reached on items 1-8 and item 9 set separately. */
  public static Response phq9(int totalOfItems1To8, int item9) {
    Response.Builder builder = Response.builder("phq-9");
    int remaining = totalOfItems1To8;
    for (int i = 1; i <= 8; i++) {
      int points = Math.min(3, remaining);
      builder.points("phq-9-" + i, points);
      remaining -= points;
    }
    if (remaining != 0) {
      throw new IllegalArgumentException("items 1-8 cannot total " + totalOfItems1To8);
    }
    return builder.points("phq-9-9", item9).build();
  }
}
