package org.recoverylink.core.pharmacy;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.recoverylink.core.nhs.OdsCode;

/**
 * Field checks the pharmacy events share. Each adds a {@link Problem} to the list it is given and
 * never throws, so a constructor can check every field and then throw once with
 * {@link InvalidPharmacyDataException#throwIfAny(List)}. No message echoes the value it rejects.
 */
public final class Checks {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  /** More significant digits than any amount we take has. */
  private static final int MAX_DIGITS = 30;

  private Checks() {
  }

  /**
   * An event id chosen by the caller, the key that makes recording the event idempotent: a UUID
   * in its canonical 8-4-4-4-12 hexadecimal form, returned in lower case so that one event has
   * one key however it was typed.
   */
  public static String eventId(String id, String field, List<Problem> problems) {
    String lower = id == null ? null : id.toLowerCase(Locale.ROOT);
    if (lower == null || !UUID.matcher(lower).matches()) {
      problems.add(new Problem(field, "a UUID chosen by the caller, e.g."
          + " 3f2b8c1e-5d4a-4e6f-9b7c-2a1d0e9f8c7b"));
    }
    return lower;
  }

  /** An ODS organisation code: 3 to 10 letters and digits, returned in upper case. */
  public static String odsCode(String code, String field, List<Problem> problems) {
    String upper = code == null ? null : code.toUpperCase(Locale.ROOT);
    if (upper == null || !OdsCode.isValid(upper)) {
      problems.add(new Problem(field, "an ODS code: 3 to 10 letters and digits, e.g. FA123"));
    }
    return upper;
  }

  /**
   * An amount above zero given to at most {@code places} decimal places (trailing zeros aside),
   * e.g. milligrams to a thousandth; a problem names {@code what} and the rule, never the value.
   *
   * @return whether it is such an amount (false when null: a problem says it is required)
   */
  public static boolean positiveAmount(BigDecimal amount, int places, String field, String what,
      List<Problem> problems) {
    if (amount == null || amount.signum() <= 0) {
      problems.add(new Problem(field, what + " above zero is required"));
      return false;
    }
    // Stripping zeros divides; a number of many digits is too precise to need it.
    if (amount.scale() > places && (amount.precision() > MAX_DIGITS
        || amount.stripTrailingZeros().scale() > places)) {
      problems.add(new Problem(field, what + " is given to at most " + places
          + " decimal places"));
      return false;
    }
    return true;
  }

  /** Adds "required" when {@code value} is null. */
  public static void required(Object value, String field, List<Problem> problems) {
    if (value == null) {
      problems.add(new Problem(field, "required"));
    }
  }

  /**
   * An unmodifiable copy of {@code values} in declaration order; empty, with a problem, when the
   * set or one of its elements is null.
   */
  public static <E extends Enum<E>> Set<E> enumSet(Class<E> type, Set<E> values, String field,
      List<Problem> problems) {
    EnumSet<E> copy = EnumSet.noneOf(type);
    boolean nulls = values == null;
    for (E value : nulls ? Set.<E>of() : values) { // not contains(null): Set.of throws on it
      nulls |= value == null;
      if (value != null) {
        copy.add(value);
      }
    }
    if (nulls) {
      problems.add(new Problem(field, "a set without nulls; empty when there is none"));
    }
    return Collections.unmodifiableSet(copy);
  }
}
