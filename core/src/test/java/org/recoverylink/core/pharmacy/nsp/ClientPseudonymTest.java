package org.recoverylink.core.pharmacy.nsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientPseudonymTest {

  @Test
  void sixtyFourHexadecimalDigitsStoredInLowerCase() {
    assertEquals("ab".repeat(32), new ClientPseudonym("AB".repeat(32)).value());
  }

  @Test
  void aClientCodeOrAnythingElseIsNotAPseudonym() {
    assertThrows(IllegalArgumentException.class, () -> new ClientPseudonym("JS-19900314-M"));
    assertThrows(IllegalArgumentException.class, () -> new ClientPseudonym("ab".repeat(31)));
    assertThrows(IllegalArgumentException.class, () -> new ClientPseudonym("zz".repeat(32)));
  }
}
