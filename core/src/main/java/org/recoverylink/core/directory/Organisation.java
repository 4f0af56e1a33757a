package org.recoverylink.core.directory;

import java.util.Objects;
import java.util.Optional;

/**
 * A provider organisation.
 *
 * @param id      stable id within the directory
 * @param name    name
 * @param odsCode its ODS code, where known (none is invented for the Essex directory)
 */
public record Organisation(String id, String name, Optional<String> odsCode) {

  public Organisation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(odsCode, "odsCode");
  }
}
