package org.recoverylink.core.referral;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.referral.ReferralProblem.Code;

/**
 * Who may move a referral's Task from which status to which. The hub opens it
 * {@link TaskStatus#REQUESTED}; the receiver accepts or rejects what was requested, starts what
 * it accepted and completes what it started; the referrer may cancel what is still requested.
 * Nothing else. A rejection or a cancellation says why; a rejection for any reason but the
 * person's own choice sends the referral on to the next eligible service.
 */
public final class TaskLifecycle {

  /** The status the hub opens every Task in. */
  public static final TaskStatus OPENED = TaskStatus.REQUESTED;

  private record Move(TaskStatus from, TaskStatus to) {
  }

  private static final Map<Move, Party> ALLOWED = Map.of(
      new Move(TaskStatus.REQUESTED, TaskStatus.ACCEPTED), Party.RECEIVER,
      new Move(TaskStatus.REQUESTED, TaskStatus.REJECTED), Party.RECEIVER,
      new Move(TaskStatus.REQUESTED, TaskStatus.CANCELLED), Party.REFERRER,
      new Move(TaskStatus.ACCEPTED, TaskStatus.IN_PROGRESS), Party.RECEIVER,
      new Move(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED), Party.RECEIVER);

  private static final Set<TaskStatus> NEED_REASON = Set.of(TaskStatus.REJECTED,
      TaskStatus.CANCELLED);

  private TaskLifecycle() {
  }

  /** Who may move a Task from {@code from} to {@code to}; empty when nobody may. */
  public static Optional<Party> mayMove(TaskStatus from, TaskStatus to) {
    return Optional.ofNullable(ALLOWED.get(new Move(from, to)));
  }

  /** Whether a change to {@code to} must say why. */
  public static boolean needsReason(TaskStatus to) {
    return NEED_REASON.contains(to);
  }

  /**
   * Whether a change to {@code to} sends the referral on to the next eligible service: a
   * rejection, unless it is the person's own choice.
   */
  public static boolean reroutes(TaskStatus to, boolean personsChoice) {
    return to == TaskStatus.REJECTED && !personsChoice;
  }

  /**
   * Everything wrong with {@code party} moving a Task from {@code from} to {@code to} with
   * this reason; empty when it may.
   */
  public static List<ReferralProblem> problems(TaskStatus from, TaskStatus to, Party party,
      Optional<String> reason) {
    List<ReferralProblem> problems = new ArrayList<>();
    Optional<Party> allowed = mayMove(from, to);
    if (allowed.isEmpty()) {
      problems.add(new ReferralProblem(Code.TRANSITION_NOT_ALLOWED, "a Task cannot go from "
          + from.code() + " to " + to.code() + "; from requested: accepted, rejected or"
          + " cancelled; from accepted: in-progress; from in-progress: completed"));
    } else if (allowed.get() != party) {
      problems.add(new ReferralProblem(Code.PARTY_NOT_ALLOWED, "only "
          + (allowed.get() == Party.RECEIVER ? "the receiving organisation" : "the referrer")
          + " may set a Task to " + to.code()));
    }
    if (needsReason(to) && reason.filter(r -> !r.isBlank()).isEmpty()) {
      problems.add(new ReferralProblem(Code.REASON_REQUIRED, "say why the Task is "
          + to.code()));
    }
    return problems;
  }

  /**
   * Checks a change.
   *
   * @throws InvalidReferralException listing every problem, when it may not be made
   */
  public static void check(TaskStatus from, TaskStatus to, Party party,
      Optional<String> reason) {
    InvalidReferralException.throwIfAny(problems(from, to, party, reason));
  }
}
