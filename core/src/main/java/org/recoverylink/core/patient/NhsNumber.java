package org.recoverylink.core.patient;

import java.util.Objects;
import java.util.Optional;

/**
 * A valid NHS number: ten digits whose last is the modulus-11 check digit of the first nine
 * (NHS Data Dictionary, "NHS Number"). Spaces and hyphens, as people write them
 * ({@code 943 476 5919}), are accepted and dropped.
 *
 * @param value the ten digits
 */
public record NhsNumber(String value) {

  public NhsNumber {
    Objects.requireNonNull(value, "value");
    Optional<String> problem = problem(value);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
  }

  /**
   * An NHS number from what a person typed.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  public static NhsNumber parse(String text) {
    return new NhsNumber(digits(text));
  }

  /** What a person typed without its spaces and hyphens; not checked. */
  public static String digits(String text) {
    Objects.requireNonNull(text, "text");
    return text.replace(" ", "").replace("-", "");
  }

  /** What is wrong with a ten-digit candidate, if anything (never echoes the number). */
  public static Optional<String> problem(String digits) {
    if (digits == null || !digits.matches("[0-9]{10}")) {
      return Optional.of("an NHS number has exactly 10 digits");
    }
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (digits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    if (check == 10 || check != digits.charAt(9) - '0') {
      return Optional.of("the NHS number's check digit is wrong (modulus 11)");
    }
    return Optional.empty();
  }

  /** Masked, so an NHS number never reaches a log by accident. */
  @Override
  public String toString() {
    return "NhsNumber[***" + value.substring(7) + "]";
  }
}
