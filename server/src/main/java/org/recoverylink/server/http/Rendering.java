package org.recoverylink.server.http;

import ca.uhn.fhir.parser.IParser;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * How an answer is written, as FHIR lets a client ask on any read or search: {@code _pretty}
 * (indented), {@code _summary=true} (the summary elements only), {@code _summary=data} (without
 * the narrative), {@code _elements=a,b} (those elements only, with the mandatory ones). None of
 * them asked for, the answer takes the fast path ({@code JsonEncoder}); any of them, HAPI's
 * encoder does the work. {@code _summary=count} is a search's business ({@link Search}).
 *
 * @param pretty    {@code _pretty=true}
 * @param summary   {@code _summary=true}
 * @param data      {@code _summary=data}
 * @param elements  {@code _elements}, as given
 */
record Rendering(boolean pretty, boolean summary, boolean data, Set<String> elements) {

  static final Rendering PLAIN = new Rendering(false, false, false, Set.of());

  Rendering {
    elements = Set.copyOf(elements);
  }

  /**
   * What the request asks for.
   *
   * @throws FhirProblem 400 naming every value that is not one of these parameters' values
   */
  static Rendering of(UriInfo uri) {
    if (uri == null) {
      return PLAIN;
    }
    var query = uri.getQueryParameters();
    String pretty = query.getFirst("_pretty");
    String summary = query.getFirst("_summary");
    String elements = query.getFirst("_elements");
    if (pretty == null && summary == null && elements == null) {
      return PLAIN;
    }
    List<FhirIssue> issues = new java.util.ArrayList<>();
    if (pretty != null && !pretty.equals("true") && !pretty.equals("false")) {
      issues.add(FhirIssue.error(IssueType.VALUE, "", "_pretty is true or false"));
    }
    if (summary != null && !List.of("true", "false", "data", "count").contains(summary)) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "", "_summary is true, data, count or"
          + " false here"));
    }
    Set<String> names = new LinkedHashSet<>();
    if (elements != null) {
      for (String name : elements.split(",")) {
        if (name.strip().matches("[A-Za-z][A-Za-z0-9]{0,63}")) {
          names.add(name.strip());
        } else {
          issues.add(FhirIssue.error(IssueType.VALUE, "", "_elements is a comma-separated list"
              + " of element names, e.g. _elements=url,title"));
          break;
        }
      }
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(400, issues);
    }
    return new Rendering("true".equals(pretty), "true".equals(summary), "data".equals(summary),
        names);
  }

  /** Whether the fast encoder writes the answer as it is. */
  boolean plain() {
    return !pretty && !summary && !data && elements.isEmpty();
  }

  /** A parser set to write this way; a Bundle's entries are what {@code _elements} picks from. */
  IParser applyTo(IParser parser, Resource resource) {
    parser.setPrettyPrint(pretty);
    parser.setSummaryMode(summary);
    parser.setSuppressNarratives(data);
    if (!elements.isEmpty()) {
      Set<String> paths = new LinkedHashSet<>();
      elements.forEach(name -> paths.add("*." + name));
      parser.setEncodeElements(paths);
      parser.setEncodeElementsAppliesToChildResourcesOnly(resource.fhirType().equals("Bundle"));
    }
    return parser;
  }
}
