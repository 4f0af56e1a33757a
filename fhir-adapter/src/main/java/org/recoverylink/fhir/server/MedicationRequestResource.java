package org.recoverylink.fhir.server;

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
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.fhir.pharmacy.OstResources;
import org.recoverylink.fhir.store.OstStore;

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
  private final OstStore ost;

  MedicationRequestResource(FhirIo io, OstStore ost) {
    this.io = io;
    this.ost = ost;
  }

  @POST
  public Response register(String body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstPrescription prescription = OstResources.read(io.parse(body, headers,
        MedicationRequest.class));
    Audit.patient(request, prescription.patient());
    Instant now = Instant.now();
    String id = UUID.randomUUID().toString();
    MedicationRequest stored = OstResources.write(prescription);
    stored.setId(id);
    stored.getMeta().setLastUpdated(Date.from(now));
    String json = FhirIo.json(stored);
    Audit.entity(request, "MedicationRequest/" + id);
    OstStore.Prescription registered = ost.register(new OstStore.Prescription(id,
        caller.organisation(), prescription.id(), prescription.patient(),
        prescription.validFrom(), prescription.validTo(), now, json), Audit.entry(request, 201));
    if (!registered.id().equals(id)) { // registered before: answer what was stored
      Audit.entity(request, "MedicationRequest/" + registered.id());
      return io.respondStored(200, registered.json(), MedicationRequest.class, headers, uri);
    }
    Audit.written(request);
    return Response.fromResponse(io.respondStored(201, json, MedicationRequest.class, headers,
        uri)).location(URI.create(uri.getBaseUri() + FhirIo.BASE + "MedicationRequest/" + id))
        .build();
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

  /** What this serves, for the CapabilityStatement. */
  void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "MedicationRequest").setDocumentation("Shared-care OST"
            + " prescriptions, registered by the dispensing pharmacy (role pharmacy) and"
            + " readable by it alone; the same identifier again answers the first.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
  }
}
