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
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.pharmacy.OstService;
import org.recoverylink.server.store.OstStore;

/**
 * {@code POST MedicationRequest}: a pharmacy registers a shared-care OST prescription before
 * dispensing on it, and reads it back with {@code GET MedicationRequest/{id}}. Registering the
 * same prescription id again answers the first registration (200), never a second one; another
 * pharmacy's prescription is not found (404).
 */
@Path(FhirIo.BASE + "MedicationRequest")
@PatientData
public final class MedicationRequestResource {

  private final FhirIo io;
  private final OstService ost;

  public MedicationRequestResource(FhirIo io, OstService ost) {
    this.io = io;
    this.ost = ost;
  }

  @POST
  public Response register(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstService.Registered registered = ost.register(io.parse(body, headers,
        MedicationRequest.class, Profiled.OST_PRESCRIPTION), caller.organisation(), new RequestAudit(request));
    OstStore.Prescription stored = registered.prescription();
    if (!registered.created()) { // registered before: answer what was stored
      return io.respondStored(200, stored.json(), MedicationRequest.class, headers, uri);
    }
    return Response.fromResponse(io.respondStored(201, stored.json(), MedicationRequest.class,
        headers, uri)).location(URI.create(uri.getBaseUri() + FhirIo.BASE + "MedicationRequest/"
        + stored.id())).build();
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstStore.Prescription prescription = ost.prescription(id, caller.organisation())
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no MedicationRequest "
            + id));
    Audit.entity(request, "MedicationRequest/" + prescription.id());
    Audit.patient(request, prescription.patient());
    return io.respondStored(200, prescription.json(), MedicationRequest.class, headers, uri);
  }

  /**
   * {@code POST MedicationRequest/$prescriber-review}: the prescriber has reviewed the patient
   * after missed doses, so dispensing may resume from {@code date} (missed days are counted
   * afresh from it). Parameters: {@code prescription} (the pharmacy's prescription id, as
   * registered), {@code date}, and {@code id}, a UUID of the caller's: the same id again answers
   * 200 and records nothing twice.
   */
  @POST
  @Path("$prescriber-review")
  public Response review(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    Parameters in = io.parse(body, headers, Parameters.class,
        Profiled.PRESCRIBER_REVIEW_PARAMETERS);
    OstService.Reviewed reviewed = ost.review(in, caller.organisation(),
        new RequestAudit(request));
    return io.respond(reviewed.created() ? 201 : 200, reviewed.answer(), headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "MedicationRequest").setDocumentation("Shared-care OST"
            + " prescriptions, registered by the dispensing pharmacy (role pharmacy) and"
            + " readable by it alone; the same identifier again answers the first.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addOperation().setName("prescriber-review").setDefinition(
        Operations.PRESCRIBER_REVIEW);
  }
}
