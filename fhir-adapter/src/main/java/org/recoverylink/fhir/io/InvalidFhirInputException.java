package org.recoverylink.fhir.io;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * FHIR input that cannot be processed, with every problem found (an HTTP endpoint answers it
 * with 400 or 422 and the OperationOutcome). Nothing was stored or scored.
 */
public final class InvalidFhirInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<FhirIssue> issues;

  public InvalidFhirInputException(List<FhirIssue> issues) {
    super(issues.size() + (issues.size() == 1 ? " problem: " : " problems: ") + issues);
    this.issues = List.copyOf(issues);
    if (this.issues.isEmpty()) {
      throw new IllegalArgumentException("invalid input has at least one issue");
    }
  }

  /** Every issue, in the order of the input. */
  public List<FhirIssue> issues() {
    return issues;
  }

  /** The issues as an OperationOutcome. */
  public OperationOutcome toOperationOutcome() {
    OperationOutcome outcome = new OperationOutcome();
    issues.forEach(issue -> issue.addTo(outcome));
    return outcome;
  }
}
