package org.recoverylink.server.http;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.MessageIntakeService;
import org.recoverylink.server.hub.ReferralIntakeService;

/**
 * {@code POST $process-message}: a referral as a BaRS message (docs/http-api.md "Refer"), taken in
 * by {@link MessageIntakeService} exactly as {@code POST ServiceRequest} takes one. The {@code
 * X-Request-ID} is kept with it: the same message again is answered 409 with issue code {@code
 * duplicate} (BaRS: the sender counts it delivered). Both ids are echoed.
 */
@Path(FhirIo.BASE + "$process-message")
@PatientData
public final class ProcessMessageResource {

  static final String REQUEST_ID = MessageIntakeService.REQUEST_ID;
  static final String CORRELATION_ID = "X-Correlation-ID";

  private final FhirIo io;
  private final MessageIntakeService messages;

  public ProcessMessageResource(FhirIo io, MessageIntakeService messages) {
    this.io = io;
    this.messages = messages;
  }

  @POST
  public Response process(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    String requestId = headers.getHeaderString(REQUEST_ID);
    ReferralIntakeService.Taken taken = messages.take(() -> io.parse(body, headers,
        Bundle.class), caller, Optional.ofNullable(requestId), new RequestAudit(request));
    Response.ResponseBuilder answer = Response.fromResponse(ReferralResource.answer(taken, io,
        headers, uri)).header(REQUEST_ID, requestId);
    String correlation = headers.getHeaderString(CORRELATION_ID);
    if (correlation != null) {
      answer.header(CORRELATION_ID, correlation);
    }
    return answer.build();
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    rest.addOperation().setName("process-message")
        .setDefinition("http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message")
        .setDocumentation("A referral as a BaRS message: MessageHeader first (event"
            + " servicerequest-request), its focus the ServiceRequest; X-Request-ID required,"
            + " a repeat answered 409 (duplicate).");
  }
}
