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
import org.recoverylink.fhir.conformance.Operations;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.pharmacy.HarmReductionService;
import org.recoverylink.server.store.HarmReductionStore;

/**
 * {@code POST $naloxone-supply}: a pharmacy records a take-home naloxone supply; core's rules
 * say what it records (a naloxone-used event when it replaces a kit used on an overdose, and
 * prompts), {@link NaloxoneResources} writes the answer. 201 when stored, 200 with the first answer
 * on a repeat of the id, nothing twice. Pharmacies only; identity data is refused (422). A client
 * code is stored and answered only as its pseudonym ({@link HarmReductionService}).
 */
@Path(FhirIo.BASE + NaloxoneResources.OPERATION)
public final class NaloxoneSupplyResource {

  private final FhirIo io;
  private final HarmReductionService records;

  public NaloxoneSupplyResource(FhirIo io, HarmReductionService records) {
    this.io = io;
    this.records = records;
  }

  @POST
  @PatientData
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    Parameters parameters = io.parse(body, headers, Parameters.class,
        Profiled.NALOXONE_SUPPLY_PARAMETERS);
    HarmReductionStore.Stored stored = records.naloxone(parameters, caller.organisation(),
        new RequestAudit(request));
    return NspTransactionResource.answer(stored, io, headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    rest.addOperation().setName("naloxone-supply")
        .setDefinition(Operations.NALOXONE_SUPPLY)
        .setDocumentation("Pharmacies record a take-home naloxone supply: Parameters with id,"
            + " pharmacy, at, recipient, product, kits, reason, training, client and"
            + " use-report. Answers Parameters with id, record (a Bundle: MedicationDispense,"
            + " training Procedures, the naloxone-used Observation when a used kit is"
            + " replaced), naloxone-used, prompt and rule-set: 201 stored, 200 a repeat of the"
            + " id. Identity data is refused.");
  }
}
