package org.recoverylink.server.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.server.store.ConcurrentChangeException;
import org.recoverylink.server.store.DuplicateMessageException;
import org.recoverylink.server.store.StoreException;
import org.recoverylink.server.store.StoreUnavailableException;
import org.recoverylink.server.usecase.Refused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every error as an OperationOutcome (docs/http-api.md "General rules"). Refusals of input carry
 * their issues; JAX-RS's own (404 unknown path, 405, 406) keep their status; a request body that
 * stopped arriving is 408; anything else is our fault: 500, logged by class and an incident id only
 * (the answer carries the same id), since a message or stack trace may quote the URL or the body,
 * and with them patient data; a store failure adds the database's SQL state and error code, which
 * never do. A database that cannot be reached or written is not a failure of the request: 503,
 * {@code no-store}, with Retry-After.
 */
@Provider
public final class Errors implements ExceptionMapper<Throwable> {

  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
  /** BaRS error codes (SEND_, PROXY_, REC_: who is at fault). */
  static final String BARS_ERROR_CODES = "https://fhir.nhs.uk/Codesystem/http-error-codes";
  /**
   * How long a caller is asked to wait when the database is unavailable: about as long as a
   * database takes to restart, and longer than the store's wait for a connection.
   */
  static final int RETRY_AFTER_SECONDS = 5;

  private final FhirIo io;
  @Context
  private HttpHeaders headers;
  @Context
  private UriInfo uri;

  public Errors(FhirIo io) {
    this.io = io;
  }

  @Override
  public Response toResponse(Throwable thrown) {
    if (thrown instanceof FhirProblem problem) {
      return outcome(problem.status(), problem.issues());
    }
    if (thrown instanceof InvalidFhirInputException invalid) {
      return outcome(422, invalid.issues());
    }
    if (thrown instanceof Refused refused) {
      return outcome(refused.reason().status(), refused.issues());
    }
    if (thrown instanceof DuplicateMessageException duplicate) {
      return duplicate(duplicate);
    }
    if (thrown instanceof ConcurrentChangeException) {
      return outcome(409, List.of(FhirIssue.error(IssueType.CONFLICT, "", "it was changed by"
          + " someone else meanwhile; nothing was done: read it again and retry")));
    }
    if (thrown instanceof WebApplicationException web
        && web.getResponse().getStatus() < 500) {
      int status = web.getResponse().getStatus();
      IssueType type = status == 404 ? IssueType.NOTFOUND : status == 405
          ? IssueType.NOTSUPPORTED : IssueType.INVALID;
      return outcome(status, List.of(FhirIssue.error(type, "", status == 404
          ? "no such resource or operation here" : "the request cannot be served: HTTP "
          + status + " " + web.getResponse().getStatusInfo().getReasonPhrase())));
    }
    Optional<StoreException> store = storeFailure(thrown);
    if (store.orElse(null) instanceof StoreUnavailableException unavailable) {
      return unavailable(unavailable);
    }
    if (store.isEmpty() && fromTheConnection(thrown)) {
      return outcome(408, List.of(FhirIssue.error(IssueType.TIMEOUT, "", "the request did not"
          + " arrive whole in time; nothing was done")));
    }
    // The type and a correlation id only: a message or stack trace can quote the URL or the
    // body, and with them patient data. The caller gets the same id to report.
    String incident = UUID.randomUUID().toString();
    if (store.isPresent()) { // its message is the database's codes, never the data
      LOG.error("unexpected store failure while serving a request: {} (incident {})",
          store.get().getMessage(), incident);
    } else {
      LOG.error("unexpected {} while serving a request (incident {})",
          thrown.getClass().getName(), incident);
    }
    return outcome(500, List.of(FhirIssue.error(IssueType.EXCEPTION, "",
        "the server failed; the request was not completed and nothing was stored (incident "
            + incident + ")")));
  }

  /**
   * Reading the request failed: the only I/O a request thread does is with its client (the
   * store's failures are StoreExceptions), so the body stopped arriving or the client left.
   */
  private static boolean fromTheConnection(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException) {
        return true;
      }
    }
    return false;
  }

  private static Optional<StoreException> storeFailure(Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof StoreException store) {
        return Optional.of(store);
      }
    }
    return Optional.empty();
  }

  /**
   * The database cannot be reached or written (docs/http-api.md "When the database is
   * unavailable"): 503 with Retry-After, issue code {@code no-store} (FHIR's "the persistent
   * store is unavailable", a kind of {@code transient}): the caller did nothing wrong and may send
   * the same request again. Logged as a warning with the database's codes, as they never quote
   * the data.
   */
  private Response unavailable(StoreUnavailableException unavailable) {
    String incident = UUID.randomUUID().toString();
    LOG.warn("store unavailable while serving a request: {} (incident {})",
        unavailable.getMessage(), incident);
    Response answer = outcome(503, List.of(FhirIssue.error(IssueType.NOSTORE, "",
        "the server cannot reach or write its database just now; nothing was stored or changed:"
            + " send the same request again after " + RETRY_AFTER_SECONDS + " seconds (incident "
            + incident + ")")));
    return Response.fromResponse(answer).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .build();
  }

  /** BaRS: a message received before is 409, issue code duplicate, REC_CONFLICT. */
  private Response duplicate(DuplicateMessageException duplicate) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
        .setCode(IssueType.DUPLICATE).setDiagnostics("this message (X-Request-ID "
            + Quote.of(duplicate.messageId()) + ") was received before; nothing more was done")
        .getDetails().addCoding().setSystem(BARS_ERROR_CODES).setCode("REC_CONFLICT");
    return Response.fromResponse(io.respond(409, outcome, headers, uri))
        .header(ProcessMessageResource.REQUEST_ID, duplicate.messageId()).build();
  }

  private Response outcome(int status, List<FhirIssue> issues) {
    OperationOutcome outcome = new OperationOutcome();
    issues.forEach(issue -> issue.addTo(outcome));
    Response.ResponseBuilder response = Response.fromResponse(
        io.respond(status, outcome, headers, uri));
    if (status == 401) {
      response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
    return response.build();
  }
}
