package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.TaskService;

/**
 * The worklist (docs/http-api.md "Refer") over {@link TaskService}: a provider's Tasks for the
 * referrals it receives, and for a referrer the Tasks of its own referrals, where it can see
 * delivery and the provider's answer. Nobody sees another organisation's Task: it is simply not
 * found.
 */
@Path(FhirIo.BASE + "Task")
@PatientData
public final class TaskResource {

  private final FhirIo io;
  private final TaskService tasks;

  public TaskResource(FhirIo io, TaskService tasks) {
    this.io = io;
    this.tasks = tasks;
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    Task task = tasks.read(id, caller, new RequestAudit(request));
    return io.respond(200, task, headers, uri);
  }

  /**
   * {@code GET Task?owner=&status=&focus=ServiceRequest/{id}&_count=}, within what the caller
   * sees: oldest first, as a provider works the longest-waiting referral first; a page at a time
   * with a {@code next} link that holds the place of the page's last Task; {@code total} the
   * count of all that match.
   */
  @GET
  public Response search(@Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    WorklistPages pages = WorklistPages.read(uri, headers, caller.organisation());
    TaskService.Found found = tasks.search(pages.search(), pages.after(), pages.count(),
        new RequestAudit(request));
    return io.respond(200, pages.write(found, uri), headers, uri);
  }

  /**
   * {@code PUT Task/{id}}: a status change (docs/http-api.md "Refer"), the only change a Task
   * takes. A rejection for any reason but the person's own choice routes the referral to the next
   * eligible service, with a new Task, and says so on both.
   */
  @PUT
  @Path("{id}")
  public Response update(@PathParam("id") String id, byte[] body,
      @Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    Task changed = tasks.update(id, () -> io.parse(body, headers, Task.class,
        Profiled.REFERRAL_TASK),
        caller, Optional.ofNullable(headers.getHeaderString("If-Match")),
        new RequestAudit(request));
    return io.respond(200, changed, headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Task").setDocumentation("The worklist: one Task per receiving service of a"
            + " referral, businessStatus showing delivery. Seen by the receiving organisation"
            + " and the referrer only. A search answers oldest first, "
            + Search.DEFAULT_COUNT + " a page unless _count says (at most "
            + Search.MAX_COUNT + "), the next page by the Bundle's next link, total"
            + " counting all that match.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.UPDATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("owner").setType(SearchParamType.REFERENCE);
    resource.addSearchParam().setName("status").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("focus").setType(SearchParamType.REFERENCE);
    resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName(WorklistPages.LAST_UPDATED).setType(SearchParamType.DATE)
        .setDocumentation("one value: a day or an instant, prefixed eq, gt, ge, lt or le");
  }
}
