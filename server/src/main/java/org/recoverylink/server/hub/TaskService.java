package org.recoverylink.server.hub;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.referral.Party;
import org.recoverylink.core.referral.ReferralRules;
import org.recoverylink.core.referral.RoutingFacts;
import org.recoverylink.core.referral.TaskLifecycle;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.fhir.referral.TaskChange;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.HearBackStore;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * The worklist's Tasks (docs/http-api.md "Refer"): reading them, as the receiving organisation or
 * the referrer (nobody else: to others a Task is simply not found), and changing their status, the
 * only change a Task takes, as {@link TaskLifecycle} allows. A rejection for any reason but the
 * person's own choice routes the referral on to the next eligible service of today's directory,
 * from the routing facts kept with the referral, passing over paused services (never the single
 * point of contact), with a new Task; both Tasks say so.
 */
public final class TaskService {

  private static final ZoneId ENGLAND = England.ZONE;

  private final ReferralStore referrals;
  private final Directory directory;
  private final ReferralRules rules;
  private final CapacityService capacities;
  private final FhirContext fhir;
  private final Clock clock;
  private final Runnable queued;
  private final HearBack hearBack;
  private final Runnable told;

  /**
   * A Task service whose changes are told to nobody but by the Task itself.
   *
   * @param capacities the services' capacities: a re-route passes over a paused service
   * @param fhir       reads a referral stored before its routing facts were kept, once
   * @param queued     told when a re-route puts a delivery in the outbox
   */
  public TaskService(ReferralStore referrals, ReferralRules rules, CapacityService capacities,
      FhirContext fhir, Clock clock, Runnable queued) {
    this(referrals, rules, capacities, fhir, clock, queued,
        HearBack.none(rules.router().directory(), fhir), () -> { });
  }

  /**
   * @param hearBack who hears of each change, and what they are told: queued with the change
   * @param told     told when a change queued something to tell (the sender wakes)
   */
  public TaskService(ReferralStore referrals, ReferralRules rules, CapacityService capacities,
      FhirContext fhir, Clock clock, Runnable queued, HearBack hearBack, Runnable told) {
    this.hearBack = Objects.requireNonNull(hearBack, "hearBack");
    this.told = Objects.requireNonNull(told, "told");
    this.referrals = Objects.requireNonNull(referrals, "referrals");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.capacities = Objects.requireNonNull(capacities, "capacities");
    this.directory = rules.router().directory();
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queued = Objects.requireNonNull(queued, "queued");
  }

  /**
   * One page of a worklist search.
   *
   * @param tasks the Tasks, oldest first
   * @param total how many match in all
   * @param next  the place after this page's last Task, when more follow
   */
  public record Found(List<Task> tasks, long total, Optional<ReferralStore.Position> next) {

    public Found {
      tasks = List.copyOf(tasks);
      Objects.requireNonNull(next, "next");
    }
  }

  /**
   * The Task with this id, if the caller may see it.
   *
   * @throws Refused NOT_FOUND when there is none the caller may see
   */
  public Task read(String id, Caller caller, AuditNotes audit) {
    ReferralStore.Task task = visible(id, caller);
    audit.entity("Task/" + task.id());
    return toFhir(task, patient(task, audit));
  }

  /** Up to {@code count} Tasks the caller may see that match, after {@code after} if given. */
  public Found search(ReferralStore.TaskSearch search, Optional<ReferralStore.Position> after,
      int count, AuditNotes audit) {
    ReferralStore.Page page = referrals.tasks(search, after, count);
    List<Task> tasks = page.tasks().stream().map(listed -> {
      audit.patient(listed.patient());
      return toFhir(listed.task(), listed.patient());
    }).toList();
    Optional<ReferralStore.Position> next = page.more()
        ? Optional.of(page.tasks().get(page.tasks().size() - 1).task())
            .map(last -> new ReferralStore.Position(last.created(), last.id()))
        : Optional.empty();
    return new Found(tasks, page.total(), next);
  }

  /**
   * Changes a Task's status as {@code sent} asks.
   *
   * @param sent    the Task sent, read only once the caller is known to see the Task
   * @param ifMatch the version the caller last read ({@code If-Match}), if it said
   * @throws Refused NOT_FOUND when the caller may not see the Task, INVALID when the Task sent
   *     has another id, STALE when the Task is no longer at {@code ifMatch}
   * @throws org.recoverylink.fhir.io.InvalidFhirInputException when the change is not allowed
   */
  public Task update(String id, Supplier<Task> sent, Caller caller, Optional<String> ifMatch,
      AuditNotes audit) {
    ReferralStore.Task current = visible(id, caller);
    audit.entity("Task/" + id);
    ReferralStore.Referral referral = referrals.referral(current.referral()).orElseThrow();
    audit.patient(referral.patient());
    Task task = sent.get();
    Extensions.refuseUnknown(task);
    if (task.hasIdElement() && task.getIdElement().hasIdPart()
        && !id.equals(task.getIdElement().getIdPart())) {
      throw new Refused(Refused.Reason.INVALID, IssueType.INVALID,
          "the Task's id " + Quote.of(task.getIdPart()) + " is not the " + Quote.of(id)
          + " of the URL");
    }
    if (ifMatch.isPresent() && !ifMatch.get().replace("W/", "").replace("\"", "").trim()
        .equals(Integer.toString(current.version()))) {
      throw new Refused(Refused.Reason.STALE, IssueType.CONFLICT, "Task/" + id + " is at version "
          + current.version() + ", not " + Quote.of(ifMatch.get()) + ": read it again");
    }
    return toFhir(apply(current, referral, TaskChange.read(task), caller, audit),
        referral.patient());
  }

  /**
   * Changes a Task's status as a member of staff asked in the provider inbox: the same rules,
   * the same re-routing and the same one transaction as {@link #update}.
   *
   * @param version the version of the Task the member of staff saw
   * @throws Refused NOT_FOUND when the caller may not see the Task, STALE when it changed since
   * @throws org.recoverylink.fhir.io.InvalidFhirInputException when the change is not allowed
   */
  public ReferralStore.Task change(String id, TaskChange change, Caller caller, int version,
      AuditNotes audit) {
    ReferralStore.Task current = visible(id, caller);
    audit.entity("Task/" + id);
    ReferralStore.Referral referral = referrals.referral(current.referral()).orElseThrow();
    audit.patient(referral.patient());
    if (current.version() != version) {
      throw new Refused(Refused.Reason.STALE, IssueType.CONFLICT, "Task/" + id + " is at version "
          + current.version() + ", not " + version + ": read it again");
    }
    return apply(current, referral, change, caller, audit);
  }

  private ReferralStore.Task apply(ReferralStore.Task current, ReferralStore.Referral referral,
      TaskChange change, Caller caller, AuditNotes audit) {
    TaskStatus from = Coded.fromCode(TaskStatus.class, current.status()).orElseThrow();
    if (change.to() == from) {
      return current;
    }
    // A system known by its scopes alone has no role: its organisation says which side it is.
    change.check(from, (caller.role() == Role.PROVIDER || caller.role() == Role.SYSTEM)
        && caller.organisation().equals(current.owner()) ? Party.RECEIVER : Party.REFERRER);

    Instant now = clock.instant();
    Optional<ReferralStore.Task> next = Optional.empty();
    Optional<ReferralStore.Delivery> delivery = Optional.empty();
    Optional<String> note = Optional.empty();
    if (change.reroutes()) {
      // The service may have left the directory since: its id then names it.
      String by = directory.service(current.service()).map(Service::name)
          .orElse(current.service());
      String reason = change.reason().orElseThrow();
      Set<String> rejected = referrals.tasksOf(referral.id()).stream()
          .map(ReferralStore.Task::service).collect(Collectors.toSet());
      Optional<Service> onward = rules.onward(routing(referral), rejected, capacities.all());
      if (onward.isEmpty()) {
        note = Optional.of("rejected by " + by + ": " + reason + "; no other eligible"
            + " service is left: the referrer decides what next");
      } else {
        Service to = onward.get();
        String taskId = Ids.timeOrdered();
        next = Optional.of(new ReferralStore.Task(taskId, referral.id(), to.id(),
            Tasks.owner(to), current.requester(), TaskLifecycle.OPENED.code(),
            to.endpoint().isPresent() ? "queued" : "worklist", Optional.empty(),
            Optional.of("re-routed from " + by + ", which rejected it: " + reason), 1, now,
            now));
        delivery = to.endpoint().map(address -> new ReferralStore.Delivery(Ids.timeOrdered(),
            taskId, address, now));
        note = Optional.of("rejected by " + by + ": " + reason + "; re-routed to "
            + to.name());
      }
    }
    // Read before the change's transaction: it never changes once the referral is stored.
    Optional<ReferralStore.Contact> contact = current.requester().equals(
        PublicReferral.ORGANISATION) ? referrals.contact(referral.id()) : Optional.empty();
    boolean rerouted = next.isPresent();
    List<HearBackStore.Message> telling = new ArrayList<>();
    ReferralStore.Task changed = referrals.transition(current, change.to().code(),
        change.reason(), note, next, delivery, made -> {
          telling.addAll(hearBack.of(made, referral.patient(), contact, rerouted, now));
          return telling;
        }, audit.entry(200), now);
    audit.written();
    if (delivery.isPresent()) {
      queued.run();
    }
    if (!telling.isEmpty()) {
      told.run();
    }
    return changed;
  }

  /**
   * The facts the referral was routed by. A referral taken in before they were kept has them
   * read from its stored ServiceRequest, as of the day it was taken in, once: they are kept.
   */
  private RoutingFacts routing(ReferralStore.Referral referral) {
    return referrals.routing(referral.id()).orElseGet(() -> {
      RoutingFacts derived = ReferralIntake.routingFacts(fhir.newJsonParser().parseResource(
          ServiceRequest.class, referral.json()), LocalDate.ofInstant(referral.created(),
          ENGLAND));
      referrals.keepRouting(referral.id(), derived);
      return derived;
    });
  }

  private ReferralStore.Task visible(String id, Caller caller) {
    return referrals.task(id).filter(t -> t.owner().equals(caller.organisation())
            || t.requester().equals(caller.organisation()))
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND,
            "no Task " + Quote.of(id)));
  }

  private String patient(ReferralStore.Task task, AuditNotes audit) {
    String patient = referrals.referral(task.referral()).orElseThrow().patient();
    audit.patient(patient);
    return patient;
  }

  private Task toFhir(ReferralStore.Task task, String patient) {
    return Tasks.toFhir(task, patient, directory);
  }
}
