package org.recoverylink.fhir.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.Extensions;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.InvalidFhirInputException;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.fhir.referral.TaskTransitions;
import org.recoverylink.fhir.referral.Tasks;
import org.recoverylink.fhir.store.Ids;
import org.recoverylink.fhir.store.ReferralStore;
import org.recoverylink.fhir.terminology.CodeSystems;

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

  private static final ZoneId ENGLAND = ZoneId.of("Europe/London");

  private final FhirIo io;
  private final ReferralStore referrals;
  private final Directory directory;
  private final ReferralIntake intake;
  private final Runnable queued;

  /** @param queued told when a re-route puts a delivery in the outbox */
  TaskResource(FhirIo io, ReferralStore referrals, Directory directory, ReferralIntake intake,
      Runnable queued) {
    this.io = io;
    this.referrals = referrals;
    this.directory = directory;
    this.intake = intake;
    this.queued = queued;
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

  /**
   * {@code PUT Task/{id}}: a status change (API.md "Refer"), the only change a Task takes. A
   * rejection for any reason but the person's own choice routes the referral to the next
   * eligible service, with a new Task, and says so on both.
   */
  @PUT
  @Path("{id}")
  public Response update(@PathParam("id") String id, String body,
      @Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.GP, Role.PHARMACY, Role.PROVIDER);
    ReferralStore.Task current = referrals.task(id).filter(t -> visibleTo(t, caller))
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no Task " + id));
    Audit.entity(request, "Task/" + id);
    ReferralStore.Referral referral = referrals.referral(current.referral()).orElseThrow();
    Audit.patient(request, referral.patient());
    Task sent = io.parse(body, headers, Task.class);
    Extensions.refuseUnknown(sent);
    if (sent.hasIdElement() && sent.getIdElement().hasIdPart()
        && !id.equals(sent.getIdElement().getIdPart())) {
      throw new FhirProblem(400, IssueType.INVALID, "the Task's id " + sent.getIdPart()
          + " is not the " + id + " of the URL");
    }
    String match = headers.getHeaderString("If-Match");
    if (match != null && !match.replace("W/", "").replace("\"", "").trim()
        .equals(Integer.toString(current.version()))) {
      throw new FhirProblem(412, IssueType.CONFLICT, "Task/" + id + " is at version "
          + current.version() + ", not " + match + ": read it again");
    }
    if (!sent.hasStatus()) {
      throw new FhirProblem(422, IssueType.REQUIRED, "Task.status is required");
    }
    String to = sent.getStatus().toCode();
    if (to.equals(current.status())) {
      return io.respond(200, Tasks.toFhir(current, referral.patient(), directory), headers,
          uri);
    }
    TaskTransitions.Party party = caller.role() == Role.PROVIDER
        && caller.organisation().equals(current.owner()) ? TaskTransitions.Party.RECEIVER
        : TaskTransitions.Party.REFERRER;
    List<FhirIssue> issues = new ArrayList<>();
    TaskTransitions.refusal(current.status(), to, party).ifPresent(why ->
        issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "Task.status", why)));
    Optional<String> reason = reason(sent);
    if (TaskTransitions.needsReason(to) && reason.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Task.statusReason", "say why the Task is "
          + to + ": statusReason.text, or a coding"));
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }

    Instant now = Instant.now();
    Optional<ReferralStore.Task> next = Optional.empty();
    Optional<ReferralStore.Delivery> delivery = Optional.empty();
    Optional<String> note = Optional.empty();
    if (to.equals("rejected") && !patientChoice(sent)) {
      Service from = directory.service(current.service()).orElseThrow();
      Set<String> rejected = new HashSet<>();
      referrals.tasksOf(referral.id()).forEach(t -> rejected.add(t.service()));
      Service onward = intake.reroute(io.parseStored(referral.json(), ServiceRequest.class),
          rejected, LocalDate.ofInstant(now, ENGLAND)).primary().service();
      if (rejected.contains(onward.id())) {
        note = Optional.of("rejected by " + from.name() + ": " + reason.get() + "; no other"
            + " eligible service is left: the referrer decides what next");
      } else {
        String taskId = Ids.timeOrdered();
        next = Optional.of(new ReferralStore.Task(taskId, referral.id(), onward.id(),
            Tasks.owner(onward), current.requester(), "requested",
            onward.endpoint().isPresent() ? "queued" : "worklist", Optional.empty(),
            Optional.of("re-routed from " + from.name() + ", which rejected it: "
                + reason.get()), 1, now, now));
        delivery = onward.endpoint().map(address -> new ReferralStore.Delivery(
            Ids.timeOrdered(), taskId, address, now));
        note = Optional.of("rejected by " + from.name() + ": " + reason.get()
            + "; re-routed to " + onward.name());
      }
    }
    ReferralStore.Task changed = referrals.transition(current, to, reason, note, next,
        delivery, Audit.entry(request, 200), now);
    Audit.written(request);
    if (delivery.isPresent()) {
      queued.run();
    }
    return io.respond(200, Tasks.toFhir(changed, referral.patient(), directory), headers, uri);
  }

  private static Optional<String> reason(Task sent) {
    if (!sent.hasStatusReason()) {
      return Optional.empty();
    }
    CodeableConcept reason = sent.getStatusReason();
    if (reason.hasText()) {
      return Optional.of(reason.getText());
    }
    return reason.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
        .filter(text -> text != null && !text.isBlank()).findFirst();
  }

  private static boolean patientChoice(Task sent) {
    return sent.getStatusReason().getCoding().stream().anyMatch(c ->
        CodeSystems.REJECTION_REASON.equals(c.getSystem())
            && TaskTransitions.PATIENT_CHOICE.equals(c.getCode()));
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
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.UPDATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("owner").setType(SearchParamType.REFERENCE);
    resource.addSearchParam().setName("status").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("focus").setType(SearchParamType.REFERENCE);
  }
}
