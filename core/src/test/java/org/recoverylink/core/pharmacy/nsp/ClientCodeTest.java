package org.recoverylink.core.pharmacy.nsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.nsp.ClientCode.Sex;

class ClientCodeTest {

  static final LocalDate BORN = LocalDate.of(1990, 3, 14);

  static List<Problem> problems(Runnable construction) {
    return assertThrows(InvalidPharmacyDataException.class, construction::run).problems();
  }

  static List<String> fields(List<Problem> problems) {
    return problems.stream().map(Problem::field).toList();
  }

  @Test
  void initialsAreStoredInUpperCaseAndTheCodeReadsBack() {
    ClientCode code = new ClientCode("js", BORN, Sex.MALE);
    assertEquals("JS", code.initials());
    assertEquals("JS-19900314-M", code.value());
    assertEquals("JS-19900314-M", code.toString());
    assertEquals(code, ClientCode.parse("JS-19900314-M"));
    assertEquals(code, ClientCode.parse("js-19900314-M"));
  }

  @Test
  void everySexHasItsLetter() {
    assertEquals(new ClientCode("AB", LocalDate.of(2000, 2, 29), Sex.FEMALE),
        ClientCode.parse("AB-20000229-F"));
    assertEquals("AB-20000229-X",
        new ClientCode("AB", LocalDate.of(2000, 2, 29), Sex.OTHER_OR_NOT_STATED).value());
  }

  @Test
  void aNameIsNotTaken() {
    List<Problem> problems = problems(() -> new ClientCode("John Smith", BORN, Sex.MALE));
    assertEquals(List.of(new Problem("client.initials",
        "initials are two letters: a name is not taken")), problems);
  }

  @ParameterizedTest
  @ValueSource(strings = {"J", "JSM", "J1", "J.", "\u00c9S", "\u00df", " JS"})
  void initialsAreExactlyTwoLettersAToZ(String initials) {
    assertEquals(List.of("client.initials"),
        fields(problems(() -> new ClientCode(initials, BORN, Sex.MALE))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9434765919", "943 476 5919", "943-476-5919", "1234567890"})
  void anythingLikeAnNhsNumberIsRefusedWithoutBeingEchoed(String number) {
    InvalidPharmacyDataException e = assertThrows(InvalidPharmacyDataException.class,
        () -> new ClientCode(number, BORN, Sex.FEMALE));
    assertEquals(1, e.problems().size());
    assertTrue(e.problems().get(0).message().contains("NHS number"), e.getMessage());
    assertFalse(e.getMessage().contains(number), e.getMessage());
    assertFalse(e.getMessage().contains("5919"), e.getMessage());
  }

  @Test
  void everyProblemIsListed() {
    assertEquals(List.of("client.initials", "client.dateOfBirth", "client.sex"),
        fields(problems(() -> new ClientCode(" ", null, null))));
  }

  @Test
  void parsingListsEveryProblemInTheParts() {
    assertEquals(List.of("client.initials", "client.dateOfBirth", "client.sex"),
        fields(problems(() -> ClientCode.parse("J1-19900230-Q"))));
    assertEquals(List.of("client.dateOfBirth"),
        fields(problems(() -> ClientCode.parse("JS-1990314-M"))));
    assertEquals(List.of("client.sex"), fields(problems(() -> ClientCode.parse("JS-19900314-m"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "JS19900314M", "JS-19900314", "JS-19900314-M-1", "-19900314-M-"})
  void textThatIsNotACodeIsOneProblem(String text) {
    assertEquals(List.of(new Problem("client",
        "a client code reads initials-yyyymmdd-sex, e.g. JS-19900314-M")),
        problems(() -> ClientCode.parse(text)));
  }

  @Test
  void anNhsNumberInACodeIsNotEchoedEither() {
    InvalidPharmacyDataException e = assertThrows(InvalidPharmacyDataException.class,
        () -> ClientCode.parse("9434765919-19900314-M"));
    assertEquals(List.of("client.initials"), fields(e.problems()));
    assertFalse(e.getMessage().contains("9434765919"), e.getMessage());
    assertEquals(List.of("client"), fields(problems(() -> ClientCode.parse(null))));
  }

  @Test
  void theDateOfBirthIsCheckedAgainstTheDayOfTheEvent() {
    ClientCode code = new ClientCode("JS", LocalDate.of(1900, 3, 14), Sex.MALE);
    assertEquals(Optional.empty(), code.dateOfBirthProblem(LocalDate.of(2010, 3, 14)));
    assertEquals(List.of("client.dateOfBirth"),
        fields(code.dateOfBirthProblem(LocalDate.of(2010, 3, 15)).stream().toList()));

    ClientCode newborn = new ClientCode("JS", LocalDate.of(2026, 3, 2), Sex.MALE);
    assertEquals(Optional.empty(), newborn.dateOfBirthProblem(LocalDate.of(2026, 3, 2)));
    assertEquals(Optional.of(new Problem("client.dateOfBirth", "after the day of the event")),
        newborn.dateOfBirthProblem(LocalDate.of(2026, 3, 1)));
  }
}
