package org.recoverylink.core.reporting;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small-number rule for published activity counts: a count from {@code lowest} to
 * {@code highest} is suppressed (shown as suppressed, never as its value); zero and larger counts
 * are shown. The default, 1 to 4, is the rule for commissioner reports; local disclosure
 * policies differ (some suppress up to 5 or 10), so it is configuration.
 *
 * <p>A report states relations between its counts (a breakdown's parts add up to its total, one
 * count appears in two groups), and its reader knows them. {@link #suppress} hides more counts
 * (complementary suppression) until no hidden count can be worked out from the shown ones and
 * those relations.
 *
 * @param lowest  the smallest count suppressed, at least 1
 * @param highest the largest count suppressed
 */
public record SmallNumbers(int lowest, int highest) {

  /** Counts 1 to 4 suppressed. */
  public static final SmallNumbers DEFAULT = new SmallNumbers(1, 4);

  public SmallNumbers {
    if (lowest < 1 || highest < lowest) {
      throw new IllegalArgumentException("suppress counts from " + lowest + " to " + highest
          + "? The range starts at 1 or more and does not run backwards");
    }
  }

  /** One count on its own. */
  public Cell cell(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("a count is never negative: " + count);
    }
    return count >= lowest && count <= highest ? new Cell.Suppressed() : new Cell.Shown(count);
  }

  /**
   * The cells of a whole report. First the small counts are suppressed; then, while a hidden
   * count is determined by the shown counts and the relations (its value follows from them
   * whatever the other hidden counts are), one more count is hidden: of the shown counts that
   * share a relation with a hidden one, the one that leaves the fewest hidden counts
   * determined, a non-zero count before a zero (a zero is often known to be zero anyway), then
   * the smallest, then the first. The same counts always hide the same cells.
   *
   * <p>A hidden count is determined exactly when its unit vector lies in the row space of the
   * relations restricted to the hidden counts (the shown ones are known numbers); worked out
   * exactly in integers.
   *
   * @param counts    every count of the report, in the report's order (ties go to the first)
   * @param relations what the report's definitions state between its counts
   * @return the cells, in the order of {@code counts}
   * @throws IllegalArgumentException when a relation names a count not in {@code counts}
   */
  public <K> Map<K, Cell> suppress(Map<K, Long> counts, Collection<Relation<K>> relations) {
    List<K> keys = List.copyOf(counts.keySet());
    Map<K, Integer> index = new LinkedHashMap<>();
    keys.forEach(key -> index.put(key, index.size()));
    List<int[][]> rows = new ArrayList<>(); // per relation: {cell indexes}, {coefficients}
    for (Relation<K> relation : relations) {
      int[] cells = new int[relation.terms().size()];
      int[] coefficients = new int[cells.length];
      int i = 0;
      for (Map.Entry<K, Integer> term : relation.terms().entrySet()) {
        Integer at = index.get(term.getKey());
        if (at == null) {
          throw new IllegalArgumentException("a relation names " + term.getKey()
              + ", which is not a count of the report");
        }
        cells[i] = at;
        coefficients[i++] = term.getValue();
      }
      rows.add(new int[][] {cells, coefficients});
    }
    long[] values = keys.stream().mapToLong(counts::get).toArray();
    boolean[] hidden = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      hidden[i] = cell(values[i]).suppressed();
    }
    while (determined(rows, hidden) > 0) {
      List<Integer> candidates = new ArrayList<>();
      for (int[][] row : rows) {
        if (anyHidden(row[0], hidden)) {
          for (int cell : row[0]) {
            if (!hidden[cell] && !candidates.contains(cell)) {
              candidates.add(cell);
            }
          }
        }
      }
      if (candidates.isEmpty()) {
        break; // determined by the relations alone: nothing shown gives it away
      }
      Map<Integer, Integer> left = new LinkedHashMap<>();
      for (int candidate : candidates) {
        hidden[candidate] = true;
        left.put(candidate, determined(rows, hidden));
        hidden[candidate] = false;
      }
      int chosen = candidates.stream().min(Comparator.<Integer>comparingInt(left::get)
          .thenComparing(c -> values[c] == 0)
          .thenComparingLong(c -> values[c])
          .thenComparingInt(c -> c)).orElseThrow();
      hidden[chosen] = true;
    }
    Map<K, Cell> cells = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) {
      cells.put(keys.get(i), hidden[i] ? new Cell.Suppressed() : cell(values[i]));
    }
    return cells;
  }

  private static boolean anyHidden(int[] cells, boolean[] hidden) {
    for (int cell : cells) {
      if (hidden[cell]) {
        return true;
      }
    }
    return false;
  }

  /**
   * How many hidden counts the relations determine: the relations restricted to the hidden
   * counts brought to reduced row echelon form (fraction-free, each row kept divided by its
   * greatest common divisor); a count is determined when a row has it alone.
   */
  private static int determined(List<int[][]> relations, boolean[] hidden) {
    List<long[]> matrix = new ArrayList<>();
    for (int[][] relation : relations) {
      long[] row = new long[hidden.length];
      boolean any = false;
      for (int i = 0; i < relation[0].length; i++) {
        if (hidden[relation[0][i]]) {
          row[relation[0][i]] += relation[1][i];
          any = true;
        }
      }
      if (any) {
        matrix.add(row);
      }
    }
    int pivotRow = 0;
    for (int column = 0; column < hidden.length && pivotRow < matrix.size(); column++) {
      int found = -1;
      for (int r = pivotRow; r < matrix.size(); r++) {
        if (matrix.get(r)[column] != 0) {
          found = r;
          break;
        }
      }
      if (found < 0) {
        continue;
      }
      long[] pivot = matrix.remove(found);
      matrix.add(pivotRow, pivot);
      for (int r = 0; r < matrix.size(); r++) {
        long[] row = matrix.get(r);
        if (r != pivotRow && row[column] != 0) {
          long factor = row[column];
          for (int c = 0; c < row.length; c++) {
            row[c] = Math.subtractExact(Math.multiplyExact(pivot[column], row[c]),
                Math.multiplyExact(factor, pivot[c]));
          }
          divideByGcd(row);
        }
      }
      pivotRow++;
    }
    int determined = 0;
    for (long[] row : matrix) {
      int nonZero = 0;
      for (long entry : row) {
        nonZero += entry != 0 ? 1 : 0;
      }
      determined += nonZero == 1 ? 1 : 0;
    }
    return determined;
  }

  private static void divideByGcd(long[] row) {
    long gcd = 0;
    for (long entry : row) {
      gcd = gcd(gcd, Math.abs(entry));
    }
    if (gcd > 1) {
      for (int c = 0; c < row.length; c++) {
        row[c] /= gcd;
      }
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
