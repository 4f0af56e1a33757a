package org.recoverylink.core.pharmacy.nsp;

import java.util.List;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * Used equipment brought back on a visit. Recorded, never a condition of supply: not returning
 * equipment must not stop or reduce new supply (a Wigan service specification, clinical reference
 * 8.2), so no rule reads this to limit what is given.
 *
 * @param sharpsBins sharps bins returned, 0 to {@value Item#MAX_QUANTITY}
 * @param loose      used equipment returned loose, not in a bin
 * @throws InvalidPharmacyDataException when {@code sharpsBins} is out of range
 */
public record Returns(int sharpsBins, boolean loose) {

  /** Nothing was returned. */
  public static final Returns NONE = new Returns(0, false);

  public Returns {
    if (sharpsBins < 0 || sharpsBins > Item.MAX_QUANTITY) {
      throw new InvalidPharmacyDataException(List.of(new Problem("returns.sharpsBins",
          "0 to " + Item.MAX_QUANTITY)));
    }
  }

  /** Whether anything came back. */
  public boolean any() {
    return sharpsBins > 0 || loose;
  }
}
