package org.recoverylink.core.routing;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.Advice;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Flag;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;

/**
 * What routing needs to know about a person.
 *
 * @param birthDate     date of birth
 * @param onDate        the date of the referral (age is taken on this date)
 * @param district      a district name or ONS code given explicitly; it wins over the postcode
 * @param postcode      the person's postcode, to infer the district from its outward code
 * @param substances    substances used, the main one first
 * @param circumstances circumstances that change the route
 * @param flags         flags raised by an assessment
 * @param advice        steps advised by an assessment
 * @param source        who is referring
 */
public record RouteRequest(LocalDate birthDate, LocalDate onDate, Optional<String> district,
    Optional<String> postcode, List<Substance> substances, Set<Circumstance> circumstances,
    Set<FlagCode> flags, Set<ActionCode> advice, Optional<ReferralSource> source) {

  /**
   * The oldest age taken as real: above the oldest verified human lifespan (122 years), so a
   * birth date giving more is a typing error (e.g. 1026 for 1962).
   */
  public static final int MAX_AGE = 130;

  public RouteRequest {
    Objects.requireNonNull(birthDate, "birthDate");
    Objects.requireNonNull(onDate, "onDate");
    Objects.requireNonNull(district, "district");
    Objects.requireNonNull(postcode, "postcode");
    substances = List.copyOf(new LinkedHashSet<>(substances));
    circumstances = Set.copyOf(circumstances);
    flags = Set.copyOf(flags);
    advice = Set.copyOf(advice);
    Objects.requireNonNull(source, "source");
    birthDateProblem(birthDate, onDate).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
  }

  /**
   * What is wrong with a birth date for a referral on {@code onDate}, if anything: after that
   * day, or an age over {@value #MAX_AGE}, taken for a typing error. Never quotes the date.
   */
  public static Optional<String> birthDateProblem(LocalDate birthDate, LocalDate onDate) {
    if (birthDate.isAfter(onDate)) {
      return Optional.of("the birth date is after the day of the referral");
    }
    if (birthDate.isBefore(onDate.minusYears(MAX_AGE + 1L).plusDays(1))) {
      return Optional.of("an age over " + MAX_AGE + " years is taken for a typing error of"
          + " the birth date");
    }
    return Optional.empty();
  }

  /** Age in whole years on {@link #onDate()}. */
  public int age() {
    return Period.between(birthDate, onDate).getYears();
  }

  public static Builder builder(LocalDate birthDate, LocalDate onDate) {
    return new Builder(birthDate, onDate);
  }

  /** Collects a request; the assessment's flags and advice can be taken over in one call. */
  public static final class Builder {
    private final LocalDate birthDate;
    private final LocalDate onDate;
    private String district;
    private String postcode;
    private final List<Substance> substances = new ArrayList<>();
    private final Set<Circumstance> circumstances = EnumSet.noneOf(Circumstance.class);
    private final Set<FlagCode> flags = EnumSet.noneOf(FlagCode.class);
    private final Set<ActionCode> advice = EnumSet.noneOf(ActionCode.class);
    private ReferralSource source;

    private Builder(LocalDate birthDate, LocalDate onDate) {
      this.birthDate = birthDate;
      this.onDate = onDate;
    }

    public Builder district(String nameOrCode) {
      this.district = nameOrCode;
      return this;
    }

    public Builder postcode(String postcode) {
      this.postcode = postcode;
      return this;
    }

    /** Adds substances in order of importance: the first ever added is the main one. */
    public Builder substances(Substance... used) {
      substances.addAll(List.of(used));
      return this;
    }

    public Builder circumstances(Circumstance... given) {
      circumstances.addAll(List.of(given));
      return this;
    }

    public Builder flags(FlagCode... raised) {
      flags.addAll(List.of(raised));
      return this;
    }

    public Builder advice(ActionCode... advised) {
      advice.addAll(List.of(advised));
      return this;
    }

    /** Takes over the flags and advice of an assessment. */
    public Builder assessment(Assessment assessment) {
      assessment.flags().stream().map(Flag::code).forEach(flags::add);
      assessment.advice().stream().map(Advice::action).forEach(advice::add);
      return this;
    }

    public Builder source(ReferralSource referralSource) {
      this.source = referralSource;
      return this;
    }

    public RouteRequest build() {
      return new RouteRequest(birthDate, onDate, Optional.ofNullable(district),
          Optional.ofNullable(postcode), substances, circumstances, flags, advice,
          Optional.ofNullable(source));
    }
  }
}
