package org.recoverylink.core.referral;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.referral.ReferralProblem.Code;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.text.Quote;

/**
 * What makes a referral admissible, over one directory: the person with a valid NHS number (or,
 * for a referral from the person themselves, their family or friends or a non-clinical agency,
 * who rarely know it, none; one given must still be valid) and a plausible full birth date
 * (services take people by age), the referrer being the caller's own organisation, the
 * person's consent, and a receiving service that can take them: the one the referrer named, if
 * eligible, or else the router's choice. Every problem is found at once. Immutable and
 * thread-safe.
 */
public final class ReferralRules {

  private final Router router;

  public ReferralRules(Router router) {
    this.router = Objects.requireNonNull(router, "router");
  }

  public Router router() {
    return router;
  }

  /**
   * Judges a referral from {@code caller} (the ODS code of the organisation sending it),
   * received on {@code today}.
   *
   * @throws InvalidReferralException listing every problem, when it cannot be taken in
   */
  public Admission admit(Submission referral, String caller, LocalDate today) {
    return admit(referral, caller, today, Capacities.allAccepting());
  }

  /**
   * Judges a referral as {@link #admit(Submission, String, LocalDate)} does, over the services'
   * capacities at this moment: the router sends no one to a paused service (the single point
   * of contact aside), and a paused service named by the referrer cannot take the person.
   *
   * @throws InvalidReferralException listing every problem, when it cannot be taken in
   */
  public Admission admit(Submission referral, String caller, LocalDate today,
      Capacities capacities) {
    Objects.requireNonNull(capacities, "capacities");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(today, "today");
    List<ReferralProblem> problems = new ArrayList<>();
    Optional<Submission.Person> person = referral.person();
    if (person.isEmpty()) {
      problems.add(problem(Code.PERSON_MISSING, "the person referred is required"));
    }
    String nhsNumber = person.flatMap(p -> nhsNumber(p, nhsNumberRequired(referral), problems))
        .orElse(null);
    LocalDate birthDate = person.flatMap(p -> birthDate(p, today, problems)).orElse(null);
    String referrer = referrer(referral, caller, problems);
    if (!referral.consented()) {
      problems.add(problem(Code.CONSENT_MISSING, "the person's consent is required"));
    }
    RouteRequest route = birthDate == null ? null : request(referral, birthDate, today);

    Service service = null;
    List<String> why = List.of();
    if (referral.services().size() > 1) {
      problems.add(problem(Code.SERVICES_MORE_THAN_ONE, "name one receiving service, or none"
          + " for the hub to route"));
    } else if (referral.services().size() == 1) {
      String id = referral.services().get(0);
      service = router.directory().service(id).orElse(null);
      if (service == null) {
        problems.add(problem(Code.SERVICE_UNKNOWN, "the service " + Quote.of(id)
            + " is not in the directory " + router.directory().version()));
      } else if (route != null) {
        router.ineligibility(route, service, capacities).forEach(reason ->
            problems.add(problem(Code.SERVICE_INELIGIBLE, reason)));
      }
      why = List.of("named by the referrer");
    } else if (route != null) {
      RouteDecision decision = router.route(route, capacities);
      service = decision.primary().service();
      why = decision.primary().reasons();
    }
    InvalidReferralException.throwIfAny(problems);
    return new Admission(Optional.ofNullable(nhsNumber), referrer, service, why,
        RoutingFacts.of(route));
  }

  /**
   * The service a referral goes on to after {@code rejected} (ids of the services that
   * rejected it, for a reason other than the person's choice) did not take it: the router's
   * next eligible service over today's directory, or empty when that is one that rejected it
   * already (the single point of contact is never left out, so it comes back last).
   */
  public Optional<Service> onward(RoutingFacts facts, Set<String> rejected) {
    return onward(facts, rejected, Capacities.allAccepting());
  }

  /**
   * As {@link #onward(RoutingFacts, Set)}, over the services' capacities at this moment: a
   * paused service is passed over as one that rejected it is (the single point of contact
   * never is).
   */
  public Optional<Service> onward(RoutingFacts facts, Set<String> rejected,
      Capacities capacities) {
    Service next = router.nextEligible(facts.request(), rejected, capacities).primary()
        .service();
    return rejected.contains(next.id()) ? Optional.empty() : Optional.of(next);
  }

  /**
   * A clinical referrer (a GP practice, pharmacy or hospital, or one that does not say who it
   * is) has the NHS number in its record; the person, their family and friends and the
   * non-clinical agencies (police, fire service, housing) usually do not.
   */
  static boolean nhsNumberRequired(Submission referral) {
    return referral.source().map(source -> source == ReferralSource.GP
        || source == ReferralSource.PHARMACY || source == ReferralSource.HOSPITAL)
        .orElse(true);
  }

  private static Optional<String> nhsNumber(Submission.Person person, boolean required,
      List<ReferralProblem> problems) {
    if (person.nhsNumber().isEmpty()) {
      if (!required) {
        return Optional.empty();
      }
      problems.add(problem(Code.NHS_NUMBER_MISSING, "the person's NHS number is required"));
      return Optional.empty();
    }
    String digits = NhsNumber.digits(person.nhsNumber().get());
    Optional<String> problem = NhsNumber.problem(digits);
    problem.ifPresent(p -> problems.add(problem(Code.NHS_NUMBER_INVALID, p)));
    return problem.isPresent() ? Optional.empty() : Optional.of(digits);
  }

  private static Optional<LocalDate> birthDate(Submission.Person person, LocalDate today,
      List<ReferralProblem> problems) {
    if (person.birthDate().isEmpty()) {
      problems.add(problem(Code.BIRTH_DATE_MISSING, "the person's full birth date is"
          + " required: services take people by age"));
      return Optional.empty();
    }
    Optional<String> problem = RouteRequest.birthDateProblem(person.birthDate().get(), today);
    problem.ifPresent(p -> problems.add(problem(Code.BIRTH_DATE_IMPLAUSIBLE, p)));
    return problem.isPresent() ? Optional.empty() : person.birthDate();
  }

  private static String referrer(Submission referral, String caller,
      List<ReferralProblem> problems) {
    if (referral.referrer().isEmpty()) {
      problems.add(problem(Code.REFERRER_MISSING, "the referrer is required"));
      return null;
    }
    String referrer = referral.referrer().get();
    if (!referrer.equals(caller)) {
      problems.add(problem(Code.REFERRER_NOT_CALLER, "the referrer must be your own"
          + " organisation (" + caller + "), not " + Quote.of(referrer)));
    }
    return referrer;
  }

  private static RouteRequest request(Submission referral, LocalDate birthDate,
      LocalDate today) {
    RouteRequest.Builder builder = RouteRequest.builder(birthDate, today)
        .substances(referral.substances().toArray(Substance[]::new))
        .circumstances(referral.circumstances().toArray(Circumstance[]::new))
        .flags(referral.flags().toArray(FlagCode[]::new));
    referral.person().flatMap(Submission.Person::postcode).ifPresent(builder::postcode);
    referral.person().flatMap(Submission.Person::district).ifPresent(builder::district);
    referral.source().ifPresent(builder::source);
    return builder.build();
  }

  private static ReferralProblem problem(Code code, String message) {
    return new ReferralProblem(code, message);
  }
}
