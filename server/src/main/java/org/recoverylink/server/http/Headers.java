package org.recoverylink.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Refuses a request whose {@code Content-Type} or {@code Accept} header cannot be read, before
 * Jersey matches it: Jersey's own refusal of such a header is an empty 400, this one an
 * OperationOutcome (and audited, like every refusal under a patient-data path).
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR)
public final class Headers implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    readable(HttpHeaders.CONTENT_TYPE, () -> request.getMediaType());
    readable(HttpHeaders.ACCEPT, () -> request.getAcceptableMediaTypes());
  }

  private static void readable(String header, Runnable read) {
    try {
      read.run();
    } catch (RuntimeException e) { // Jersey's HeaderValueException, IllegalArgumentException
      throw new FhirProblem(400, IssueType.INVALID, "the " + header + " header is not a media"
          + " type (RFC 9110), e.g. " + FhirIo.FHIR_JSON);
    }
  }
}
