package org.recoverylink.core.referral;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;

/**
 * A referral as its sender gave it, read out of whatever form it came in (a FHIR
 * ServiceRequest, a vendor's own screen), before {@link ReferralRules#admit} judges it. What the
 * reader could not find is empty: the rules say what is missing.
 *
 * @param person        the person referred
 * @param referrer      the referring organisation's ODS code
 * @param consented     whether the person's active agreement to the referral comes with it
 * @param substances    the substances named, the main one first
 * @param circumstances circumstances that change the route
 * @param flags         the flags the referral's assessment raised
 * @param source        who is referring, where the form says
 * @param services      ids of the directory services the referrer named as receiver: none for
 *                      the hub to route
 */
public record Submission(Optional<Person> person, Optional<String> referrer, boolean consented,
    List<Substance> substances, Set<Circumstance> circumstances, Set<FlagCode> flags,
    Optional<ReferralSource> source, List<String> services) {

  public Submission {
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(referrer, "referrer");
    substances = List.copyOf(substances);
    circumstances = Set.copyOf(circumstances);
    flags = Set.copyOf(flags);
    Objects.requireNonNull(source, "source");
    services = List.copyOf(services);
  }

  /**
   * The person, as far as the referral names them.
   *
   * @param nhsNumber the NHS number as written (spaces allowed)
   * @param birthDate the full birth date; empty when only a year or month is given
   * @param postcode  where they live, to find their district
   * @param district  their district (name or ONS code) when the referrer chose it instead of
   *                  giving a postcode (the public pages); it wins over the postcode, as in
   *                  {@code $route}
   */
  public record Person(Optional<String> nhsNumber, Optional<LocalDate> birthDate,
      Optional<String> postcode, Optional<String> district) {

    public Person {
      Objects.requireNonNull(nhsNumber, "nhsNumber");
      Objects.requireNonNull(birthDate, "birthDate");
      Objects.requireNonNull(postcode, "postcode");
      Objects.requireNonNull(district, "district");
    }

    /** A person placed by their postcode alone, as GP and API referrals place them. */
    public Person(Optional<String> nhsNumber, Optional<LocalDate> birthDate,
        Optional<String> postcode) {
      this(nhsNumber, birthDate, postcode, Optional.empty());
    }
  }
}
