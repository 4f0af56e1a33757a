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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.ReferralIntakeService;
import org.recoverylink.server.hub.ReferralQueries;
import org.recoverylink.server.store.ReferralStore;

/**
 * {@code POST /fhir/ServiceRequest} and reading referrals back (docs/http-api.md "Refer"), over
 * {@link ReferralIntakeService} and {@link ReferralQueries}. A referral taken in is answered 201
 * with the receiving service as {@code performer}; the same identifier from the same
 * organisation again gets the stored referral back (200), never a second one.
 */
@Path(FhirIo.BASE + "ServiceRequest")
@PatientData
public final class ReferralResource {

  private final FhirIo io;
  private final ReferralIntakeService intake;
  private final ReferralQueries queries;

  public ReferralResource(FhirIo io, ReferralIntakeService intake, ReferralQueries queries) {
    this.io = io;
    this.intake = intake;
    this.queries = queries;
  }

  @POST
  public Response refer(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    ServiceRequest sent = io.parse(body, headers, ServiceRequest.class,
        Profiled.REFERRAL);
    return answer(intake.take(sent, caller, Optional.empty(), new RequestAudit(request)), io,
        headers, uri);
  }

  /** The answer to a referral taken in: 201 with its Location, or 200 when stored before. */
  static Response answer(ReferralIntakeService.Taken taken, FhirIo io, HttpHeaders headers,
      UriInfo uri) {
    Response stored = io.respondStored(taken.created() ? 201 : 200, taken.json(),
        ServiceRequest.class, headers, uri);
    return !taken.created() ? stored : Response.fromResponse(stored).location(URI.create(
        uri.getBaseUri() + FhirIo.BASE + "ServiceRequest/" + taken.id())).build();
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    ReferralStore.Referral referral = queries.read(id, caller, new RequestAudit(request));
    return io.respondStored(200, referral.json(), ServiceRequest.class, headers, uri);
  }

  /**
   * {@code GET ServiceRequest?identifier=system|value}: the referrals so named that the caller
   * may read (as {@link #read} allows); for anyone else the Bundle is empty, saying nothing of
   * whether one exists.
   */
  @GET
  public Response search(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    Search search = Search.read(uri, headers, Set.of("identifier", Search.OFFSET));
    List<ServiceRequest> matches = queries.byIdentifier(search.get("identifier"), caller,
        new RequestAudit(request)).stream()
        .map(r -> (ServiceRequest) io.parseStored(r.json(), ServiceRequest.class)).toList();
    return io.respond(200, search.page(uri, "ServiceRequest", matches), headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "ServiceRequest").setDocumentation("Referrals: one form"
            + " for every service. Send with the patient, the referrer and an active permit"
            + " Consent contained; without a performer the hub routes. The referrer and the"
            + " receiving organisation may read it, and find it by its identifier.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN);
  }
}
