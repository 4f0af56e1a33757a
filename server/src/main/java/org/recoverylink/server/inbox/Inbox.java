package org.recoverylink.server.inbox;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.fhir.referral.TaskChange;
import org.recoverylink.server.hearback.Escalations;
import org.recoverylink.server.hub.TaskService;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * The provider inbox's use cases: a member of staff's referrals, a page at a time, oldest first;
 * one referral's whole story; and the changes they make to it, which go through
 * {@link TaskService} exactly as a provider's {@code PUT Task} does (the same lifecycle, the same
 * re-routing after a rejection, the same one transaction with its audit row). Staff see only
 * the Tasks of their own services: any other is not found, whoever's it is.
 */
public final class Inbox {

  /** Referrals a page. */
  public static final int PAGE = 25;

  private final ReferralStore referrals;
  private final TaskService tasks;
  private final FhirContext fhir;
  private final Function<ReferralStore.Task, Escalations.Deadline> deadline;

  /**
   * @param deadline by when a Task's service should accept or decline it, and whether it is
   *                 overdue or escalated
   */
  public Inbox(ReferralStore referrals, TaskService tasks, FhirContext fhir,
      Function<ReferralStore.Task, Escalations.Deadline> deadline) {
    this.referrals = Objects.requireNonNull(referrals, "referrals");
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.deadline = Objects.requireNonNull(deadline, "deadline");
  }

  /** One referral, with by when its service should answer it. */
  public record Row(ReferralStore.Task task, ReferralStory story, Escalations.Deadline deadline) {

    public boolean overdue() {
      return deadline.overdue();
    }
  }

  /**
   * One page of a list.
   *
   * @param next the Task id to list on after, when more follow
   */
  public record Listing(List<Row> rows, long total, Optional<String> next) {

    public Listing {
      rows = List.copyOf(rows);
    }
  }

  /** What a member of staff does to a referral in the inbox. */
  public enum Action {
    ACCEPT(TaskStatus.ACCEPTED), DECLINE(TaskStatus.REJECTED),
    FIRST_CONTACT(TaskStatus.IN_PROGRESS), COMPLETE(TaskStatus.COMPLETED);

    private final TaskStatus to;

    Action(TaskStatus to) {
      this.to = to;
    }

    public TaskStatus to() {
      return to;
    }
  }

  /**
   * The member of staff's referrals at this status, oldest first, after the Task {@code after}
   * (an id from an earlier page) if given.
   *
   * @throws Refused NOT_FOUND when {@code after} is no Task of theirs
   */
  public Listing list(Staff staff, TaskStatus status, Optional<String> after, AuditNotes audit) {
    Optional<ReferralStore.Position> from = after.map(id -> referrals.task(id)
        .filter(t -> staff.worksFor(t.service()))
        .map(t -> new ReferralStore.Position(t.created(), t.id()))
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND,
            "no such page")));
    Set<String> services = staff.services().stream().map(s -> s.id())
        .collect(Collectors.toSet());
    ReferralStore.Page page = referrals.tasks(new ReferralStore.TaskSearch(staff.organisation(),
        Optional.of(staff.organisation()), Optional.of(status.code()), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), services), from, PAGE);
    List<Row> rows = page.tasks().stream().map(listed -> {
      audit.patient(listed.patient());
      return new Row(listed.task(), story(listed.task()), deadline.apply(listed.task()));
    }).toList();
    Optional<String> next = page.more() && !rows.isEmpty()
        ? Optional.of(rows.get(rows.size() - 1).task().id()) : Optional.empty();
    return new Listing(rows, page.total(), next);
  }

  /**
   * One referral of theirs, with its whole story.
   *
   * @throws Refused NOT_FOUND when it is not theirs to see
   */
  public Row referral(Staff staff, String taskId, AuditNotes audit) {
    ReferralStore.Task task = mine(staff, taskId);
    audit.entity("Task/" + task.id());
    audit.patient(referrals.referral(task.referral()).orElseThrow().patient());
    return new Row(task, story(task), deadline.apply(task));
  }

  /**
   * Makes a change, as the service's staff.
   *
   * @param version the Task's version the member of staff saw
   * @param reason  why, for a decline: the rejection-reason code and any words of theirs
   * @throws Refused NOT_FOUND when it is not theirs, STALE when it changed since they saw it
   * @throws org.recoverylink.fhir.io.InvalidFhirInputException when the lifecycle does not allow
   *     the change
   */
  public ReferralStore.Task act(Staff staff, String taskId, Action action, int version,
      Optional<DeclineReason> reason, AuditNotes audit) {
    mine(staff, taskId);
    TaskChange change = new TaskChange(action.to(), reason.map(DeclineReason::text),
        reason.filter(DeclineReason::personsChoice).isPresent());
    return tasks.change(taskId, change, staff.caller(), version, audit);
  }

  /** Why a service declines a referral, as the inbox offers it. */
  public record DeclineReason(String code, String display, String details) {

    public String text() {
      return details.isBlank() ? display : display + ": " + details.strip();
    }

    public boolean personsChoice() {
      return TaskChange.PATIENT_CHOICE.equals(code);
    }
  }

  private ReferralStore.Task mine(Staff staff, String taskId) {
    return referrals.task(taskId).filter(t -> t.owner().equals(staff.organisation())
            && staff.worksFor(t.service()))
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND,
            "no such referral"));
  }

  private ReferralStory story(ReferralStore.Task task) {
    ReferralStore.Referral referral = referrals.referral(task.referral()).orElseThrow();
    return ReferralStory.of(fhir.newJsonParser().parseResource(ServiceRequest.class,
        referral.json()), referral.created());
  }
}
