package org.recoverylink.core.directory;

import java.util.Objects;

/**
 * A local authority district, e.g. Basildon (ONS code E07000066).
 *
 * @param code  ONS code
 * @param name  name
 * @param area  the part of the county it belongs to (Essex: its quadrant); empty when outside
 * @param local whether the directory's commissioned services cover it; a neighbouring district
 *              (Essex: Southend, Thurrock) is known, so a postcode there is recognised, but
 *              not local
 */
public record District(String code, String name, String area, boolean local) {

  public District {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(area, "area");
  }

  @Override
  public String toString() {
    return name + " (" + code + ")";
  }
}
