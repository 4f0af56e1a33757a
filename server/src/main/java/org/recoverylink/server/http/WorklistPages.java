package org.recoverylink.server.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.text.Quote;
import org.recoverylink.server.hub.TaskService;
import org.recoverylink.server.store.ReferralStore;

/**
 * A worklist search as HTTP has it ({@code Task?owner=&status=&focus=ServiceRequest/{id}
 * &_count=}): its parameters read, and its page written as a searchset Bundle with
 * {@code self}, {@code first} and, when more follow, {@code next} links; {@code next} holds the
 * place of the page's last Task in an opaque {@code _cursor}.
 *
 * @param search the search, within what the caller sees
 * @param after  the place the page starts after
 * @param query  the query as given: the page size, and the parameters for the links
 */
record WorklistPages(ReferralStore.TaskSearch search, Optional<ReferralStore.Position> after,
    Search query) {

  /** The place after which a page starts, as a {@code next} link gives it. */
  private static final String CURSOR = "_cursor";
  static final String LAST_UPDATED = "_lastUpdated";
  private static final Set<String> PARAMETERS = Set.of("owner", "status", "focus", "_id",
      LAST_UPDATED, CURSOR);
  private static final String FOCUS = "ServiceRequest/";
  private static final String OWNER = "Organization/";

  /** The search a request asks for, by the organisation {@code reader}. */
  static WorklistPages read(UriInfo uri, HttpHeaders headers, String reader) {
    Search query = Search.read(uri, headers, PARAMETERS);
    Optional<String> status = Optional.ofNullable(query.get("status"));
    status.ifPresent(WorklistPages::checkStatus);
    Optional<String> referral = Optional.ofNullable(query.get("focus")).map(focus -> {
      if (!focus.startsWith(FOCUS) || focus.length() == FOCUS.length()) {
        throw new FhirProblem(400, IssueType.VALUE, "focus is ServiceRequest/{id}");
      }
      return focus.substring(FOCUS.length());
    });
    Optional<String> owner = Optional.ofNullable(query.get("owner"))
        .map(o -> o.startsWith(OWNER) ? o.substring(OWNER.length()) : o);
    Optional<String> id = Optional.ofNullable(query.get("_id"));
    Optional<LastUpdated> updated = Optional.ofNullable(query.get(LAST_UPDATED))
        .map(LastUpdated::parse);
    return new WorklistPages(new ReferralStore.TaskSearch(reader, owner, status, referral, id,
        updated.flatMap(LastUpdated::from), updated.flatMap(LastUpdated::before)),
        Optional.ofNullable(query.get(CURSOR)).map(WorklistPages::position), query);
  }

  /** The page size used. */
  int count() {
    return query.count();
  }

  /** A page found, as the searchset Bundle answered. */
  Bundle write(TaskService.Found found, UriInfo uri) {
    Bundle bundle = FhirIo.searchset(uri, found.tasks()).setTotal(Math.toIntExact(found.total()));
    Map<String, String> first = new LinkedHashMap<>(query.given());
    first.remove(CURSOR);
    first.put(Search.COUNT, Integer.toString(query.count()));
    Map<String, String> self = new LinkedHashMap<>(first);
    after.ifPresent(position -> self.put(CURSOR, cursor(position)));
    bundle.addLink().setRelation("self").setUrl(Search.link(uri, "Task", self));
    bundle.addLink().setRelation("first").setUrl(Search.link(uri, "Task", first));
    found.next().ifPresent(position -> {
      Map<String, String> next = new LinkedHashMap<>(first);
      next.put(CURSOR, cursor(position));
      bundle.addLink().setRelation("next").setUrl(Search.link(uri, "Task", next));
    });
    return query.warnIfLowered(bundle);
  }

  private static void checkStatus(String status) {
    try {
      Task.TaskStatus.fromCode(status);
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      throw new FhirProblem(400, IssueType.VALUE, Quote.of(status) + " is not a Task status");
    }
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
}
