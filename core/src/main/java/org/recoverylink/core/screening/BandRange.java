package org.recoverylink.core.screening;

import java.util.Objects;

/** A band and the totals it covers, both ends inclusive. */
public record BandRange(Band band, int min, int max) {

  public BandRange {
    Objects.requireNonNull(band, "band");
    if (min > max) {
      throw new IllegalArgumentException("band " + band.code() + ": " + min + " > " + max);
    }
  }

  public boolean contains(int total) {
    return total >= min && total <= max;
  }

  @Override
  public String toString() {
    return band.code() + " " + (min == max ? "" + min : min + "-" + max);
  }
}
