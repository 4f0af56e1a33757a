package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.HashMap;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

/**
 * One copy of each text across the definitions the validator holds. Parsed JSON gives every
 * element of every definition its own copy of texts repeated thousands of times (each
 * element's "ele-1" rule, its wording and expression, type and binding names), and the
 * validator keeps them for the server's life: sharing them took 9 MB off the live heap that
 * {@code $assess} collects its garbage in.
 */
final class Texts {

  private final FhirTerser terser;
  private final Map<String, String> seen = new HashMap<>();

  Texts(FhirContext context) {
    this.terser = context.newTerser();
  }

  /** The resource, each of its texts replaced by an equal one seen before, if any. */
  <T extends IBaseResource> T shared(T resource) {
    for (IPrimitiveType<?> primitive : terser.getAllPopulatedChildElementsOfType(resource,
        IPrimitiveType.class)) {
      if (primitive.getValue() instanceof String text) {
        primitive.setValueAsString(seen.computeIfAbsent(text, same -> same));
      }
    }
    return resource;
  }
}
