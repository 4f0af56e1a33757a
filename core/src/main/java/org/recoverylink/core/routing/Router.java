package org.recoverylink.core.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Access;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Eligibility;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.directory.ServiceKind;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.core.text.Quote;

/**
 * Routes referrals over one directory. The rules (the Essex needs assessment's asks, written as
 * rules over kinds of service and eligibility) are:
 *
 * <ul>
 *   <li>under 18: the young people's service, always; 18-24: an adult service plus the young
 *       people's service where it takes young adults;
 *   <li>adults: the treatment service for the main substance, the nearest that covers the
 *       district, the most specific first; a co-referral for the other kind of substance;
 *   <li>opioids: a prescribing service for OST assessment, and take-home naloxone;
 *   <li>injecting: a needle exchange, blood-borne-virus testing and naloxone;
 *   <li>dual diagnosis or co-occurring flags: the area's dual diagnosis service;
 *   <li>urgent risk and pregnancy: urgent; prison release with opioids: urgent continuity of
 *       prescribing; criminal justice: the provider's criminal-justice worker;
 *   <li>always the nearest peer recovery service;
 *   <li>"no wrong door": when nothing fits, or the person lives outside the directory's area,
 *       the single point of contact is the primary, and the reason says why.
 * </ul>
 *
 * <p>Capacity ({@link Capacities}, as the services set it; every service accepting when routing
 * is told nothing): a paused service is left out as a rejected one is, wherever it would have
 * been a destination, except the single point of contact, which is never left out (it stays the
 * last resort, and its reasons say it is paused). Among the services of a kind that are equally
 * eligible (each takes the person's age, covers the district and fits the rule), the choice is,
 * in order: accepting first, then the shortest waiting list, then nearest (narrowest coverage,
 * then the most specific substance eligibility), then directory order. So capacity outranks
 * nearness: the person is seen sooner, and never by a service that does not cover them, since
 * only eligible services are compared (the reading that protects the person: a wait is a risk
 * in itself, while every service compared can treat them). The reasons say when capacity
 * changed the choice, and a chosen service's waiting list.
 *
 * Services reached only by specialist decision (inpatient detox) are never destinations.
 * Immutable and thread-safe.
 */
public final class Router {

  /** The routing rules' own version; the directory's version is stamped separately. */
  public static final RuleSetVersion RULES = new RuleSetVersion("recoverylink-routing", "2026.1.0");

  /** Age from which adult services apply (England: adult drug and alcohol services at 18). */
  public static final int ADULT_AGE = 18;

  /**
   * Nearest first: narrowest coverage, then the most specific substance eligibility; ties keep
   * directory order.
   */
  private static final Comparator<Service> NEAREST =
      Comparator.comparingInt((Service s) -> s.coverage().reach())
          .thenComparingInt(s -> s.eligibility().substances().isEmpty()
              ? Integer.MAX_VALUE : s.eligibility().substances().size());

  private final Directory directory;

  public Router(Directory directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  public Directory directory() {
    return directory;
  }

  /** Routes a referral, every service taken as accepting. */
  public RouteDecision route(RouteRequest request) {
    return route(request, Set.of(), Capacities.allAccepting());
  }

  /** Routes a referral over the services' capacities at this moment. */
  public RouteDecision route(RouteRequest request, Capacities capacities) {
    return route(request, Set.of(), capacities);
  }

  /**
   * Routes again after services rejected the referral (for a reason other than the person's
   * choice): they are left out, and the next eligible service takes their place. The single
   * point of contact is never left out: it stays the destination of last resort.
   *
   * @param rejected ids of the services that rejected the referral
   */
  public RouteDecision nextEligible(RouteRequest request, Set<String> rejected) {
    return nextEligible(request, rejected, Capacities.allAccepting());
  }

  /**
   * As {@link #nextEligible(RouteRequest, Set)}, over the services' capacities at this moment:
   * a paused service is left out too, the single point of contact never.
   */
  public RouteDecision nextEligible(RouteRequest request, Set<String> rejected,
      Capacities capacities) {
    return route(request, Set.copyOf(rejected), capacities);
  }

  /**
   * Why a service the referrer chose cannot take this person, in words; empty when it can. It
   * must be reachable by direct referral, take the person's age, cover their district (where
   * the district is known and in the directory's area) and treat one of the substances named
   * (where the service treats only some).
   */
  public List<String> ineligibility(RouteRequest request, Service service) {
    return ineligibility(request, service, Capacities.allAccepting());
  }

  /**
   * As {@link #ineligibility(RouteRequest, Service)}, and a paused service (other than the
   * single point of contact) cannot take the person either: no one is sent to a paused service,
   * even by name.
   */
  public List<String> ineligibility(RouteRequest request, Service service,
      Capacities capacities) {
    Objects.requireNonNull(service, "service");
    return new Routing(Objects.requireNonNull(request, "request"), Set.of(),
        Objects.requireNonNull(capacities, "capacities")).ineligibility(service);
  }

  private RouteDecision route(RouteRequest request, Set<String> rejected,
      Capacities capacities) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(capacities, "capacities");
    return new Routing(request, rejected, capacities).decide();
  }

  /** One routing decision in the making. */
  private final class Routing {
    private final RouteRequest request;
    private final Set<String> rejected;
    private final Capacities capacities;
    /** What capacity changed about a chosen service's choice, said when it is added. */
    private final Map<String, List<String>> capacityNotes = new LinkedHashMap<>();
    /** Services left out for being paused where nothing took their place, said on the primary. */
    private final List<String> leftOut = new ArrayList<>();
    private final int age;
    private final Set<Circumstance> circumstances;
    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private final List<String> urgency = new ArrayList<>();
    private final Set<ActionCode> offers = EnumSet.noneOf(ActionCode.class);
    private District district;
    private String location;

    Routing(RouteRequest request, Set<String> rejected, Capacities capacities) {
      this.request = request;
      this.rejected = rejected;
      this.capacities = capacities;
      this.age = request.age();
      // A referral from criminal justice is criminal-justice involvement, whether ticked or not.
      Set<Circumstance> all = EnumSet.noneOf(Circumstance.class);
      all.addAll(request.circumstances());
      if (request.source().filter(s -> s == ReferralSource.CRIMINAL_JUSTICE).isPresent()) {
        all.add(Circumstance.CRIMINAL_JUSTICE);
      }
      this.circumstances = all;
    }

    RouteDecision decide() {
      resolveDistrict();
      List<Substance> substances = substances();
      if (district == null || !district.local()) {
        outsideArea();
      } else {
        primary(substances);
        coReferrals(substances);
      }
      offers(substances);
      urgency();
      Draft primary = primaryDraft();
      primary.reasons.add(0, location);
      leftOut.stream().filter(note -> !primary.reasons.contains(note))
          .forEach(primary.reasons::add);
      boolean urgent = !urgency.isEmpty();
      List<Destination> coReferrals = new ArrayList<>();
      List<Destination> signposts = new ArrayList<>();
      for (Draft draft : drafts.values()) {
        if (draft.role == Role.CO_REFERRAL) {
          coReferrals.add(draft.toDestination(false));
        } else if (draft.role == Role.SIGNPOST) {
          signposts.add(draft.toDestination(false));
        }
      }
      return new RouteDecision(primary.toDestination(urgent), coReferrals, signposts, urgency,
          Optional.ofNullable(district), location, List.copyOf(offers), RULES,
          directory.version());
    }

    List<String> ineligibility(Service service) {
      List<String> problems = new ArrayList<>();
      Eligibility eligibility = service.eligibility();
      if (eligibility.access() != Access.DIRECT) {
        problems.add(service.name() + " takes referrals only from specialist services");
      }
      if (!eligibility.acceptsAge(age)) {
        problems.add(service.name() + " takes people aged " + eligibility.minAge()
            + (eligibility.maxAge() >= Eligibility.NO_MAX_AGE ? " and over"
                : " to " + eligibility.maxAge()) + "; this person is " + age);
      }
      resolveDistrict();
      if (district != null && district.local() && !service.coverage().covers(district)) {
        problems.add(service.name() + " does not cover " + district.name());
      }
      List<Substance> substances = substances();
      if (!substances.isEmpty() && substances.stream().noneMatch(eligibility::treats)) {
        problems.add(service.name() + " does not treat " + substances.stream()
            .map(Router::lowerCase).collect(Collectors.joining(" or ")));
      }
      if (!available(service)) {
        problems.add(service.name() + " is paused: it is not taking new referrals just now");
      }
      return List.copyOf(problems);
    }

    /** An explicit district wins; otherwise the postcode's outward code; otherwise none. */
    private void resolveDistrict() {
      Geography geography = directory.geography();
      if (request.district().isPresent()) {
        String given = request.district().get();
        district = geography.district(given).orElse(null);
        location = district != null ? "district " + district.name() + " as given"
            : "district '" + given + "' is not one this directory knows";
        return;
      }
      if (request.postcode().isPresent()) {
        String postcode = request.postcode().get();
        Optional<String> outward = Geography.outwardCode(postcode);
        district = outward.flatMap(geography::districtOfOutwardCode).orElse(null);
        location = district != null
            ? "district " + district.name() + " inferred from postcode district " + outward.get()
                + " (its main district; outward codes can straddle districts)"
            : outward.isPresent()
                ? "postcode district " + outward.get() + " is not in " + geography.name()
                : Quote.of(postcode) + " is not a postcode";
        return;
      }
      location = "no district or postcode given";
    }

    /** Substances as given, main first; inferred from the assessment when none were given. */
    private List<Substance> substances() {
      List<Substance> substances = new ArrayList<>(request.substances());
      if (substances.isEmpty()) {
        if (request.flags().contains(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE)
            || request.flags().contains(FlagCode.HIGHER_RISK_WITH_HARM)
            || request.advice().contains(ActionCode.REFER_SPECIALIST_ALCOHOL_ASSESSMENT)) {
          substances.add(Substance.ALCOHOL);
        }
        if (request.advice().contains(ActionCode.REFER_DRUG_SERVICE)) {
          substances.add(Substance.OTHER);
        }
      }
      return substances;
    }

    private void outsideArea() {
      String why = district == null
          ? "the district is unknown, so the single point of contact finds the right service"
          : district.name() + " is outside " + directory.geography().name()
              + "'s commissioned services: the single point of contact passes the referral to"
              + " the local services there";
      add(directory.singlePointOfContact(), Role.PRIMARY, why);
      if (district != null) {
        for (Service service : directory.services()) {
          if (eligible(service) && service.coverage().covers(district)) {
            if (available(service)) {
              add(service, Role.SIGNPOST, "serves " + district.name());
            } else {
              leftOut.add(paused(service) + ", so the person is not signposted to it");
            }
          }
        }
      }
    }

    private void primary(List<Substance> substances) {
      if (age < ADULT_AGE) {
        Optional<Service> young = nearest(ServiceKind.YOUNG_PEOPLE, s -> true);
        if (young.isPresent()) {
          add(young.get(), Role.PRIMARY, "under 18: the young people's service, always");
          return;
        }
        contact(pausedOnly(ServiceKind.YOUNG_PEOPLE, s -> true)
            ? "no young people's service that covers " + district.name()
                + " is taking new referrals"
            : "no young people's service covers " + district.name());
        return;
      }
      if (substances.isEmpty()) {
        contact("no substance named: the single point of contact assesses");
        return;
      }
      Substance main = substances.get(0);
      Optional<Service> treatment = nearest(ServiceKind.TREATMENT, s -> s.eligibility()
          .treats(main));
      if (treatment.isEmpty()) {
        contact(pausedOnly(ServiceKind.TREATMENT, s -> s.eligibility().treats(main))
            ? "no treatment service for " + lowerCase(main) + " that covers "
                + district.name() + " is taking new referrals"
            : "no treatment service for " + lowerCase(main) + " covers " + district.name());
        return;
      }
      Draft primary = add(treatment.get(), Role.PRIMARY, "main substance: "
          + lowerCase(main));
      if (main == Substance.ALCOHOL && (request.flags().contains(
          FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE) || request.advice().contains(
          ActionCode.REFER_SPECIALIST_ALCOHOL_ASSESSMENT))) {
        primary.reasons.add("specialist alcohol assessment; detox is decided there");
      }
      for (Circumstance justice : List.of(Circumstance.CRIMINAL_JUSTICE,
          Circumstance.PRISON_RELEASE)) {
        if (circumstances.contains(justice)) {
          primary.reasons.add(treatment.get().eligibility().circumstances().contains(justice)
              ? lowerCase(justice) + ": the service's criminal-justice worker"
              : lowerCase(justice)
                  + ": tell the service, which has no criminal-justice worker listed");
        }
      }
    }

    private void contact(String why) {
      add(directory.singlePointOfContact(), Role.PRIMARY, why);
    }

    private void coReferrals(List<Substance> substances) {
      boolean adult = age >= ADULT_AGE;
      if (adult && !substances.isEmpty()) {
        boolean mainIsDrug = substances.get(0).isDrug();
        for (Substance other : substances) {
          if (other.isDrug() != mainIsDrug) {
            nearest(ServiceKind.TREATMENT, s -> s.eligibility().treats(other))
                .ifPresent(s -> add(s, Role.CO_REFERRAL, "also uses " + lowerCase(other)));
            break;
          }
        }
      }
      if (substances.contains(Substance.OPIOIDS)) {
        if (adult) {
          nearest(ServiceKind.PRESCRIBING, s -> s.eligibility().treats(Substance.OPIOIDS))
              .ifPresent(s -> {
                Draft draft = add(s, Role.CO_REFERRAL, "opioids: assessment for opioid"
                    + " substitution treatment");
                if (circumstances.contains(Circumstance.PRISON_RELEASE)) {
                  draft.urgentBecause("released from prison: continuity of prescribing");
                }
              });
        }
      }
      if (circumstances.contains(Circumstance.INJECTING)) {
        String why = "injecting: needle exchange, blood-borne-virus testing (HCV test,"
            + " HBV vaccination) and naloxone";
        nearest(ServiceKind.NEEDLE_EXCHANGE, s -> true).ifPresentOrElse(
            s -> add(s, Role.CO_REFERRAL, why),
            () -> primaryDraft().reasons.add(why + "; no needle exchange in this directory"
                + " accepts this person, so the primary service arranges it"));
      }
      if (adult) {
        nearest(ServiceKind.YOUNG_PEOPLE, s -> true).ifPresent(s -> add(s, Role.CO_REFERRAL,
            "aged " + age + ": the young people's service's specialist young-adult response"
                + " alongside adult services"));
      }
      if (request.flags().contains(FlagCode.DUAL_DIAGNOSIS_SMI)
          || request.flags().contains(FlagCode.CO_OCCURRING_MENTAL_HEALTH_SUBSTANCE)) {
        nearest(ServiceKind.DUAL_DIAGNOSIS, s -> true).ifPresent(s -> add(s, Role.CO_REFERRAL,
            request.flags().contains(FlagCode.DUAL_DIAGNOSIS_SMI)
                ? "serious mental illness with substance use: mental-health-led care, excluded"
                    + " from neither service (NICE NG58)"
                : "co-occurring mental health and substance use"));
      }
      nearest(ServiceKind.PEER_RECOVERY, s -> true).ifPresent(s -> add(s, Role.CO_REFERRAL,
          "visible recovery: the nearest peer recovery service, for the person and their"
              + " family"));
    }

    /** Take-home naloxone for anyone using opioids or injecting, wherever they live. */
    private void offers(List<Substance> substances) {
      if (substances.contains(Substance.OPIOIDS)
          || circumstances.contains(Circumstance.INJECTING)) {
        offers.add(ActionCode.OFFER_NALOXONE);
      }
    }

    private void urgency() {
      if (request.flags().contains(FlagCode.URGENT_RISK)) {
        urgency.add("urgent risk (thoughts of death or self-harm): same-day clinician review"
            + " first, never only a referral letter");
      }
      if (circumstances.contains(Circumstance.PREGNANT)) {
        urgency.add("pregnant: urgent");
      }
      for (Draft draft : drafts.values()) {
        if (draft.urgentReason != null) {
          urgency.add(draft.service.name() + ": " + draft.urgentReason);
        }
      }
    }

    /**
     * The service of a kind to send the person to, among the eligible ones covering the
     * district that fit: never a paused one; accepting first, then the shortest waiting list,
     * then the nearest (narrowest coverage, then the most specific substance eligibility), then
     * directory order. Where capacity passed over a nearer service, the reasons to be given
     * with the chosen one say so; where every candidate is paused, the primary's will.
     */
    private Optional<Service> nearest(ServiceKind kind, Predicate<Service> fits) {
      List<Service> candidates = candidates(kind, fits);
      Service nearest = null;
      Service best = null;
      for (Service service : candidates) {
        if (nearest == null || NEAREST.compare(service, nearest) < 0) {
          nearest = service;
        }
        if (available(service) && (best == null || sooner(service, best))) {
          best = service;
        }
      }
      if (best == null) {
        candidates.forEach(service -> leftOut.add(paused(service) + ", so it is left out"));
        return Optional.empty();
      }
      if (best != nearest) {
        List<String> notes = capacityNotes.computeIfAbsent(best.id(), id -> new ArrayList<>());
        // Nearest first, ties in directory order (a stable sort): those before the chosen one
        // would have been chosen but for capacity.
        List<Service> byNearness = new ArrayList<>(candidates);
        byNearness.sort(NEAREST);
        for (Service passed : byNearness.subList(0, byNearness.indexOf(best))) {
          String note = available(passed)
              ? passed.name() + " has a " + capacity(passed).describe() + ", so "
                  + best.name() + " (" + capacity(best).describe()
                  + ") is chosen: the person is seen sooner"
              : paused(passed) + ", so it is left out";
          if (!notes.contains(note)) {
            notes.add(note);
          }
        }
      }
      return Optional.of(best);
    }

    /** Whether every candidate of a kind is paused (and there is at least one). */
    private boolean pausedOnly(ServiceKind kind, Predicate<Service> fits) {
      List<Service> candidates = candidates(kind, fits);
      return !candidates.isEmpty() && candidates.stream().noneMatch(this::available);
    }

    /** The eligible services of a kind covering the district that fit, in directory order. */
    private List<Service> candidates(ServiceKind kind, Predicate<Service> fits) {
      List<Service> candidates = new ArrayList<>();
      for (Service service : directory.services(kind)) {
        if (eligible(service) && service.coverage().covers(district) && fits.test(service)) {
          candidates.add(service);
        }
      }
      return candidates;
    }

    /** Whether {@code service} sees people sooner than {@code other}, or as soon and nearer. */
    private boolean sooner(Service service, Service other) {
      int wait = Integer.compare(wait(service), wait(other));
      return wait < 0 || wait == 0 && NEAREST.compare(service, other) < 0;
    }

    /**
     * Weeks to wait: none when accepting. A paused single point of contact (the only paused
     * service still a candidate) comes after every service taking referrals: the last resort.
     */
    private int wait(Service service) {
      return capacity(service).isPaused() ? Integer.MAX_VALUE
          : capacity(service).waitingWeeks().orElse(0);
    }

    private Capacity capacity(Service service) {
      return capacities.capacity(service.id());
    }

    /** Not paused; the single point of contact, the last resort, always is. */
    private boolean available(Service service) {
      return !capacity(service).isPaused() || isContact(service);
    }

    private boolean isContact(Service service) {
      return service.id().equals(directory.singlePointOfContact().id());
    }

    private static String paused(Service service) {
      return service.name() + " is paused (not taking new referrals)";
    }

    private boolean eligible(Service service) {
      return !rejected.contains(service.id())
          && service.eligibility().access() == Access.DIRECT
          && service.eligibility().acceptsAge(age);
    }

    private Draft primaryDraft() {
      for (Draft draft : drafts.values()) {
        if (draft.role == Role.PRIMARY) {
          return draft;
        }
      }
      throw new IllegalStateException("no primary destination"); // every path adds one
    }

    /** Adds a destination, or a reason to it; a service keeps its strongest role. */
    private Draft add(Service service, Role role, String reason) {
      boolean first = !drafts.containsKey(service.id());
      Draft draft = drafts.computeIfAbsent(service.id(), id -> new Draft(service, role));
      if (role.ordinal() < draft.role.ordinal()) {
        draft.role = role;
      }
      draft.reasons.add(reason);
      if (first) {
        Capacity capacity = capacity(service);
        if (capacity.isPaused()) { // only the single point of contact gets here
          draft.reasons.add(service.name() + " is paused (not taking new referrals), but as the"
              + " single point of contact it is the last resort and is never left out");
        } else if (capacity.waitingWeeks().isPresent()) {
          draft.reasons.add(service.name() + " has a " + capacity.describe());
        }
      }
      List<String> notes = capacityNotes.remove(service.id());
      if (notes != null) {
        notes.stream().filter(note -> !draft.reasons.contains(note))
            .forEach(draft.reasons::add);
      }
      return draft;
    }
  }

  private static String lowerCase(Coded coded) {
    return coded.display().toLowerCase(Locale.ROOT);
  }

  private static final class Draft {
    private final Service service;
    private Role role;
    private final List<String> reasons = new ArrayList<>();
    /** Why this service must act the same day, if it must. */
    private String urgentReason;

    Draft(Service service, Role role) {
      this.service = service;
      this.role = role;
    }

    void urgentBecause(String reason) {
      reasons.add(reason);
      urgentReason = reason;
    }

    Destination toDestination(boolean decisionUrgent) {
      return new Destination(service, role, reasons, urgentReason != null || decisionUrgent);
    }
  }
}
