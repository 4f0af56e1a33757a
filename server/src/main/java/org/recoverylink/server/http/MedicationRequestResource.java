package org.recoverylink.server.http;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.fhir.Extensions;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Ids;
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
  private final OstStore ost;
  private final OstRules rules;

  public MedicationRequestResource(FhirIo io, OstStore ost, OstRules rules) {
    this.io = io;
    this.ost = ost;
    this.rules = rules;
  }

  @POST
  public Response register(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstPrescription prescription = OstResources.read(io.parse(body, headers,
        MedicationRequest.class), rules);
    Audit.patient(request, prescription.patient());
    Instant now = Instant.now();
    String id = Ids.timeOrdered();
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
    Parameters in = io.parse(body, headers, Parameters.class);
    Extensions.refuseUnknown(in);
    List<FhirIssue> issues = new ArrayList<>();
    String prescription = text(in, "prescription", issues);
    String id = text(in, "id", issues);
    if (id != null) {
      try {
        id = UUID.fromString(id).toString();
      } catch (IllegalArgumentException e) {
        issues.add(FhirIssue.error(IssueType.VALUE, "Parameters.parameter.where(name = 'id')",
            "the id is a UUID"));
      }
    }
    Type date = value(in, "date");
    if (!(date instanceof DateType day) || day.getPrecision() != TemporalPrecisionEnum.DAY) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters.parameter.where(name ="
          + " 'date')", "the date of the review is required, as a full date"));
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(422, issues);
    }
    OstStore.Prescription stored = ost.byIdentifier(caller.organisation(), prescription)
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no prescription with"
            + " this id was registered by your pharmacy"));
    Audit.entity(request, "MedicationRequest/" + stored.id());
    Audit.patient(request, stored.patient());
    LocalDate reviewed = LocalDate.parse(((DateType) date).getValueAsString());
    Parameters answer = new Parameters();
    answer.addParameter("id", id);
    answer.addParameter().setName("prescription").setValue(new StringType(prescription));
    answer.addParameter().setName("date").setValue(new DateType(reviewed.toString()));
    Optional<OstStore.Event> known = ost.event(id);
    if (known.isPresent() && (!known.get().kind().equals("reviewed")
        || !known.get().pharmacy().equals(caller.organisation()))) {
      throw new FhirProblem(409, List.of(FhirIssue.error(IssueType.DUPLICATE,
          "Parameters.parameter.where(name = 'id')", "this id is another event's: every"
              + " event needs an id of its own (a new UUID)")));
    }
    OstStore.Recorded recorded = ost.record(new OstStore.Event(id, stored.id(), prescription,
        stored.patient(), caller.organisation(), "reviewed", reviewed, reviewed, reviewed,
        false, Optional.empty(), Optional.empty(), Instant.now(), FhirIo.json(answer)),
        List.of(),
        Audit.entry(request, 201));
    if (recorded.created()) {
      Audit.written(request);
    }
    return io.respond(recorded.created() ? 201 : 200, io.parseStored(recorded.event().json(),
        Parameters.class), headers, uri);
  }

  private static Type value(Parameters in, String name) {
    Parameters.ParametersParameterComponent parameter = in.getParameter(name);
    return parameter == null ? null : parameter.getValue();
  }

  private static String text(Parameters in, String name, List<FhirIssue> issues) {
    Type value = value(in, name);
    if (value == null || !value.isPrimitive() || value.primitiveValue() == null
        || value.primitiveValue().isBlank()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters.parameter.where(name = '"
          + name + "')", "the " + name + " is required"));
      return null;
    }
    return value.primitiveValue();
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
        "https://recoverylink.org/fhir/OperationDefinition/prescriber-review");
  }
}
