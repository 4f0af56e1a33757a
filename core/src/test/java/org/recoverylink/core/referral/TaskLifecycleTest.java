package org.recoverylink.core.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.referral.ReferralProblem.Code;

/**
 * The Task lifecycle, every move of every party: the receiver accepts or rejects what was
 * requested, starts what it accepted and completes what it started; the referrer cancels what is
 * still requested; the hub only opens Tasks; nothing else.
 */
class TaskLifecycleTest {

  private static final Optional<String> WHY = Optional.of("No capacity");

  /** The moves allowed, and who makes each. */
  private static final Map<String, Party> ALLOWED = Map.of(
      "requested>accepted", Party.RECEIVER,
      "requested>rejected", Party.RECEIVER,
      "requested>cancelled", Party.REFERRER,
      "accepted>in-progress", Party.RECEIVER,
      "in-progress>completed", Party.RECEIVER);

  @Test
  void everyMoveOfEveryPartyIsAllowedExactlyAsTheTableSays() {
    List<String> checked = new ArrayList<>();
    for (TaskStatus from : TaskStatus.values()) {
      for (TaskStatus to : TaskStatus.values()) {
        if (from == to) {
          continue;
        }
        Party allowed = ALLOWED.get(from.code() + ">" + to.code());
        assertEquals(Optional.ofNullable(allowed), TaskLifecycle.mayMove(from, to));
        for (Party party : Party.values()) {
          List<Code> codes = TaskLifecycle.problems(from, to, party, WHY).stream()
              .map(ReferralProblem::code).toList();
          Code expected = allowed == null ? Code.TRANSITION_NOT_ALLOWED
              : allowed != party ? Code.PARTY_NOT_ALLOWED : null;
          assertEquals(expected == null ? List.of() : List.of(expected), codes,
              from + " to " + to + " by " + party);
          if (expected == null) {
            checked.add(from.code() + ">" + to.code());
          }
        }
      }
    }
    assertEquals(ALLOWED.size(), checked.size(), "each allowed move for one party only");
  }

  @ParameterizedTest(name = "{0} to {1} by {2}: {3}")
  @CsvSource({
      "REQUESTED,   ACCEPTED,  REFERRER, only the receiving organisation may set a Task to accepted",
      "REQUESTED,   CANCELLED, RECEIVER, only the referrer may set a Task to cancelled",
      "REQUESTED,   ACCEPTED,  HUB,      only the receiving organisation may set a Task to accepted",
      "REQUESTED,   COMPLETED, RECEIVER, a Task cannot go from requested to completed",
      "CANCELLED,   ACCEPTED,  RECEIVER, a Task cannot go from cancelled to accepted",
      "COMPLETED,   REQUESTED, REFERRER, a Task cannot go from completed to requested",
  })
  void aRefusalSaysWhy(TaskStatus from, TaskStatus to, Party party, String message) {
    InvalidReferralException refused = assertThrows(InvalidReferralException.class,
        () -> TaskLifecycle.check(from, to, party, WHY));

    assertEquals(1, refused.problems().size());
    assertTrue(refused.problems().get(0).message().startsWith(message),
        refused.problems().get(0).message());
  }

  @Test
  void aRejectionOrACancellationSaysWhy() {
    assertTrue(TaskLifecycle.needsReason(TaskStatus.REJECTED));
    assertTrue(TaskLifecycle.needsReason(TaskStatus.CANCELLED));
    assertFalse(TaskLifecycle.needsReason(TaskStatus.ACCEPTED));

    assertEquals(List.of(Code.REASON_REQUIRED), codes(TaskStatus.REQUESTED,
        TaskStatus.REJECTED, Party.RECEIVER, Optional.empty()));
    assertEquals(List.of(Code.REASON_REQUIRED), codes(TaskStatus.REQUESTED,
        TaskStatus.CANCELLED, Party.REFERRER, Optional.of("  ")));
    assertEquals(List.of(Code.PARTY_NOT_ALLOWED, Code.REASON_REQUIRED), codes(
        TaskStatus.REQUESTED, TaskStatus.REJECTED, Party.REFERRER, Optional.empty()),
        "every problem at once");
    TaskLifecycle.check(TaskStatus.REQUESTED, TaskStatus.ACCEPTED, Party.RECEIVER,
        Optional.empty());
  }

  @Test
  void onlyARejectionNotOfThePersonsChoosingReroutes() {
    assertTrue(TaskLifecycle.reroutes(TaskStatus.REJECTED, false));
    assertFalse(TaskLifecycle.reroutes(TaskStatus.REJECTED, true));
    assertFalse(TaskLifecycle.reroutes(TaskStatus.CANCELLED, false));
    assertEquals(TaskStatus.REQUESTED, TaskLifecycle.OPENED);
  }

  private static List<Code> codes(TaskStatus from, TaskStatus to, Party party,
      Optional<String> reason) {
    return TaskLifecycle.problems(from, to, party, reason).stream().map(ReferralProblem::code)
        .toList();
  }
}
