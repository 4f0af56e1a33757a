package org.recoverylink.core.pharmacy.nsp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * One line of what was given: so many of one kind, of one size where the kind has sizes.
 *
 * <p>Quantities are not capped: NICE PH52 asks for equipment to meet need, not an arbitrary
 * limit. Only more than {@value #MAX_QUANTITY} of one item on one line is refused, as a typing
 * error.
 *
 * @param kind     what was given
 * @param size     written as {@link ItemKind#sizeFormat()} says; required for syringes, needles
 *                 and sharps bins, empty for every other kind
 * @param quantity how many, at least 1
 * @throws InvalidPharmacyDataException listing every problem, fields named {@code item.*}
 */
public record Item(ItemKind kind, Optional<String> size, int quantity) {

  /** More than this many of one item on one line is taken for a typing error. */
  public static final int MAX_QUANTITY = 1000;

  public Item {
    List<Problem> problems = new ArrayList<>();
    if (kind == null) {
      problems.add(new Problem("item.kind", "required"));
    }
    if (size == null) {
      problems.add(new Problem("item.size", "empty when the kind has no size, never null"));
    } else if (kind != null) {
      Optional<String> format = kind.sizeFormat();
      if (format.isPresent() && size.isEmpty()) {
        problems.add(new Problem("item.size", kind.display() + ": the size is required, in "
            + format.get()));
      } else if (format.isPresent() && !kind.fits(size.get())) {
        problems.add(new Problem("item.size", kind.display() + ": the size is written in "
            + format.get()));
      } else if (format.isEmpty() && size.isPresent()) {
        problems.add(new Problem("item.size", kind.display() + ": recorded without a size"));
      }
    }
    if (quantity < 1) {
      problems.add(new Problem("item.quantity", "at least 1"));
    } else if (quantity > MAX_QUANTITY) {
      problems.add(new Problem("item.quantity", "more than " + MAX_QUANTITY
          + " of one item is taken for a typing error (supply itself is not capped)"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /** {@code quantity} of a kind recorded without a size, e.g. packs or filters. */
  public static Item of(ItemKind kind, int quantity) {
    return new Item(kind, Optional.empty(), quantity);
  }

  /** {@code quantity} of a kind recorded by size, e.g. {@code sized(SYRINGE, "1ml", 20)}. */
  public static Item sized(ItemKind kind, String size, int quantity) {
    return new Item(kind, Optional.ofNullable(size), quantity);
  }
}
