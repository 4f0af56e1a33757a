package org.recoverylink.core.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.referral.ReferralProblem.Code;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.screening.ProblemCode;

/**
 * The admission rules, each alone and all at once, over the Essex directory: an adult in
 * Basildon (SS14) who drinks goes to the county's alcohol service unless the referrer names
 * another that can take them.
 */
class ReferralRulesTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final String PRACTICE = "A81001";
  private static final ReferralRules RULES = new ReferralRules(
      new Router(EssexDirectory.directory()));

  private static Submission.Person person() {
    return new Submission.Person(Optional.of("943 476 5919"),
        Optional.of(LocalDate.of(1980, 4, 12)), Optional.of("SS14 1AB"));
  }

  private static Submission referral() {
    return new Submission(Optional.of(person()), Optional.of(PRACTICE), true,
        List.of(Substance.ALCOHOL), Set.of(), Set.of(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE),
        Optional.empty(), List.of());
  }

  private static Submission with(Optional<Submission.Person> person, Optional<String> referrer,
      boolean consented, List<String> services) {
    Submission r = referral();
    return new Submission(person, referrer, consented, r.substances(), r.circumstances(),
        r.flags(), r.source(), services);
  }

  @Test
  void aCompleteReferralIsRoutedAndKeepsWhatARerouteNeeds() {
    Admission admitted = RULES.admit(referral(), PRACTICE, TODAY);

    assertEquals(Optional.of("9434765919"), admitted.nhsNumber());
    assertEquals(PRACTICE, admitted.referrer());
    assertEquals("phoenix-futures-alcohol", admitted.service().id());
    assertFalse(admitted.why().isEmpty());
    assertEquals(new RoutingFacts(46, TODAY, Optional.of("SS14"), List.of(Substance.ALCOHOL),
        Set.of(), Set.of(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE), Optional.empty()),
        admitted.routing());
  }

  @Test
  void aNamedServiceThatCanTakeThePersonIsKept() {
    Admission admitted = RULES.admit(with(Optional.of(person()), Optional.of(PRACTICE), true,
        List.of("erf-basildon")), PRACTICE, TODAY);

    assertEquals("erf-basildon", admitted.service().id());
    assertEquals(List.of("named by the referrer"), admitted.why());
  }

  private static Submission from(Optional<ReferralSource> source, Optional<String> nhsNumber) {
    Submission r = referral();
    Submission.Person p = person();
    return new Submission(Optional.of(new Submission.Person(nhsNumber, p.birthDate(),
        p.postcode())), r.referrer(), true, r.substances(), r.circumstances(), r.flags(),
        source, r.services());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ReferralSource.class, names = {"SELF", "FAMILY", "CRIMINAL_JUSTICE",
      "SOCIAL_SERVICES", "COMMUNITY_WELLBEING_OFFICER", "OTHER"})
  void aNonClinicalReferrerMayLeaveTheNhsNumberOut(ReferralSource source) {
    Admission admitted = RULES.admit(from(Optional.of(source), Optional.empty()), PRACTICE,
        TODAY);

    assertEquals(Optional.empty(), admitted.nhsNumber());
    assertEquals(Optional.of(source), admitted.routing().source());
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = ReferralSource.class, names = {"GP", "PHARMACY", "HOSPITAL"})
  void aClinicalReferrerStillNeedsTheNhsNumber(ReferralSource source) {
    InvalidReferralException refused = assertThrows(InvalidReferralException.class,
        () -> RULES.admit(from(Optional.of(source), Optional.empty()), PRACTICE, TODAY));

    assertEquals(List.of(Code.NHS_NUMBER_MISSING),
        refused.problems().stream().map(ReferralProblem::code).toList());
  }

  @Test
  void aSelfReferralsNhsNumberWhenGivenMustStillBeValid() {
    InvalidReferralException refused = assertThrows(InvalidReferralException.class,
        () -> RULES.admit(from(Optional.of(ReferralSource.SELF), Optional.of("9434765918")),
            PRACTICE, TODAY));

    assertEquals(List.of(Code.NHS_NUMBER_INVALID),
        refused.problems().stream().map(ReferralProblem::code).toList());
  }

  static Stream<Arguments> brokenRules() {
    UnaryOperator<Submission.Person> noNumber = p -> new Submission.Person(Optional.empty(),
        p.birthDate(), p.postcode());
    UnaryOperator<Submission.Person> badNumber = p -> new Submission.Person(
        Optional.of("9434765918"), p.birthDate(), p.postcode());
    UnaryOperator<Submission.Person> noBirth = p -> new Submission.Person(p.nhsNumber(),
        Optional.empty(), p.postcode());
    UnaryOperator<Submission.Person> unborn = p -> new Submission.Person(p.nhsNumber(),
        Optional.of(TODAY.plusDays(1)), p.postcode());
    UnaryOperator<Submission.Person> ancient = p -> new Submission.Person(p.nhsNumber(),
        Optional.of(LocalDate.of(1026, 1, 1)), p.postcode());
    return Stream.of(
        Arguments.of(with(Optional.empty(), Optional.of(PRACTICE), true, List.of()),
            Code.PERSON_MISSING),
        Arguments.of(person(noNumber), Code.NHS_NUMBER_MISSING),
        Arguments.of(person(badNumber), Code.NHS_NUMBER_INVALID),
        Arguments.of(person(noBirth), Code.BIRTH_DATE_MISSING),
        Arguments.of(person(unborn), Code.BIRTH_DATE_IMPLAUSIBLE),
        Arguments.of(person(ancient), Code.BIRTH_DATE_IMPLAUSIBLE),
        Arguments.of(with(Optional.of(person()), Optional.empty(), true, List.of()),
            Code.REFERRER_MISSING),
        Arguments.of(with(Optional.of(person()), Optional.of("B82005"), true, List.of()),
            Code.REFERRER_NOT_CALLER),
        Arguments.of(with(Optional.of(person()), Optional.of(PRACTICE), false, List.of()),
            Code.CONSENT_MISSING),
        Arguments.of(with(Optional.of(person()), Optional.of(PRACTICE), true,
            List.of("erf-basildon", "open-road-south")), Code.SERVICES_MORE_THAN_ONE),
        Arguments.of(with(Optional.of(person()), Optional.of(PRACTICE), true,
            List.of("nowhere")), Code.SERVICE_UNKNOWN),
        Arguments.of(with(Optional.of(person()), Optional.of(PRACTICE), true,
            List.of("eypdas")), Code.SERVICE_INELIGIBLE)); // up to 24; this person is 46
  }

  private static Submission person(UnaryOperator<Submission.Person> change) {
    return with(Optional.of(change.apply(person())), Optional.of(PRACTICE), true, List.of());
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("brokenRules")
  void eachRuleBrokenAloneIsItsOneProblem(Submission referral, Code code) {
    InvalidReferralException refused = assertThrows(InvalidReferralException.class,
        () -> RULES.admit(referral, PRACTICE, TODAY));

    assertEquals(List.of(code), refused.problems().stream().map(ReferralProblem::code)
        .toList(), refused::getMessage);
    assertFalse(refused.problems().get(0).message().contains("9434765918"),
        "a message never quotes the person's data");
    assertTrue(refused.getMessage().contains(code.code()), refused.getMessage());
  }

  @Test
  void everyProblemIsListedAtOnce() {
    Submission.Person person = new Submission.Person(Optional.of("123"), Optional.empty(),
        Optional.empty());

    InvalidReferralException refused = assertThrows(InvalidReferralException.class,
        () -> RULES.admit(with(Optional.of(person), Optional.of("B82005"), false,
            List.of("nowhere")), PRACTICE, TODAY));

    assertEquals(List.of(Code.NHS_NUMBER_INVALID, Code.BIRTH_DATE_MISSING,
        Code.REFERRER_NOT_CALLER, Code.CONSENT_MISSING, Code.SERVICE_UNKNOWN),
        refused.problems().stream().map(ReferralProblem::code).toList());
  }

  @Test
  void aRejectedReferralGoesOnToTheNextEligibleServiceThenNowhere() {
    RoutingFacts facts = RULES.admit(referral(), PRACTICE, TODAY).routing();

    // Phoenix is the county's only alcohol service: the single point of contact takes it on.
    assertEquals(Optional.of("open-road-single-point-of-contact"), RULES.onward(facts,
        Set.of("phoenix-futures-alcohol")).map(s -> s.id()));
    assertEquals(Optional.empty(), RULES.onward(facts, Set.of("phoenix-futures-alcohol",
        "open-road-single-point-of-contact")), "nobody is left: the referrer decides");
  }

  @Test
  void theCodesAreStableUniqueAndApartFromTheScreeningCodes() {
    Set<String> screening = Arrays.stream(ProblemCode.values()).map(ProblemCode::code)
        .collect(Collectors.toSet());
    List<String> codes = Arrays.stream(Code.values()).map(Code::code).toList();

    assertEquals(codes.size(), Set.copyOf(codes).size());
    assertTrue(codes.stream().allMatch(c -> c.matches("RL-01[0-9]{2}")), codes::toString);
    assertTrue(codes.stream().noneMatch(screening::contains));
    assertEquals("RL-0108", Code.CONSENT_MISSING.code());
  }

  @Test
  void aRefusalHasAtLeastOneProblem() {
    assertThrows(IllegalArgumentException.class, () -> new InvalidReferralException(
        List.of()));
  }
}
