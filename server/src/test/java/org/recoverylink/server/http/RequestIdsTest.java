package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Which caller ids are kept as correlation ids, and how a route's template is named in the
 * metrics. The server as a whole: ObservabilityIT.
 */
class RequestIdsTest {

  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @Test
  void aShortPlainIdIsKept() {
    for (String id : List.of("a", "obs-1", "3f2c1a9e-4b7d-4c1e-9a8b-0c1d2e3f4a5b",
        "x".repeat(64), "req-1234567890")) { // ten digits, but no valid NHS number
      assertEquals(id, RequestIds.correlationId(id));
    }
  }

  @Test
  void anythingElseIsReplacedByANewUuid() {
    for (String id : Arrays.asList(null, "", "x".repeat(65), "a b", "a\"b", "a'b", "a\\b",
        "a;b", "a\rb", "a\nb", "a\tb", "a.b", "a_b", "é", "9434765919", "req-9434765919-x")) {
      String chosen = RequestIds.correlationId(id);
      assertTrue(UUID.matcher(chosen).matches(), id + " -> " + chosen);
      assertNotEquals(id, chosen);
    }
  }

  @Test
  void aRouteIsNamedByItsTemplatesOutermostFirst() {
    assertEquals("/fhir/Task/{id}", RequestObserver.template(List.of("{id}", "fhir/Task")));
    assertEquals("/health/ready", RequestObserver.template(List.of("/ready", "/health/")));
    assertEquals("/fhir/QuestionnaireResponse/$assess", RequestObserver.template(List.of(
        "fhir/QuestionnaireResponse/$assess")));
    assertEquals("unmatched", RequestObserver.template(List.of()));
    // a variable's pattern is left out: the label names the variable only
    assertEquals("/fhir/{type}/{id}", RequestObserver.template(List.of("{id}",
        "fhir/{type: StructureDefinition|CodeSystem}")));
    assertEquals("/{path}", RequestObserver.template(List.of("{path: (?!fhir(?:/|$)).+}")));
  }
}
