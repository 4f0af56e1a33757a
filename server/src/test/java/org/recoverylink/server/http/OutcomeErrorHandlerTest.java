package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

/**
 * What Jetty answers itself blames the request only for a 4xx: before, a failure escaping
 * Jersey (an audit row that could not be written while the database was away) reached the caller
 * as a 500 with issue code {@code invalid}.
 */
class OutcomeErrorHandlerTest {

  @Test
  void onlyTheCallersMistakesAreInvalid() {
    assertEquals(IssueType.INVALID, OutcomeErrorHandler.type(400));
    assertEquals(IssueType.INVALID, OutcomeErrorHandler.type(431));
    assertEquals(IssueType.TOOLONG, OutcomeErrorHandler.type(413));
    assertEquals(IssueType.EXCEPTION, OutcomeErrorHandler.type(500));
    assertEquals(IssueType.TRANSIENT, OutcomeErrorHandler.type(503));
  }
}
