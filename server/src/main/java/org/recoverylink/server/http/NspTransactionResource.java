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
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.pharmacy.HarmReductionService;
import org.recoverylink.server.store.HarmReductionStore;

/**
 * {@code POST $nsp-transaction}: a pharmacy records a needle and syringe programme visit
 * ({@link HarmReductionService}; {@link NspResources} reads the Parameters and writes the answer).
 * 201 with the answer when stored; 200 with the answer first given when the id was recorded
 * before, storing nothing twice. Pharmacies only; identity data is refused (422) and nothing
 * stored. The client code is stored and answered only as its pseudonym. The audit row names the
 * transaction, never a patient.
 */
@Path(FhirIo.BASE + NspResources.OPERATION)
public final class NspTransactionResource {

  private final FhirIo io;
  private final HarmReductionService records;

  public NspTransactionResource(FhirIo io, HarmReductionService records) {
    this.io = io;
    this.records = records;
  }

  @POST
  @PatientData
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    Parameters parameters = io.parse(body, headers, Parameters.class,
        Profiled.NSP_TRANSACTION_PARAMETERS);
    HarmReductionStore.Stored stored = records.nsp(parameters, caller.organisation(),
        new RequestAudit(request));
    return answer(stored, io, headers, uri);
  }

  /** 201 when stored now, 200 on a repeat. */
  static Response answer(HarmReductionStore.Stored stored, FhirIo io, HttpHeaders headers,
      UriInfo uri) {
    return io.respondStored(stored.created() ? 201 : 200, stored.json(), Parameters.class,
        headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    rest.addOperation().setName("nsp-transaction")
        .setDefinition(Operations.NSP_TRANSACTION)
        .setDocumentation("Pharmacies record a needle and syringe programme visit: Parameters"
            + " with id, pharmacy, at, client (a pseudonymous client code), level, item,"
            + " returns, substance, advice and offer. Answers Parameters with id and record (a"
            + " Bundle of a Patient known only by the keyed hash of the client code, Encounter,"
            + " SupplyDelivery, Observation and Procedure): 201 stored, 200 a repeat of the id."
            + " Identity data is refused.");
  }
}
