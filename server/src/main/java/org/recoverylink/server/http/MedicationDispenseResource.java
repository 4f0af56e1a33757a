package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.pharmacy.OstService;
import org.recoverylink.server.store.OstStore;

/**
 * The pharmacy's shared-care OST operations at the counter, on a prescription it registered:
 * <ul>
 *   <li>{@code POST MedicationDispense/$check?prescription=MedicationRequest/{id}&date=...}
 *       (optional body: Parameters with boolean {@code intoxicated}): whether to dispense
 *       today and what, from the patient's whole history; notifications owed are stored once
 *       each (a second check on the same occasion raises nothing new) and answered with the
 *       decision;
 *   <li>{@code POST MedicationDispense}: a supply, a day not collected (which may raise the
 *       missed-doses notification) or a dose withheld (which raises what the same check would
 *       have), stored under its identifier's key: the same key again answers what was stored
 *       (200) and changes nothing. A supply made while doses are withheld pending the
 *       prescriber's review is kept, marked with the rule it went against, and answered with an
 *       OperationOutcome warning (the stored supply at its Location); the prescriber and
 *       keyworker are told once, and the withhold still holds;
 *   <li>{@code GET MedicationDispense/{id}}: one the caller recorded.
 * </ul>
 * Over 120 lines for three endpoints' HTTP contract (query, status, Location, warning answer)
 * and their description; the work is {@link OstService}'s.
 */
@Path(FhirIo.BASE + "MedicationDispense")
@PatientData
public final class MedicationDispenseResource {

  private static final String PRESCRIPTION_REF = "MedicationRequest/";

  private final FhirIo io;
  private final OstService ost;

  public MedicationDispenseResource(FhirIo io, OstService ost) {
    this.io = io;
    this.ost = ost;
  }

  @POST
  @Path("$check")
  public Response check(byte[] body, @QueryParam("prescription") String prescription,
      @QueryParam("date") String date, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    String id = prescription == null || !prescription.startsWith(PRESCRIPTION_REF)
        || prescription.length() == PRESCRIPTION_REF.length() ? null
        : prescription.substring(PRESCRIPTION_REF.length());
    if (id == null) {
      throw new FhirProblem(400, IssueType.REQUIRED, "the prescription parameter is required:"
          + " prescription=MedicationRequest/{id}");
    }
    PathIds.require(id, "MedicationRequest");
    Optional<LocalDate> day = day(date);
    Presentation presentation = FhirIo.isEmpty(body) ? Presentation.USUAL
        : OstResources.presentation(io.parse(body, headers, Parameters.class));
    OstService.Checked checked = ost.check(id, day, presentation, caller.organisation(),
        new RequestAudit(request));
    return io.respond(200, checked.parameters(), headers, uri);
  }

  @POST
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    MedicationDispense dispense = io.parse(body, headers, MedicationDispense.class,
        Profiled.OST_DISPENSE);
    OstService.Recorded recorded = ost.record(dispense, caller.organisation(),
        new RequestAudit(request));
    OstStore.Event event = recorded.event();
    Response answer;
    if (recorded.warning().isEmpty()) {
      answer = io.respondStored(recorded.created() ? 201 : 200, event.json(),
          MedicationDispense.class, headers, uri);
    } else { // a supply against a withhold: the warning is the answer, the supply at Location
      OperationOutcome outcome = new OperationOutcome();
      FhirIssue.warning(IssueType.BUSINESSRULE, "MedicationDispense", recorded.warning().get())
          .addTo(outcome);
      answer = io.respond(recorded.created() ? 201 : 200, outcome, headers, uri);
    }
    return recorded.created() || event.against().isPresent() ? Response.fromResponse(answer)
        .location(URI.create(uri.getBaseUri() + FhirIo.BASE + "MedicationDispense/"
            + event.id())).build() : answer;
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstStore.Event event = ost.dispense(id, caller.organisation())
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no MedicationDispense "
            + id));
    Audit.entity(request, "MedicationDispense/" + event.id());
    Audit.patient(request, event.patient());
    return io.respondStored(200, event.json(), MedicationDispense.class, headers, uri);
  }

  /** The day of a check: {@code date}, or none for the service's today. */
  private static Optional<LocalDate> day(String date) {
    if (date == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(date));
    } catch (DateTimeParseException e) {
      throw new FhirProblem(400, IssueType.INVALID, "date must be a day, YYYY-MM-DD");
    }
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "MedicationDispense").setDocumentation("Shared-care"
            + " OST at the counter (role pharmacy): a supply (completed), a day not collected"
            + " or a dose withheld (declined, statusReason from"
            + " https://recoverylink.org/fhir/CodeSystem/ost-withhold-reason), once per"
            + " identifier; readable by the recording pharmacy.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addOperation().setName("check")
        .setDefinition(Operations.OST_CHECK)
        .setDocumentation("POST MedicationDispense/$check?prescription=MedicationRequest/{id}"
            + "&date=YYYY-MM-DD, optional body Parameters with boolean intoxicated: dispense or"
            + " withhold today, with the notifications raised (Communication, Flag).");
  }
}
