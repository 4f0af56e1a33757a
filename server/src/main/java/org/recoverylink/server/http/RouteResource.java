package org.recoverylink.server.http;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.fhir.RecoveryLinkFhir;
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.http.Authentication;
import org.recoverylink.server.hub.CapacityService;

/**
 * {@code POST ServiceRequest/$route} (docs/http-api.md "Route"): where a referral should go, with
 * exactly one primary service and the reasons for every destination. The library's own {@link
 * RecoveryLinkFhir#route}, over the services' capacities now, so an embedding system that
 * passes the same capacities gets exactly this answer.
 */
@Path(FhirIo.BASE + "ServiceRequest/$route")
public final class RouteResource {

  private final FhirIo io;
  private final RecoveryLinkFhir fhir;
  private final CapacityService capacities;

  /**
   * @param fhir       built with the server's directory and clock
   * @param capacities the services' capacities, read for each decision
   */
  public RouteResource(FhirIo io, RecoveryLinkFhir fhir, CapacityService capacities) {
    this.io = io;
    this.fhir = fhir;
    this.capacities = capacities;
  }

  @POST
  @PatientData
  public Response route(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.GP, Role.PHARMACY);
    Parameters parameters = io.parse(body, headers, Parameters.class,
        Profiled.ROUTE_PARAMETERS);
    return io.respond(200, fhir.route(parameters, capacities.all()), headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    MetadataResource.resource(rest, "ServiceRequest").addOperation().setName("route")
        .setDefinition(Operations.ROUTE)
        .setDocumentation("Where a referral should go: Parameters with patient, district,"
            + " assessment, substance, circumstance and referral-source; answers one service"
            + " per destination (exactly one primary) with its reasons.");
  }
}
