package org.recoverylink.server.pharmacy;

import java.util.List;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * A pharmacy request refused for what is (not) stored: the prescription is not the caller's to
 * see, or the id it gave is another event's. Invalid input is an InvalidFhirInputException.
 */
public final class PharmacyRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why it was refused. */
  public enum Reason { NOT_FOUND, CONFLICT }

  private final Reason reason;
  private final transient List<FhirIssue> issues;

  public PharmacyRefused(Reason reason, List<FhirIssue> issues) {
    super(reason + " " + issues, null, false, false); // an answer, not a failure: no trace
    this.reason = reason;
    this.issues = List.copyOf(issues);
    if (this.issues.isEmpty()) {
      throw new IllegalArgumentException("a refusal says why");
    }
  }

  public Reason reason() {
    return reason;
  }

  /** Every problem, for the OperationOutcome. */
  public List<FhirIssue> issues() {
    return issues;
  }
}
