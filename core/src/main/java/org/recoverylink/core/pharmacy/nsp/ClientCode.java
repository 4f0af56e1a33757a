package org.recoverylink.core.pharmacy.nsp;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.rules.Coded;

/**
 * The pseudonymous client code a pharmacy needle and syringe programme records instead of an
 * identity: the initials of the first name and surname, the date of birth and the sex, as local
 * service specifications register clients (clinical reference 8.2). It lets visits by the same
 * person be counted together without saying who the person is.
 *
 * <p>Written initials, date of birth as {@code yyyymmdd} and sex code, joined by hyphens:
 * {@code JS-19900314-M} for J. S., born 14 March 1990, male ({@link #value()},
 * {@link #parse(String)}).
 *
 * <p>The date of birth is checked against the day of the event that records the code (not after
 * it, at most {@value #MAX_AGE_YEARS} years before it: {@link #dateOfBirthProblem(LocalDate)}), so
 * the check stays pure and a visit entered late is judged on its own date.
 *
 * @param initials    two letters A to Z, stored in upper case; never a name or a number
 * @param dateOfBirth the client's date of birth
 * @param sex         the client's sex as the client states it
 * @throws InvalidPharmacyDataException listing every problem, fields named {@code client.*}
 */
public record ClientCode(String initials, LocalDate dateOfBirth, Sex sex) {

  /** Above this age at the event, a date of birth is taken for a typing error. */
  public static final int MAX_AGE_YEARS = 110;
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd").withResolverStyle(ResolverStyle.STRICT);

  /** The client's sex, with the one-letter code the client code writes. */
  public enum Sex implements Coded {
    MALE("M", "Male"),
    FEMALE("F", "Female"),
    OTHER_OR_NOT_STATED("X", "Other or not stated");

    private final String code;
    private final String display;

    Sex(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  public ClientCode {
    List<Problem> problems = new ArrayList<>();
    initials = checkInitials(initials, problems);
    if (dateOfBirth == null) {
      problems.add(new Problem("client.dateOfBirth", "required"));
    }
    if (sex == null) {
      problems.add(new Problem("client.sex", "required"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /**
   * Reads a code written by {@link #value()}; the initials may be in lower case.
   *
   * @throws InvalidPharmacyDataException listing every problem, none echoing the text
   */
  public static ClientCode parse(String code) {
    String[] parts = code == null ? new String[0] : code.split("-", -1);
    if (parts.length != 3) {
      throw new InvalidPharmacyDataException(List.of(new Problem("client",
          "a client code reads initials-yyyymmdd-sex, e.g. JS-19900314-M")));
    }
    List<Problem> problems = new ArrayList<>();
    String initials = checkInitials(parts[0], problems);
    LocalDate dateOfBirth = null;
    try {
      dateOfBirth = LocalDate.parse(parts[1], DATE);
    } catch (DateTimeParseException e) {
      problems.add(new Problem("client.dateOfBirth", "a real date written yyyymmdd"));
    }
    Optional<Sex> sex = Coded.fromCode(Sex.class, parts[2]);
    if (sex.isEmpty()) {
      problems.add(new Problem("client.sex", "M, F or X"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
    return new ClientCode(initials, dateOfBirth, sex.get());
  }

  /** The code as stored and exchanged, e.g. {@code JS-19900314-M}. */
  public String value() {
    return initials + "-" + DATE.format(dateOfBirth) + "-" + sex.code();
  }

  /**
   * What is wrong with the date of birth for an event on {@code day}: after it, or more than
   * {@value #MAX_AGE_YEARS} years before it.
   */
  public Optional<Problem> dateOfBirthProblem(LocalDate day) {
    if (dateOfBirth.isAfter(day)) {
      return Optional.of(new Problem("client.dateOfBirth", "after the day of the event"));
    }
    if (dateOfBirth.isBefore(day.minusYears(MAX_AGE_YEARS))) {
      return Optional.of(new Problem("client.dateOfBirth", "more than " + MAX_AGE_YEARS
          + " years before the day of the event: a typing error"));
    }
    return Optional.empty();
  }

  /** The code itself and nothing more. */
  @Override
  public String toString() {
    return value();
  }

  private static String checkInitials(String initials, List<Problem> problems) {
    if (initials == null || initials.isBlank()) {
      problems.add(new Problem("client.initials", "required"));
      return initials;
    }
    String digits = initials.replace(" ", "").replace("-", "");
    if (digits.matches("[0-9]{10}")) {
      problems.add(new Problem("client.initials", "this looks like an NHS number: the client"
          + " code is pseudonymous and never holds one"));
      return initials;
    }
    // Checked before upper-casing, which would turn one German sharp s into "SS".
    if (!initials.matches("[A-Za-z]{2}")) {
      problems.add(new Problem("client.initials", "initials are two letters: a name is not"
          + " taken"));
      return initials;
    }
    return initials.toUpperCase(Locale.ROOT);
  }
}
