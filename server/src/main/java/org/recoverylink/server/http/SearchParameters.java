package org.recoverylink.server.http;

import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * A search's query parameters, each one the search knows and given once. Any other is refused
 * (400) rather than ignored: a misspelt filter ignored answers more than was asked, and the
 * caller would take it for the answer.
 */
final class SearchParameters {

  /** Understood by every search: the answer's format ({@link FhirIo#wantsXml}). */
  static final String FORMAT = "_format";
  /** The longest stretch of a refused parameter's name quoted back. */
  private static final int QUOTED = 40;

  private SearchParameters() {
  }

  /**
   * The parameters of the request, by name in the order given.
   *
   * @throws FhirProblem 400 naming every parameter that is not known or is repeated
   */
  static Map<String, String> of(UriInfo uri, Set<String> known) {
    Map<String, String> values = new LinkedHashMap<>();
    List<FhirIssue> issues = new ArrayList<>();
    for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
      String name = parameter.getKey();
      if (!known.contains(name) && !name.equals(FORMAT)) {
        issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "", "unknown search parameter '"
            + quote(name) + "': this search takes " + String.join(", ", new TreeSet<>(known))
            + " (and " + FORMAT + ")"));
      } else if (parameter.getValue().size() > 1) {
        issues.add(FhirIssue.error(IssueType.INVALID, "", "give " + name + " once"));
      } else {
        values.put(name, parameter.getValue().get(0));
      }
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(400, issues);
    }
    return values;
  }

  private static String quote(String name) {
    return name.length() <= QUOTED ? name : name.substring(0, QUOTED) + "...";
  }
}
