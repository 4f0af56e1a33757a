package org.recoverylink.fhir.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.fhir.referral.Tasks;
import org.recoverylink.fhir.store.ReferralStore;

/**
 * The worklist (API.md "Refer"): a provider's Tasks for the referrals it receives, and for a
 * referrer the Tasks of its own referrals, where it can see delivery and the provider's answer.
 * Nobody sees another organisation's Task: it is simply not found.
 */
@Path(FhirIo.BASE + "Task")
@PatientData
public final class TaskResource {

  /** The most Tasks one search returns. */
  static final int PAGE = 500;

  private final FhirIo io;
  private final ReferralStore referrals;
  private final Directory directory;

  TaskResource(FhirIo io, ReferralStore referrals, Directory directory) {
    this.io = io;
    this.referrals = referrals;
    this.directory = directory;
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    ReferralStore.Task task = referrals.task(id).filter(t -> visibleTo(t, caller))
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no Task " + id));
    Audit.entity(request, "Task/" + task.id());
    return io.respond(200, toFhir(task, request), headers, uri);
  }

  /** {@code GET Task?owner=&status=&focus=ServiceRequest/{id}}, within what the caller sees. */
  @GET
  public Response search(@QueryParam("owner") String owner, @QueryParam("status") String status,
      @QueryParam("focus") String focus, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    if (status != null) {
      try {
        Task.TaskStatus.fromCode(status);
      } catch (org.hl7.fhir.exceptions.FHIRException e) {
        throw new FhirProblem(400, IssueType.VALUE, "'" + status + "' is not a Task status");
      }
    }
    List<ReferralStore.Task> tasks;
    if (focus != null) {
      String prefix = "ServiceRequest/";
      if (!focus.startsWith(prefix)) {
        throw new FhirProblem(400, IssueType.VALUE, "focus is ServiceRequest/{id}");
      }
      tasks = referrals.tasksOf(focus.substring(prefix.length())).stream()
          .filter(t -> status == null || t.status().equals(status)).toList();
    } else {
      tasks = referrals.tasksFor(caller.organisation(), Optional.ofNullable(status), PAGE);
    }
    List<Task> matches = tasks.stream()
        .filter(t -> visibleTo(t, caller))
        .filter(t -> owner == null || owner.equals(t.owner())
            || owner.equals("Organization/" + t.owner()))
        .map(t -> toFhir(t, request)).toList();
    return io.respond(200, FhirIo.searchset(uri, matches), headers, uri);
  }

  private Task toFhir(ReferralStore.Task task, ContainerRequestContext request) {
    ReferralStore.Referral referral = referrals.referral(task.referral()).orElseThrow();
    Audit.patient(request, referral.patient());
    return Tasks.toFhir(task, referral.patient(), directory);
  }

  private static boolean visibleTo(ReferralStore.Task task, Caller caller) {
    return task.owner().equals(caller.organisation())
        || task.requester().equals(caller.organisation());
  }

  /** What this serves, for the CapabilityStatement. */
  void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Task").setDocumentation("The worklist: one Task per receiving service of a"
            + " referral, businessStatus showing delivery. Seen by the receiving organisation"
            + " and the referrer only.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("owner").setType(SearchParamType.REFERENCE);
    resource.addSearchParam().setName("status").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("focus").setType(SearchParamType.REFERENCE);
  }
}
