package org.recoverylink.core.screening;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A screening instrument as data: its items with UK wording and points, its codes and how its
 * total becomes a band. Instances are immutable; the built-in ones are in {@link Instruments}.
 */
public final class Instrument {

  private final String id;
  private final String title;
  private final String recall;
  private final Optional<String> panelCode;
  private final Optional<String> totalCode;
  private final Optional<String> snomedTotalCode;
  private final List<Item> items;
  private final Banding banding;
  private final String source;
  private final Map<String, Item> itemsById;
  /** Items by LOINC code and by id: how FHIR forms name them. */
  private final Map<String, Item> itemsByKey;
  /** The options of each item as arrays, with their codes' hashes: the scorer's fast look-ups. */
  private final AnswerOption[][] optionsByItem;
  private final long[] pointsMaskByItem;
  private final int[][] codeHashesByItem;
  private final int minTotal;
  private final int maxTotal;

  Instrument(String id, String title, String recall, String panelCode, String totalCode,
      String snomedTotalCode, List<Item> items, Banding banding, String source) {
    this.id = Objects.requireNonNull(id, "id");
    this.title = Objects.requireNonNull(title, "title");
    this.recall = Objects.requireNonNull(recall, "recall");
    this.panelCode = Optional.ofNullable(panelCode);
    this.totalCode = Optional.ofNullable(totalCode);
    this.snomedTotalCode = Optional.ofNullable(snomedTotalCode);
    this.items = List.copyOf(items);
    this.banding = Objects.requireNonNull(banding, "banding");
    this.source = Objects.requireNonNull(source, "source");
    if (this.items.size() > Long.SIZE) {
      throw new IllegalArgumentException(id + ": at most 64 items"); // the scorer's bit mask
    }
    Map<String, Item> byId = new HashMap<>();
    int min = 0;
    int max = 0;
    for (int i = 0; i < this.items.size(); i++) {
      Item item = this.items.get(i);
      if (item.number() != i + 1 || byId.put(item.id(), item) != null) {
        throw new IllegalArgumentException(id + ": item " + item.id() + " is out of place");
      }
      min += item.minPoints();
      max += item.maxPoints();
    }
    this.itemsById = byId; // never exposed or changed; a HashMap looks up faster than Map.copyOf
    this.itemsByKey = new HashMap<>(byId);
    this.items.forEach(item -> item.code().ifPresent(code -> itemsByKey.put(code, item)));
    this.optionsByItem = new AnswerOption[this.items.size()][];
    this.codeHashesByItem = new int[this.items.size()][];
    this.pointsMaskByItem = new long[this.items.size()];
    for (int i = 0; i < optionsByItem.length; i++) {
      optionsByItem[i] = this.items.get(i).options().toArray(new AnswerOption[0]);
      codeHashesByItem[i] = new int[optionsByItem[i].length];
      for (int o = 0; o < optionsByItem[i].length; o++) {
        codeHashesByItem[i][o] = optionsByItem[i][o].code().hashCode();
        int points = optionsByItem[i][o].points();
        if (points < 0 || points >= Long.SIZE) {
          throw new IllegalArgumentException(id + ": points must be 0 to 63");
        }
        pointsMaskByItem[i] |= 1L << points;
      }
    }
    this.minTotal = min;
    this.maxTotal = max;
    if (banding instanceof Banding.Ranges ranges && (ranges.ranges().get(0).min() != min
        || ranges.ranges().get(ranges.ranges().size() - 1).max() != max)) {
      throw new IllegalArgumentException(id + ": bands do not cover " + min + "-" + max);
    }
  }

  /** Stable id, e.g. {@code audit-c}; also the FHIR Questionnaire id. */
  public String id() {
    return id;
  }

  /** Full title, e.g. "Alcohol Use Disorders Identification Test - Consumption (AUDIT-C)". */
  public String title() {
    return title;
  }

  /** The question stem or recall period shared by the items, e.g. "Over the last 2 weeks...". */
  public String recall() {
    return recall;
  }

  /** LOINC code of the panel, where LOINC has one. */
  public Optional<String> panelCode() {
    return panelCode;
  }

  /** LOINC code of the total score, where LOINC has one. */
  public Optional<String> totalCode() {
    return totalCode;
  }

  /** SNOMED CT (UK) code of the total score, where one has been checked. */
  public Optional<String> snomedTotalCode() {
    return snomedTotalCode;
  }

  public List<Item> items() {
    return items;
  }

  /** The item with this id, e.g. {@code audit-9}. */
  public Optional<Item> item(String itemId) {
    return Optional.ofNullable(itemsById.get(itemId));
  }

  /** The item with this LOINC code, e.g. {@code 44260-8}. */
  public Optional<Item> itemByCode(String loincCode) {
    Item item = itemsByKey.get(loincCode);
    return item != null && item.code().filter(loincCode::equals).isPresent()
        ? Optional.of(item) : Optional.empty();
  }

  /** The item with this LOINC code or this id, e.g. {@code 44260-8} or {@code fast-1}; or null. */
  public Item itemByCodeOrIdOrNull(String key) {
    return itemsByKey.get(key);
  }

  /**
   * The item with this id, or null; {@code position} is where the answer stands in its response.
   * Forms usually answer in item order, so the item at that position is tried before the index.
   */
  Item itemOrNull(String itemId, int position) {
    if (position < items.size()) {
      Item guess = items.get(position);
      if (guess.id().equals(itemId)) {
        return guess;
      }
    }
    return itemsById.get(itemId);
  }

  /** The option of item {@code index} (0-based) with this code, or null. */
  AnswerOption optionOrNull(int index, String optionCode) {
    // Comparing the (cached) hashes first makes each non-matching option one int comparison.
    int hash = optionCode.hashCode();
    int[] hashes = codeHashesByItem[index];
    AnswerOption[] options = optionsByItem[index];
    for (int o = 0; o < options.length; o++) {
      if (hashes[o] == hash && options[o].code().equals(optionCode)) {
        return options[o];
      }
    }
    return null;
  }

  /**
   * The points an item's options score, as a bit set: bit {@code p} is set when an option
   * scores {@code p}. Lets a form's weights be checked against the item in one operation.
   */
  public long pointsMask(Item item) {
    return pointsMaskByItem[item.number() - 1];
  }

  /** The option of item {@code index} (0-based) that scores these points, or null. */
  AnswerOption optionWithPointsOrNull(int index, int points) {
    for (AnswerOption option : optionsByItem[index]) {
      if (option.points() == points) {
        return option;
      }
    }
    return null;
  }

  public Banding banding() {
    return banding;
  }

  /** Lowest possible total. */
  public int minTotal() {
    return minTotal;
  }

  /** Highest possible total. */
  public int maxTotal() {
    return maxTotal;
  }

  /** The publication the items, points and bands come from. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return id;
  }
}
