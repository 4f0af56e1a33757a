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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.Tasks;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;

/**
 * {@code POST /fhir/ServiceRequest} and reading referrals back (docs/http-api.md "Refer"). A
 * referral passing intake is stored with its Task, its delivery and its audit row in one
 * transaction; the answer carries the receiving service as {@code performer}. The same identifier
 * from the same organisation again gets the stored referral back (200), never a second one.
 */
@Path(FhirIo.BASE + "ServiceRequest")
@PatientData
public final class ReferralResource {

  private static final ZoneId ENGLAND = ZoneId.of("Europe/London");

  private final FhirIo io;
  private final ReferralIntake intake;
  private final ReferralStore referrals;
  private final Runnable queued;

  /** @param queued told when a referral waits in the outbox (the dispatcher wakes) */
  public ReferralResource(FhirIo io, ReferralIntake intake, ReferralStore referrals, Runnable queued) {
    this.io = io;
    this.intake = intake;
    this.referrals = referrals;
    this.queued = queued;
  }

  @POST
  public Response refer(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY);
    return take(io.parse(body, headers, ServiceRequest.class), caller, Optional.empty(),
        request, headers, uri);
  }

  /**
   * Takes in a referral, posted on its own or unpacked from a BaRS message with that message's
   * X-Request-ID.
   */
  Response take(ServiceRequest sent, Caller caller, Optional<String> messageId,
      ContainerRequestContext request, HttpHeaders headers, UriInfo uri) {
    Instant now = Instant.now();
    ReferralIntake.Admitted admitted = intake.admit(sent, caller.organisation(),
        LocalDate.ofInstant(now, ENGLAND));
    Audit.patient(request, admitted.nhsNumber());

    String id = Ids.timeOrdered();
    Service service = admitted.service();
    ServiceRequest stored = sent.copy();
    stored.setId(id);
    stored.getMeta().setLastUpdated(Date.from(now));
    stored.getPerformer().clear();
    stored.addPerformer(new Reference("HealthcareService/" + service.id())
        .setDisplay(service.name()));
    String json = FhirIo.json(stored);
    String taskId = Ids.timeOrdered();
    ReferralStore.Task task = new ReferralStore.Task(taskId, id, service.id(),
        Tasks.owner(service), admitted.requester(), "requested",
        service.endpoint().isPresent() ? "queued" : "worklist", Optional.empty(),
        Optional.of("to " + service.name() + ": " + String.join("; ", admitted.why())), 1, now,
        now);
    Optional<ReferralStore.Delivery> delivery = service.endpoint().map(address ->
        new ReferralStore.Delivery(Ids.timeOrdered(), taskId, address, now));
    ReferralStore.Keys keys = new ReferralStore.Keys(
        admitted.identifier().map(i -> i.getSystem()),
        admitted.identifier().map(i -> i.getValue()), messageId);
    Audit.entity(request, "ServiceRequest/" + id);
    ReferralStore.Facts facts = new ReferralStore.Facts(caller.role().claim(), service.id(),
        admitted.screened(), codes(admitted.substances()), codes(admitted.flags()));
    ReferralStore.Referral referral = referrals.create(new ReferralStore.Referral(id,
            admitted.requester(), admitted.nhsNumber(), now, json), keys, facts, task, delivery,
        Audit.entry(request, 201));
    if (!referral.id().equals(id)) { // the same referral again: answer what was stored
      Audit.entity(request, "ServiceRequest/" + referral.id());
      return io.respondStored(200, referral.json(), ServiceRequest.class, headers, uri);
    }
    Audit.written(request);
    if (delivery.isPresent()) {
      queued.run();
    }
    return Response.fromResponse(io.respondStored(201, json, ServiceRequest.class, headers,
        uri)).location(URI.create(uri.getBaseUri() + FhirIo.BASE + "ServiceRequest/" + id))
        .build();
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    ReferralStore.Referral referral = visible(referrals.referral(id), caller)
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no ServiceRequest "
            + Quote.of(id)));
    Audit.entity(request, "ServiceRequest/" + referral.id());
    Audit.patient(request, referral.patient());
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
    String identifier = SearchParameters.of(uri, Set.of("identifier")).get("identifier");
    int bar = identifier == null ? -1 : identifier.indexOf('|');
    if (bar <= 0 || bar == identifier.length() - 1) {
      throw new FhirProblem(400, IssueType.INVALID, "search referrals by"
          + " identifier=system|value");
    }
    if (bar > ReferralIntake.MAX_IDENTIFIER_SYSTEM
        || identifier.length() - bar - 1 > ReferralIntake.MAX_IDENTIFIER_VALUE) {
      throw new FhirProblem(400, IssueType.TOOLONG, "an identifier system has at most "
          + ReferralIntake.MAX_IDENTIFIER_SYSTEM + " characters, a value at most "
          + ReferralIntake.MAX_IDENTIFIER_VALUE);
    }
    List<ReferralStore.Referral> found = referrals.byIdentifier(caller.organisation(),
        identifier.substring(0, bar), identifier.substring(bar + 1));
    found.forEach(r -> {
      Audit.entity(request, "ServiceRequest/" + r.id());
      Audit.patient(request, r.patient());
    });
    List<ServiceRequest> matches = found.stream().map(r -> (ServiceRequest) io.parseStored(
        r.json(), ServiceRequest.class)).toList();
    return io.respond(200, FhirIo.searchset(uri, matches), headers, uri);
  }

  /**
   * The referrer and every organisation with a Task for it may see a referral (the identifier
   * search finds it for the same ones: {@link ReferralStore#byIdentifier}).
   */
  private Optional<ReferralStore.Referral> visible(Optional<ReferralStore.Referral> referral,
      Caller caller) {
    return referral.filter(r -> r.requester().equals(caller.organisation())
        || referrals.tasksOf(r.id()).stream()
            .anyMatch(t -> t.owner().equals(caller.organisation())));
  }

  private static Set<String> codes(List<? extends Coded> values) {
    return values.stream().map(Coded::code).collect(Collectors.toSet());
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "ServiceRequest").setDocumentation("Referrals: one form for every service."
            + " Send with the patient, the referrer and an active permit Consent contained;"
            + " without a performer the hub routes. The referrer and the receiving"
            + " organisation may read it, and find it by its identifier.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("identifier").setType(SearchParamType.TOKEN);
  }
}
