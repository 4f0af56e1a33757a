package org.recoverylink.core.screening;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One scored question of an instrument.
 *
 * @param id      stable id, {@code {instrument}-{number}}, e.g. {@code audit-3}
 * @param number  1-based position in the instrument
 * @param code    the item's LOINC code, where LOINC has one
 * @param text    UK wording of the question
 * @param options the allowed answers, each with its points (points are unique within an item)
 */
public record Item(String id, int number, Optional<String> code, String text,
    List<AnswerOption> options) {

  public Item {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(text, "text");
    options = List.copyOf(options);
    List<String> codes = new ArrayList<>();
    List<Integer> points = new ArrayList<>();
    for (AnswerOption option : options) {
      if (!option.itemId().equals(id)) {
        throw new IllegalArgumentException("option " + option.code() + " belongs to "
            + option.itemId() + ", not " + id);
      }
      if (codes.contains(option.code()) || points.contains(option.points())) {
        throw new IllegalArgumentException("item " + id + " repeats option " + option.code()
            + " or points " + option.points());
      }
      codes.add(option.code());
      points.add(option.points());
    }
  }

  /** The option with this code, if the item has one. */
  public Optional<AnswerOption> option(String optionCode) {
    return options.stream().filter(o -> o.code().equals(optionCode)).findFirst();
  }

  /** The option that scores these points, if the item has one. */
  public Optional<AnswerOption> optionWithPoints(int points) {
    return options.stream().filter(o -> o.points() == points).findFirst();
  }

  /** Lowest points this item can score. */
  public int minPoints() {
    int min = Integer.MAX_VALUE;
    for (AnswerOption option : options) {
      min = Math.min(min, option.points());
    }
    return min;
  }

  /** Highest points this item can score. */
  public int maxPoints() {
    int max = Integer.MIN_VALUE;
    for (AnswerOption option : options) {
      max = Math.max(max, option.points());
    }
    return max;
  }

  /** An item before it knows its instrument: lets instruments share question texts and scales. */
  record Template(String loincCode, String text, String[][] scale, int[] points) {

    Item toItem(String instrumentId, int number) {
      if (scale.length != points.length) {
        throw new IllegalArgumentException(instrumentId + " item " + number + ": "
            + scale.length + " options but " + points.length + " points");
      }
      // Interned like a literal, so callers passing the constant ids compare by identity.
      String id = (instrumentId + "-" + number).intern();
      List<AnswerOption> options = new ArrayList<>(scale.length);
      for (int i = 0; i < scale.length; i++) {
        options.add(new AnswerOption(id, scale[i][0], scale[i][1], points[i]));
      }
      return new Item(id, number, Optional.ofNullable(loincCode), text, options);
    }
  }
}
