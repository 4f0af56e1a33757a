package org.recoverylink.server.http;

import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
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
 * @param asked  the page size asked for
 * @param count  the page size used: what was asked, at most {@link #MAX_COUNT}
 * @param given  the parameters as given, for the links
 */
record WorklistPages(ReferralStore.TaskSearch search, Optional<ReferralStore.Position> after,
    int asked, int count, Map<String, String> given) {

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

  WorklistPages {
    given = Collections.unmodifiableMap(new LinkedHashMap<>(given)); // in the order given
  }

  /** The search a request asks for, by the organisation {@code reader}. */
  static WorklistPages read(UriInfo uri, String reader) {
    Map<String, String> parameters = SearchParameters.of(uri, PARAMETERS);
    Optional<String> status = Optional.ofNullable(parameters.get("status"));
    status.ifPresent(WorklistPages::checkStatus);
    Optional<String> referral = Optional.ofNullable(parameters.get("focus")).map(focus -> {
      if (!focus.startsWith(FOCUS) || focus.length() == FOCUS.length()) {
        throw new FhirProblem(400, IssueType.VALUE, "focus is ServiceRequest/{id}");
      }
      return focus.substring(FOCUS.length());
    });
    Optional<String> owner = Optional.ofNullable(parameters.get("owner"))
        .map(o -> o.startsWith(OWNER) ? o.substring(OWNER.length()) : o);
    int asked = count(parameters.get(COUNT));
    return new WorklistPages(new ReferralStore.TaskSearch(reader, owner, status, referral),
        Optional.ofNullable(parameters.get(CURSOR)).map(WorklistPages::position), asked,
        Math.min(asked, MAX_COUNT), parameters);
  }

  /** A page found, as the searchset Bundle answered. */
  Bundle write(TaskService.Found found, UriInfo uri) {
    Bundle bundle = FhirIo.searchset(uri, found.tasks()).setTotal(Math.toIntExact(found.total()));
    Map<String, String> first = new LinkedHashMap<>(given);
    first.remove(CURSOR);
    first.put(COUNT, Integer.toString(count));
    Map<String, String> self = new LinkedHashMap<>(first);
    after.ifPresent(position -> self.put(CURSOR, cursor(position)));
    bundle.addLink().setRelation("self").setUrl(link(uri, self));
    bundle.addLink().setRelation("first").setUrl(link(uri, first));
    found.next().ifPresent(position -> {
      Map<String, String> next = new LinkedHashMap<>(first);
      next.put(CURSOR, cursor(position));
      bundle.addLink().setRelation("next").setUrl(link(uri, next));
    });
    if (asked > count) {
      OperationOutcome lowered = new OperationOutcome();
      FhirIssue.warning(IssueType.INFORMATIONAL, "", COUNT + " is over the most a page holds:"
          + " each page holds " + MAX_COUNT).addTo(lowered);
      bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(lowered)
          .getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
    }
    return bundle;
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
}
