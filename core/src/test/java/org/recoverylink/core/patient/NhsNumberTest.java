package org.recoverylink.core.patient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

  /** Synthetic numbers used in NHS test environments, valid by construction. */
  @ParameterizedTest
  @ValueSource(strings = {"9434765919", "9000000009", "943 476 5919", "943-476-5919"})
  void wellFormedNumbersAreAccepted(String text) {
    assertEquals("9434765919".length(), NhsNumber.parse(text).value().length());
    assertTrue(NhsNumber.problem(NhsNumber.parse(text).value()).isEmpty());
  }

  @Test
  void everySingleDigitSlipIsCaught() {
    String valid = "9434765919";
    for (int position = 0; position < valid.length(); position++) {
      for (char digit = '0'; digit <= '9'; digit++) {
        if (digit == valid.charAt(position)) {
          continue;
        }
        String slipped = valid.substring(0, position) + digit + valid.substring(position + 1);
        assertTrue(NhsNumber.problem(slipped).isPresent(), slipped);
      }
    }
  }

  @Test
  void swappedNeighboursAreCaught() {
    String valid = "9434765919";
    for (int i = 0; i + 1 < valid.length(); i++) {
      if (valid.charAt(i) == valid.charAt(i + 1)) {
        continue;
      }
      String swapped = valid.substring(0, i) + valid.charAt(i + 1) + valid.charAt(i)
          + valid.substring(i + 2);
      assertTrue(NhsNumber.problem(swapped).isPresent(), swapped);
    }
  }

  @Test
  void aStemWhoseCheckDigitWouldBeTenHasNoValidNumber() {
    // 6 x 2 = 12, remainder 1: the check digit would be 10, which no NHS number is issued with.
    for (char digit = '0'; digit <= '9'; digit++) {
      assertTrue(NhsNumber.problem("000000006" + digit).isPresent());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "943476591", "94347659190", "94347659l9", "+434765919"})
  void anythingButTenDigitsIsRefused(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NhsNumber.parse(text));
    assertTrue(e.getMessage().contains("10 digits"), e.getMessage());
  }

  @Test
  void theNumberNeverAppearsInItsTextForm() {
    NhsNumber number = NhsNumber.parse("9434765919");
    assertFalse(number.toString().contains("9434765919"));
    assertFalse(new IllegalArgumentException(NhsNumber.problem("9434765918").orElseThrow())
        .getMessage().contains("943476591"));
  }
}
