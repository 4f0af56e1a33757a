package org.recoverylink.fhir.referral;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may move a referral's Task from which status to which (docs/http-api.md "Refer"): the
 * receiving organisation accepts or rejects what was requested, starts what it accepted and
 * completes what it started; the referrer may cancel what is still requested. Nothing else.
 */
public final class TaskTransitions {

  /** Which side of the referral a caller is on. */
  public enum Party { RECEIVER, REFERRER }

  /** Rejections for this reason (our rejection-reason code) are the person's choice. */
  public static final String PATIENT_CHOICE = "patient-choice";

  private record Move(String from, String to) {
  }

  private static final Map<Move, Party> ALLOWED = Map.of(
      new Move("requested", "accepted"), Party.RECEIVER,
      new Move("requested", "rejected"), Party.RECEIVER,
      new Move("requested", "cancelled"), Party.REFERRER,
      new Move("accepted", "in-progress"), Party.RECEIVER,
      new Move("in-progress", "completed"), Party.RECEIVER);

  /** Statuses whose change must say why. */
  private static final Set<String> NEED_REASON = Set.of("rejected", "cancelled");

  private TaskTransitions() {
  }

  /** Why {@code party} may not move a Task from {@code from} to {@code to}; empty if it may. */
  public static Optional<String> refusal(String from, String to, Party party) {
    Party allowed = ALLOWED.get(new Move(from, to));
    if (allowed == null) {
      return Optional.of("a Task cannot go from " + from + " to " + to + "; from requested:"
          + " accepted, rejected or cancelled; from accepted: in-progress; from in-progress:"
          + " completed");
    }
    if (allowed != party) {
      return Optional.of(allowed == Party.RECEIVER
          ? "only the receiving organisation may set a Task to " + to
          : "only the referrer may set a Task to " + to);
    }
    return Optional.empty();
  }

  /** Whether a change to {@code to} must carry a statusReason. */
  public static boolean needsReason(String to) {
    return NEED_REASON.contains(to);
  }
}
