package org.recoverylink.core.pharmacy.nsp;

import java.util.Locale;
import java.util.Objects;

/**
 * What a store keeps of a {@link ClientCode}: a keyed hash of it (HMAC-SHA-256 under a secret of
 * the deployment, written as 64 lower-case hexadecimal digits). The same code always gives the
 * same pseudonym under one key, so visits by one client still count as one; without the key
 * nobody can go back from it to the initials and date of birth, nor try every date of birth to
 * find them. The hashing, and the key, belong to whoever stores the records: core holds no keys.
 *
 * @param value 64 hexadecimal digits, stored in lower case
 * @throws IllegalArgumentException when it is not that
 */
public record ClientPseudonym(String value) {

  public ClientPseudonym {
    Objects.requireNonNull(value, "value");
    if (!value.matches("[0-9a-fA-F]{64}")) {
      throw new IllegalArgumentException("a client pseudonym is 64 hexadecimal digits");
    }
    value = value.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return value;
  }
}
