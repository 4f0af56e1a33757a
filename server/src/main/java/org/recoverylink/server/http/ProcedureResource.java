package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Procedure;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.server.assessment.InterventionService;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Interventions;

/**
 * {@code POST Procedure} (docs/http-api.md "Record"): a brief or extended intervention, checked,
 * stored and answered 201 with its {@code Location}; {@code GET Procedure/{id}} reads it back, for
 * the organisation that recorded it only (any other gets 404: existence is not leaked).
 */
@Path(FhirIo.BASE + "Procedure")
@PatientData
public final class ProcedureResource {

  private final FhirIo io;
  private final InterventionService interventions;

  public ProcedureResource(FhirIo io, InterventionService interventions) {
    this.io = io;
    this.interventions = interventions;
  }

  @POST
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    Procedure procedure = InterventionProcedures.read(io.parse(body, headers, Procedure.class));
    Audit.patient(request, procedure.getSubject().getIdentifier().getValue());
    Interventions.Recorded recorded = interventions.record(procedure, caller.organisation());
    Audit.entity(request, "Procedure/" + recorded.id());
    return Response.fromResponse(io.respondStored(201, recorded.json(), Procedure.class,
        headers, uri)).location(URI.create(uri.getBaseUri() + FhirIo.BASE + "Procedure/"
            + recorded.id())).build();
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    Interventions.Recorded recorded = interventions.find(id, caller.organisation())
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no Procedure "
            + Quote.of(id)));
    Audit.entity(request, "Procedure/" + recorded.id());
    Audit.patient(request, recorded.patient());
    return io.respondStored(200, recorded.json(), Procedure.class, headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Procedure").setDocumentation("Brief and extended alcohol interventions"
            + " (SNOMED CT 366371000000105, 366421000000103), readable by the organisation"
            + " that recorded them.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
  }
}
