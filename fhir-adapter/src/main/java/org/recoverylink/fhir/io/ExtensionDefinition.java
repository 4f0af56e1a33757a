package org.recoverylink.fhir.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One extension RecoveryLink defines, as data: where it may appear and what it holds. Enough to
 * check what we are sent ({@link Extensions}) and, later, to write its StructureDefinition.
 *
 * @param url         its canonical URL, under {@link Extensions#BASE}
 * @param contexts    the elements it may appear on, as FHIRPaths without indices, e.g.
 *                    {@code MedicationRequest.dispenseRequest}
 * @param valueType   the FHIR type of its {@code value[x]} (e.g. {@code date}), for a simple
 *                    extension; empty for a complex one
 * @param parts       a complex extension's sub-extensions, each by its url and value type, in
 *                    order; empty for a simple one
 * @param description what it says, in plain words
 */
public record ExtensionDefinition(String url, List<String> contexts, Optional<String> valueType,
    Map<String, String> parts, String description) {

  public ExtensionDefinition {
    Objects.requireNonNull(url, "url");
    contexts = List.copyOf(contexts);
    Objects.requireNonNull(valueType, "valueType");
    parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    Objects.requireNonNull(description, "description");
    if (contexts.isEmpty() || valueType.isPresent() == !parts.isEmpty()) {
      throw new IllegalArgumentException(url + ": at least one context, and a value type or"
          + " parts (not both)");
    }
  }

  /** An extension holding one value of {@code valueType}. */
  public static ExtensionDefinition simple(String url, String valueType, String description,
      String... contexts) {
    return new ExtensionDefinition(url, List.of(contexts), Optional.of(valueType), Map.of(),
        description);
  }

  /** An extension made of sub-extensions, {@code parts} giving each one's value type. */
  public static ExtensionDefinition complex(String url, Map<String, String> parts,
      String description, String... contexts) {
    return new ExtensionDefinition(url, List.of(contexts), Optional.empty(), parts,
        description);
  }
}
