package org.recoverylink.server.report;

import java.util.List;
import org.recoverylink.fhir.io.FhirIssue;

/** A report that cannot be given: no such Measure, or a query it cannot answer. */
public final class ReportRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why: the caller asked for something that is not there, or asked it wrongly. */
  public enum Reason { UNKNOWN_MEASURE, INVALID_QUERY }

  private final Reason reason;
  private final transient List<FhirIssue> issues;

  public ReportRefused(Reason reason, List<FhirIssue> issues) {
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
