package org.recoverylink.server.usecase;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * A request a use case refuses for what is (not) stored or how it was asked, outside the rules'
 * own problems (those are {@link org.recoverylink.fhir.io.InvalidFhirInputException}s): nothing
 * the caller may see, an id that is another's, a stale version, a query that cannot be answered.
 * The HTTP layer answers it with its reason's status.
 */
public final class Refused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why, and the HTTP status that says so. */
  public enum Reason {
    /** Asked wrongly: 400. */
    INVALID(400),
    /** The caller may see it but not change it (e.g. another organisation's service): 403. */
    FORBIDDEN(403),
    /** Not there, or not the caller's to see: 404. */
    NOT_FOUND(404),
    /** The id is another record's: 409. */
    CONFLICT(409),
    /** The version the caller had is not the current one: 412. */
    STALE(412);

    private final int status;

    Reason(int status) {
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private final Reason reason;
  private final transient List<FhirIssue> issues;

  /** @throws IllegalArgumentException without an issue: a refusal says why */
  public Refused(Reason reason, List<FhirIssue> issues) {
    super(reason + " " + issues, null, false, false); // an answer, not a failure: no trace
    this.reason = Objects.requireNonNull(reason, "reason");
    this.issues = List.copyOf(issues);
    if (this.issues.isEmpty()) {
      throw new IllegalArgumentException("a refusal says why");
    }
  }

  /** A refusal of one issue, at no particular element. */
  public Refused(Reason reason, IssueType type, String diagnostics) {
    this(reason, List.of(FhirIssue.error(type, "", diagnostics)));
  }

  public Reason reason() {
    return reason;
  }

  /** Every problem, for the OperationOutcome. */
  public List<FhirIssue> issues() {
    return issues;
  }
}
