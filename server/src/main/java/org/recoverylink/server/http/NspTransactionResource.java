package org.recoverylink.server.http;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.pharmacy.NspFhir;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.ClientPseudonyms;
import org.recoverylink.server.store.HarmReductionStore;

/**
 * {@code POST $nsp-transaction}: a pharmacy records a needle and syringe programme visit
 * ({@link NspFhir} reads the Parameters and writes the answer). 201 with the answer when stored;
 * 200 with the answer first given when the id was recorded before, storing nothing twice.
 * Pharmacies only; identity data is refused (422) and nothing stored. The client code is stored
 * and answered only as its pseudonym ({@link ClientPseudonyms}). The audit row names the
 * transaction, never a patient.
 */
@Path(FhirIo.BASE + NspFhir.OPERATION)
public final class NspTransactionResource {

  private final FhirIo io;
  private final HarmReductionStore store;
  private final ClientPseudonyms pseudonyms;

  public NspTransactionResource(FhirIo io, HarmReductionStore store, ClientPseudonyms pseudonyms) {
    this.io = io;
    this.store = store;
    this.pseudonyms = pseudonyms;
  }

  @POST
  @PatientData
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    Parameters parameters = io.parse(body, headers, Parameters.class);
    NspTransaction transaction = NspFhir.fromParameters(parameters);
    Audit.entity(request, "nsp-transaction/" + transaction.id());
    ownPharmacy(transaction.pharmacy(), caller, parameters);
    // The code is used here and goes no further: stored and answered is its pseudonym.
    HarmReductionStore.Stored stored = store.record(transaction,
        pseudonyms.of(transaction.client()), caller.organisation(), Instant.now(),
        FhirIo.json(NspFhir.answer(transaction, pseudonyms::of)));
    return answer(stored, caller, io, headers, uri);
  }

  /** A pharmacy records its own events only: 422 naming the pharmacy parameter otherwise. */
  static void ownPharmacy(String pharmacy, Caller caller, Parameters parameters) {
    if (!pharmacy.equals(caller.organisation())) {
      int at = 0;
      while (!"pharmacy".equals(parameters.getParameter().get(at).getName())) {
        at++; // it is there: the pharmacy was read from it
      }
      throw new FhirProblem(422, List.of(FhirIssue.error(IssueType.BUSINESSRULE,
          "Parameters.parameter[" + at + "]", "the pharmacy must be your own organisation: a"
              + " pharmacy records the events at its own counter")));
    }
  }

  /** 201 when stored now, 200 on a repeat; 409 when another organisation holds the id. */
  static Response answer(HarmReductionStore.Stored stored, Caller caller, FhirIo io,
      HttpHeaders headers, UriInfo uri) {
    if (!stored.organisation().equals(caller.organisation())) {
      throw new FhirProblem(409, IssueType.CONFLICT, "this id was recorded by another"
          + " organisation; nothing was done: choose a new UUID");
    }
    return io.respondStored(stored.created() ? 201 : 200, stored.json(), Parameters.class,
        headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    rest.addOperation().setName("nsp-transaction")
        .setDefinition("https://recoverylink.org/fhir/OperationDefinition/nsp-transaction")
        .setDocumentation("Pharmacies record a needle and syringe programme visit: Parameters"
            + " with id, pharmacy, at, client (a pseudonymous client code), level, item,"
            + " returns, substance, advice and offer. Answers Parameters with id and record (a"
            + " Bundle of a Patient known only by the keyed hash of the client code, Encounter,"
            + " SupplyDelivery, Observation and Procedure): 201 stored, 200 a repeat of the id."
            + " Identity data is refused.");
  }
}
