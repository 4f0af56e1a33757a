package org.recoverylink.pharmacy.local;

import java.util.Objects;
import java.util.Optional;

/**
 * One FHIR request waiting to be sent.
 *
 * @param key       the event's idempotency key; the resource carries it as its identifier
 * @param stream    the person it concerns: sent in order with their other events
 * @param target    a resource type, created conditionally, or an operation such as
 *                  {@code $nsp-transaction}
 * @param condition for a create, {@code identifier=system|value}: a server that has it already
 *                  answers 200 and keeps one
 * @param body      the resource or Parameters, as FHIR JSON
 */
record Outgoing(String key, String stream, String target, Optional<String> condition,
    String body) {

  Outgoing {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(body, "body");
  }
}
