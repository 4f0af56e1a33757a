package org.recoverylink.core.referral;

import org.recoverylink.core.rules.Coded;

/**
 * Where a receiving service's Task for a referral stands. The codes are FHIR's Task statuses;
 * {@link TaskLifecycle} says which a Task may move between, and the rest are never reached.
 */
public enum TaskStatus implements Coded {
  DRAFT("draft", "Draft"),
  REQUESTED("requested", "Requested"),
  RECEIVED("received", "Received"),
  ACCEPTED("accepted", "Accepted"),
  REJECTED("rejected", "Rejected"),
  READY("ready", "Ready"),
  CANCELLED("cancelled", "Cancelled"),
  IN_PROGRESS("in-progress", "In progress"),
  ON_HOLD("on-hold", "On hold"),
  FAILED("failed", "Failed"),
  COMPLETED("completed", "Completed"),
  ENTERED_IN_ERROR("entered-in-error", "Entered in error");

  private final String code;
  private final String display;

  TaskStatus(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String display() {
    return display;
  }
}
