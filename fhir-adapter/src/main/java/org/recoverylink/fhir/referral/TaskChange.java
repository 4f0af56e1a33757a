package org.recoverylink.fhir.referral;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.referral.InvalidReferralException;
import org.recoverylink.core.referral.Party;
import org.recoverylink.core.referral.TaskLifecycle;
import org.recoverylink.core.referral.TaskStatus;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * The status change a Task sent with {@code PUT} asks for, read for the lifecycle of
 * {@code core} ({@link TaskLifecycle}), whose refusals it answers as FHIR issues.
 *
 * @param to            the status asked for
 * @param reason        why, from {@code statusReason}: its text, or a coding's display or code
 * @param personsChoice whether {@code statusReason} is coded as the person's own choice
 */
public record TaskChange(TaskStatus to, Optional<String> reason, boolean personsChoice) {

  /** Rejections for this reason (our rejection-reason code) are the person's choice. */
  public static final String PATIENT_CHOICE = "patient-choice";

  /**
   * Reads a Task sent as a change.
   *
   * @throws InvalidFhirInputException when it has an unknown extension or no status
   */
  public static TaskChange read(Task sent) {
    Extensions.refuseUnknown(sent);
    if (!sent.hasStatus()) {
      throw new InvalidFhirInputException(List.of(FhirIssue.error(IssueType.REQUIRED, "",
          "Task.status is required")));
    }
    TaskStatus to = Coded.fromCode(TaskStatus.class, sent.getStatus().toCode()).orElseThrow();
    return new TaskChange(to, reason(sent), sent.getStatusReason().getCoding().stream()
        .anyMatch(c -> CodeSystems.REJECTION_REASON.equals(c.getSystem())
            && PATIENT_CHOICE.equals(c.getCode())));
  }

  /**
   * Checks that {@code party} may make this change to a Task at {@code from}.
   *
   * @throws InvalidFhirInputException listing every problem, when it may not
   */
  public void check(TaskStatus from, Party party) {
    try {
      TaskLifecycle.check(from, to, party, reason);
    } catch (InvalidReferralException e) {
      throw new InvalidFhirInputException(ReferralIssues.of(e, ""));
    }
  }

  /** Whether the change sends the referral on to the next eligible service. */
  public boolean reroutes() {
    return TaskLifecycle.reroutes(to, personsChoice);
  }

  private static Optional<String> reason(Task sent) {
    if (!sent.hasStatusReason()) {
      return Optional.empty();
    }
    CodeableConcept reason = sent.getStatusReason();
    if (reason.hasText()) {
      return Optional.of(reason.getText());
    }
    return reason.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(text -> text != null && !text.isBlank()).findFirst();
  }
}
