package org.recoverylink.server.http;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * A request the endpoint refuses, with the HTTP status and the issues of the OperationOutcome
 * it answers with.
 */
public final class FhirProblem extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final transient List<FhirIssue> issues;

  public FhirProblem(int status, List<FhirIssue> issues) {
    super(status + " " + issues, null, false, false); // no stack trace: this is an answer
    this.status = status;
    this.issues = List.copyOf(issues);
  }

  public FhirProblem(int status, IssueType type, String diagnostics) {
    this(status, List.of(FhirIssue.error(type, "", diagnostics)));
  }

  int status() {
    return status;
  }

  List<FhirIssue> issues() {
    return issues;
  }
}
