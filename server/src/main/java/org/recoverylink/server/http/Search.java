package org.recoverylink.server.http;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.id.RandomIds;
import org.recoverylink.fhir.io.FhirIssue;

/**
 * A search's query as FHIR reads it: the search's own parameters and those every search takes
 * ({@code _count}, {@code _summary}, {@code _elements}, {@code _pretty}, {@code _format}), each
 * given once. Any other parameter is refused (400) rather than ignored - a misspelt filter
 * ignored answers more than was asked, and the caller would take it for the answer - unless the
 * caller sent {@code Prefer: handling=lenient}: then it is ignored, and left out of the
 * Bundle's {@code self} link, which so says what the answer was a search for.
 *
 * @param given   the parameters used, by name in the order given (what links repeat)
 * @param asked   the page size asked for ({@code _count}), or the default
 * @param count   the page size used: what was asked, at most {@link #MAX_COUNT}; 0 when only
 *                the total is asked for ({@code _count=0} or {@code _summary=count})
 * @param lenient whether unknown parameters were ignored instead of refused
 */
record Search(Map<String, String> given, int asked, int count, boolean lenient) {

  /** Entries a page holds when the search does not say. */
  static final int DEFAULT_COUNT = 50;
  /** The most entries a page holds: a larger {@code _count} is lowered to it, with a warning. */
  static final int MAX_COUNT = 500;
  static final String COUNT = "_count";
  /** Where a page of a search held in memory starts, as its links give it. */
  static final String OFFSET = "_offset";
  /** Understood by every search and every read: how the answer is written ({@link FhirIo}). */
  static final Set<String> RENDERING = Set.of("_format", "_summary", "_elements", "_pretty");
  /** The longest stretch of a refused parameter's name quoted back. */
  private static final int QUOTED = 40;

  Search {
    given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
  }

  /**
   * The search a request asks for.
   *
   * @param own the search's own parameters
   * @throws FhirProblem 400 naming every parameter that is not known (unless lenient) or is
   *     repeated, and a {@code _count} that is no count
   */
  static Search read(UriInfo uri, HttpHeaders headers, Set<String> own) {
    boolean lenient = lenient(headers);
    Map<String, String> values = new LinkedHashMap<>();
    List<FhirIssue> issues = new ArrayList<>();
    for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
      String name = parameter.getKey();
      if (!own.contains(name) && !name.equals(COUNT) && !RENDERING.contains(name)) {
        if (!lenient) {
          Set<String> known = new TreeSet<>(own);
          known.add(COUNT);
          issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "", "unknown search parameter '"
              + quote(name) + "': this search takes " + String.join(", ", known) + " (and "
              + String.join(", ", new TreeSet<>(RENDERING)) + "); send Prefer:"
              + " handling=lenient to have unknown ones ignored"));
        }
      } else if (parameter.getValue().size() > 1) {
        issues.add(FhirIssue.error(IssueType.INVALID, "", "give " + name + " once"));
      } else {
        values.put(name, parameter.getValue().get(0));
      }
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(400, issues);
    }
    int asked = count(values.get(COUNT));
    boolean totalOnly = "count".equals(values.get("_summary"));
    return new Search(values, asked, totalOnly ? 0 : Math.min(asked, MAX_COUNT), lenient);
  }

  /** {@code Prefer: handling=lenient} (FHIR R4 http.html#prefer); strict otherwise. */
  private static boolean lenient(HttpHeaders headers) {
    List<String> prefer = headers == null ? null : headers.getRequestHeader("Prefer");
    return prefer != null && prefer.stream().flatMap(p -> List.of(p.split("[,;]")).stream())
        .anyMatch(p -> p.strip().equalsIgnoreCase("handling=lenient"));
  }

  /** A parameter of the search's own, if given. */
  String get(String name) {
    return given.get(name);
  }

  /**
   * One page of a search whose matches are all in memory, in a stable order: {@code total} is
   * all of them, the page starts at {@code _offset}, and the links {@code self}, {@code first},
   * {@code previous} and {@code next} (where there is one) page through each exactly once.
   */
  Bundle page(UriInfo uri, String type, List<? extends Resource> matches) {
    int offset = offset(given.get(OFFSET));
    List<? extends Resource> page = offset >= matches.size() ? List.of()
        : matches.subList(offset, Math.min(matches.size(), offset + count));
    Bundle bundle = FhirIo.searchset(uri, page).setTotal(matches.size());
    Map<String, String> first = new LinkedHashMap<>(given);
    first.remove(OFFSET);
    first.put(COUNT, Integer.toString(count));
    bundle.addLink().setRelation("self").setUrl(link(uri, type,
        given.containsKey(OFFSET) ? at(first, offset) : first));
    bundle.addLink().setRelation("first").setUrl(link(uri, type, first));
    if (count > 0 && offset > 0) {
      bundle.addLink().setRelation("previous").setUrl(link(uri, type,
          at(first, Math.max(0, offset - count))));
    }
    if (count > 0 && offset + count < matches.size()) {
      bundle.addLink().setRelation("next").setUrl(link(uri, type, at(first, offset + count)));
    }
    return warnIfLowered(bundle);
  }

  /** The Bundle, with a warning entry when {@code _count} was lowered to {@link #MAX_COUNT}. */
  Bundle warnIfLowered(Bundle bundle) {
    if (asked > MAX_COUNT && count > 0) {
      OperationOutcome lowered = new OperationOutcome();
      FhirIssue.warning(IssueType.INFORMATIONAL, "", COUNT + " is over the most a page holds:"
          + " each page holds " + MAX_COUNT).addTo(lowered);
      bundle.addEntry().setFullUrl("urn:uuid:" + RandomIds.uuid()).setResource(lowered)
          .getSearch().setMode(Bundle.SearchEntryMode.OUTCOME);
    }
    return bundle;
  }

  private static Map<String, String> at(Map<String, String> first, int offset) {
    Map<String, String> page = new LinkedHashMap<>(first);
    page.put(OFFSET, Integer.toString(offset));
    return page;
  }

  /**
   * Whether a resource's id is one of those {@code _id} asks for (a comma means "or"); true
   * when not asked.
   */
  boolean id(Resource resource) {
    String wanted = given.get("_id");
    return wanted == null || anyOf(wanted).contains(resource.getIdElement().getIdPart());
  }

  /**
   * Whether a canonical URL is one of those the {@code name} parameter asks for, each with or
   * without {@code |version}; true when not asked.
   */
  boolean canonical(String name, String url, String version) {
    String wanted = given.get(name);
    if (wanted == null) {
      return true;
    }
    for (String one : anyOf(wanted)) {
      int bar = one.indexOf('|');
      if (bar < 0 ? one.equals(url)
          : one.substring(0, bar).equals(url) && one.substring(bar + 1).equals(version)) {
        return true;
      }
    }
    return false;
  }

  /**
   * FHIR's string search on the {@code name} parameter: a value that starts with what is asked,
   * ignoring case and accents; {@code name:exact} the whole value as given; {@code
   * name:contains} anywhere in it. True when not asked.
   */
  boolean string(String name, String value) {
    String text = value == null ? "" : value;
    return matchesAny(given.get(name), wanted -> folded(text).startsWith(folded(wanted)))
        && matchesAny(given.get(name + ":exact"), text::equals)
        && matchesAny(given.get(name + ":contains"),
            wanted -> folded(text).contains(folded(wanted)));
  }

  /** The parameters a string search parameter brings: the name and its two modifiers. */
  static Set<String> stringParameter(String name) {
    return Set.of(name, name + ":exact", name + ":contains");
  }

  private static boolean matchesAny(String wanted, java.util.function.Predicate<String> match) {
    return wanted == null || anyOf(wanted).stream().anyMatch(match);
  }

  /** A search value's alternatives: split at commas that are not escaped ({@code \,}). */
  private static List<String> anyOf(String value) {
    List<String> values = new ArrayList<>();
    StringBuilder one = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' && i + 1 < value.length()) {
        one.append(value.charAt(++i));
      } else if (c == ',') {
        values.add(one.toString());
        one.setLength(0);
      } else {
        one.append(c);
      }
    }
    values.add(one.toString());
    return values;
  }

  /** Lower case without accents, as FHIR string search compares. */
  private static String folded(String text) {
    return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD)
        .replaceAll("\\p{M}", "").toLowerCase(java.util.Locale.ROOT);
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
      throw new FhirProblem(400, IssueType.VALUE, COUNT + " is a whole number of entries a"
          + " page holds, 0 to " + MAX_COUNT);
    }
    return Integer.parseInt(count);
  }

  private static int offset(String offset) {
    if (offset == null) {
      return 0;
    }
    if (!offset.matches("[0-9]{1,9}")) {
      throw new FhirProblem(400, IssueType.VALUE, OFFSET + " is where a page starts, a whole"
          + " number as the Bundle's links give it");
    }
    return Integer.parseInt(offset);
  }

  /** This search again with these parameters, for a Bundle's links. */
  static String link(UriInfo uri, String type, Map<String, String> parameters) {
    StringBuilder link = new StringBuilder(uri.getBaseUri() + FhirIo.BASE + type);
    char separator = '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      link.append(separator).append(URLEncoder.encode(parameter.getKey(),
          StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(parameter.getValue(),
          StandardCharsets.UTF_8));
      separator = '&';
    }
    return link.toString();
  }

  private static String quote(String name) {
    return name.length() <= QUOTED ? name : name.substring(0, QUOTED) + "...";
  }
}
