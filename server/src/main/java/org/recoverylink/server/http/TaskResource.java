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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.Extensions;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.InvalidFhirInputException;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.fhir.referral.TaskTransitions;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.hub.Tasks;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;

/**
 * The worklist (docs/http-api.md "Refer"): a provider's Tasks for the referrals it receives, and
 * for a referrer the Tasks of its own referrals, where it can see delivery and the provider's
 * answer. Nobody sees another organisation's Task: it is simply not found.
 */
@Path(FhirIo.BASE + "Task")
@PatientData
public final class TaskResource {

  /** Tasks a page holds when the search does not say ({@code _count}). */
  static final int DEFAULT_COUNT = 50;
  /** The most Tasks a page holds: a larger {@code _count} is lowered to it, with a warning. */
  static final int MAX_COUNT = 500;
  private static final String COUNT = "_count";
  /** The place after which a page starts, as a {@code next} link gives it. */
  private static final String CURSOR = "_cursor";
  private static final Set<String> PARAMETERS = Set.of("owner", "status", "focus", COUNT,
      CURSOR);
  private static final String FOCUS = "ServiceRequest/";
  private static final String OWNER = "Organization/";

  private static final ZoneId ENGLAND = ZoneId.of("Europe/London");

  private final FhirIo io;
  private final ReferralStore referrals;
  private final Directory directory;
  private final ReferralIntake intake;
  private final Runnable queued;

  /** @param queued told when a re-route puts a delivery in the outbox */
  public TaskResource(FhirIo io, ReferralStore referrals, Directory directory, ReferralIntake intake,
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
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no Task " + Quote.of(id)));
    Audit.entity(request, "Task/" + task.id());
    return io.respond(200, toFhir(task, request), headers, uri);
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
    Map<String, String> parameters = SearchParameters.of(uri, PARAMETERS);
    Optional<String> status = Optional.ofNullable(parameters.get("status"));
    status.ifPresent(TaskResource::checkStatus);
    Optional<String> referral = Optional.ofNullable(parameters.get("focus")).map(focus -> {
      if (!focus.startsWith(FOCUS) || focus.length() == FOCUS.length()) {
        throw new FhirProblem(400, IssueType.VALUE, "focus is ServiceRequest/{id}");
      }
      return focus.substring(FOCUS.length());
    });
    Optional<String> owner = Optional.ofNullable(parameters.get("owner"))
        .map(o -> o.startsWith(OWNER) ? o.substring(OWNER.length()) : o);
    int asked = count(parameters.get(COUNT));
    int count = Math.min(asked, MAX_COUNT);
    Optional<ReferralStore.Position> after = Optional.ofNullable(parameters.get(CURSOR))
        .map(TaskResource::position);

    ReferralStore.Page page = referrals.tasks(new ReferralStore.TaskSearch(
        caller.organisation(), owner, status, referral), after, count);

    List<Task> matches = page.tasks().stream().map(listed -> {
      Audit.patient(request, listed.patient());
      return Tasks.toFhir(listed.task(), listed.patient(), directory);
    }).toList();
    Bundle bundle = FhirIo.searchset(uri, matches).setTotal(Math.toIntExact(page.total()));
    addLinks(bundle, uri, parameters, count, after, page);
    if (asked > count) {
      OperationOutcome lowered = new OperationOutcome();
      FhirIssue.warning(IssueType.INFORMATIONAL, "", COUNT + " is over the most a page holds:"
          + " each page holds " + MAX_COUNT).addTo(lowered);
      bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(lowered)
          .getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
    }
    return io.respond(200, bundle, headers, uri);
  }

  /**
   * The page's {@code self} and {@code first} links, and {@code next} when more follow: the
   * search again with the page size used, from the place after this page's last Task.
   */
  private static void addLinks(Bundle bundle, UriInfo uri, Map<String, String> parameters,
      int count, Optional<ReferralStore.Position> after, ReferralStore.Page page) {
    Map<String, String> first = new LinkedHashMap<>(parameters);
    first.remove(CURSOR);
    first.put(COUNT, Integer.toString(count));
    Map<String, String> self = new LinkedHashMap<>(first);
    after.ifPresent(position -> self.put(CURSOR, cursor(position)));
    bundle.addLink().setRelation("self").setUrl(link(uri, self));
    bundle.addLink().setRelation("first").setUrl(link(uri, first));
    if (page.more()) {
      Map<String, String> next = new LinkedHashMap<>(first);
      ReferralStore.Task last = page.tasks().get(page.tasks().size() - 1).task();
      next.put(CURSOR, cursor(new ReferralStore.Position(last.created(), last.id())));
      bundle.addLink().setRelation("next").setUrl(link(uri, next));
    }
  }

  private static void checkStatus(String status) {
    try {
      Task.TaskStatus.fromCode(status);
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      throw new FhirProblem(400, IssueType.VALUE, Quote.of(status) + " is not a Task status");
    }
  }

  /** The page size asked for: a whole number, 0 for the total alone; the default if none. */
  private static int count(String count) {
    if (count == null) {
      return DEFAULT_COUNT;
    }
    if (!count.matches("[0-9]{1,9}")) {
      if (count.matches("[0-9]+")) {
        return Integer.MAX_VALUE; // far over the most: lowered to it
      }
      throw new FhirProblem(400, IssueType.VALUE, COUNT + " is a whole number of Tasks a page"
          + " holds, 0 to " + MAX_COUNT);
    }
    return Integer.parseInt(count);
  }

  /** A place as the {@code next} link carries it: opaque to the client. */
  private static String cursor(ReferralStore.Position position) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((position.created() + " "
        + position.id()).getBytes(StandardCharsets.UTF_8));
  }

  private static ReferralStore.Position position(String cursor) {
    try {
      String place = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int space = place.indexOf(' ');
      String id = place.substring(space + 1);
      if (cursor.length() <= 200 && space > 0 && id.matches("[0-9A-Za-z-]{1,64}")) {
        return new ReferralStore.Position(Instant.parse(place.substring(0, space)), id);
      }
    } catch (IllegalArgumentException | DateTimeParseException e) {
      // not one of ours: refused below
    }
    throw new FhirProblem(400, IssueType.VALUE, CURSOR + " is not a place this server gave;"
        + " follow the Bundle's links, or start again without it");
  }

  /** This search again with these parameters, for the Bundle's links. */
  private static String link(UriInfo uri, Map<String, String> parameters) {
    StringBuilder link = new StringBuilder(uri.getBaseUri() + FhirIo.BASE + "Task");
    char separator = '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      link.append(separator).append(URLEncoder.encode(parameter.getKey(),
          StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(parameter.getValue(),
          StandardCharsets.UTF_8));
      separator = '&';
    }
    return link.toString();
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
    ReferralStore.Task current = referrals.task(id).filter(t -> visibleTo(t, caller))
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no Task " + Quote.of(id)));
    Audit.entity(request, "Task/" + id);
    ReferralStore.Referral referral = referrals.referral(current.referral()).orElseThrow();
    Audit.patient(request, referral.patient());
    Task sent = io.parse(body, headers, Task.class);
    Extensions.refuseUnknown(sent);
    if (sent.hasIdElement() && sent.getIdElement().hasIdPart()
        && !id.equals(sent.getIdElement().getIdPart())) {
      throw new FhirProblem(400, IssueType.INVALID, "the Task's id "
          + Quote.of(sent.getIdPart()) + " is not the " + Quote.of(id) + " of the URL");
    }
    String match = headers.getHeaderString("If-Match");
    if (match != null && !match.replace("W/", "").replace("\"", "").trim()
        .equals(Integer.toString(current.version()))) {
      throw new FhirProblem(412, IssueType.CONFLICT, "Task/" + id + " is at version "
          + current.version() + ", not " + Quote.of(match) + ": read it again");
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
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Task").setDocumentation("The worklist: one Task per receiving service of a"
            + " referral, businessStatus showing delivery. Seen by the receiving organisation"
            + " and the referrer only. A search answers oldest first, " + DEFAULT_COUNT
            + " a page unless _count says (at most " + MAX_COUNT + "), the next page by the"
            + " Bundle's next link, total counting all that match.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.UPDATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("owner").setType(SearchParamType.REFERENCE);
    resource.addSearchParam().setName("status").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("focus").setType(SearchParamType.REFERENCE);
  }
}
