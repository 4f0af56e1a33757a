package org.recoverylink.core.rules;

import java.util.Optional;

/** An enum constant with a stable code, as used in FHIR CodeSystems and configuration. */
public interface Coded {

  /** Stable code, e.g. {@code prison-release}. */
  String code();

  /** Human-readable name. */
  String display();

  /** The constant of {@code type} with this code. */
  static <E extends Enum<E> & Coded> Optional<E> fromCode(Class<E> type, String code) {
    for (E constant : type.getEnumConstants()) {
      if (constant.code().equals(code)) {
        return Optional.of(constant);
      }
    }
    return Optional.empty();
  }
}
