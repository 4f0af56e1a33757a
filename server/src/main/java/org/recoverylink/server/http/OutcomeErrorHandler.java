package org.recoverylink.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.recoverylink.fhir.io.JsonEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What Jetty answers itself (413, bad HTTP) as an OperationOutcome, closing the connection. */
public final class OutcomeErrorHandler extends ErrorHandler {

  private static final Logger LOG = LoggerFactory.getLogger(OutcomeErrorHandler.class);

  private final Audit audit;

  public OutcomeErrorHandler(Audit audit) {
    this.audit = audit;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status = response.getStatus();
    try {
      String path = Request.getPathInContext(request);
      if (path != null) { // null when the request line itself was refused
        audit.refused(request.getMethod(), path.startsWith("/") ? path.substring(1) : path,
            status);
      }
    } catch (RuntimeException e) { // the answer still goes; the type only, never the path
      LOG.error("the audit row of a refused request was not written: {}",
          e.getClass().getName());
    }
    answer(response, callback, status, type(status), status == 413
        ? "the body is over the 1 MiB limit" : "the request cannot be served: HTTP " + status);
    return true;
  }

  /**
   * The issue code for what Jetty answers: {@code invalid} blames the request, so only a 4xx
   * gets it; a 5xx here is a failure on the server's side (an error escaping Jersey, say).
   */
  static OperationOutcome.IssueType type(int status) {
    if (status == 413) {
      return OperationOutcome.IssueType.TOOLONG;
    }
    if (status == 503) {
      return OperationOutcome.IssueType.TRANSIENT;
    }
    return status >= 500 ? OperationOutcome.IssueType.EXCEPTION
        : OperationOutcome.IssueType.INVALID;
  }

  /**
   * Answers an OperationOutcome of one issue outside Jersey, closing the connection: Jetty
   * drops it after what it refuses itself (bad HTTP, a body over the limit or too slow), and
   * saying so keeps a client from sending its next request down a dead connection.
   */
  public static void answer(Response response, Callback callback, int status,
      OperationOutcome.IssueType type, String diagnostics) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(type)
        .setDiagnostics(diagnostics);
    response.setStatus(status);
    response.getHeaders().put("Content-Type", FhirIo.FHIR_JSON + ";charset=UTF-8");
    response.getHeaders().put("Connection", "close");
    response.write(true, ByteBuffer.wrap(JsonEncoder.encode(outcome)), callback);
  }
}
