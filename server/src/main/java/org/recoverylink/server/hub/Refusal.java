package org.recoverylink.server.hub;

import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * A request a service refuses outside the rules' own problems (those are
 * {@link org.recoverylink.fhir.io.InvalidFhirInputException}s): nothing to be found, a stale
 * version, an id that does not match. The HTTP layer answers it with its status.
 *
 * @see #status()
 */
public final class Refusal extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int status;
  private final IssueType type;

  public Refusal(int status, IssueType type, String diagnostics) {
    super(diagnostics, null, false, false); // no stack trace: this is an answer
    this.status = status;
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The HTTP status it is answered with, e.g. 404. */
  public int status() {
    return status;
  }

  public IssueType type() {
    return type;
  }
}
