package org.recoverylink.server.conformance;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * The codes each value set a required binding names holds, expanded from the definitions we
 * carry: a value set that includes whole code systems, listed concepts or other value sets.
 * One that needs a terminology server (a filter, or a code system we do not carry) has no
 * expansion here, and a code bound to it cannot be confirmed.
 */
final class RequiredCodes {

  /** A code in its system. */
  record Code(String system, String code) {
  }

  private final Map<String, ValueSet> valueSets;
  private final Map<String, CodeSystem> codeSystems;
  private final Map<String, Optional<Set<Code>>> expanded = new ConcurrentHashMap<>();
  private final Map<String, Optional<Set<Code>>> systems = new ConcurrentHashMap<>();

  RequiredCodes(Map<String, ValueSet> valueSets, Map<String, CodeSystem> codeSystems) {
    this.valueSets = valueSets;
    this.codeSystems = codeSystems;
  }

  /** The value set's codes, or empty when we cannot expand it. */
  Optional<Set<Code>> of(String valueSetUrl) {
    String url = Definitions.unversioned(valueSetUrl);
    Optional<Set<Code>> known = expanded.get(url);
    if (known == null) {
      known = expand(url, new HashSet<>());
      expanded.put(url, known);
    }
    return known;
  }

  /** The code system's codes, or empty when we do not carry all of them. */
  Optional<Set<Code>> ofSystem(String url) {
    return systems.computeIfAbsent(url, unused -> {
      CodeSystem system = codeSystems.get(url);
      if (system == null || system.getContent() != CodeSystem.CodeSystemContentMode.COMPLETE) {
        return Optional.empty();
      }
      Set<Code> codes = new HashSet<>();
      addAll(url, system.getConcept(), codes);
      return Optional.of(Set.copyOf(codes));
    });
  }

  private Optional<Set<Code>> expand(String url, Set<String> seen) {
    ValueSet valueSet = valueSets.get(url);
    if (valueSet == null || !seen.add(url)) {
      return Optional.empty();
    }
    Set<Code> codes = new HashSet<>();
    for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
      Optional<Set<Code>> part = part(include, seen);
      if (part.isEmpty()) {
        return Optional.empty();
      }
      codes.addAll(part.get());
    }
    for (ValueSet.ConceptSetComponent exclude : valueSet.getCompose().getExclude()) {
      Optional<Set<Code>> part = part(exclude, seen);
      if (part.isEmpty()) {
        return Optional.empty();
      }
      codes.removeAll(part.get());
    }
    return Optional.of(Set.copyOf(codes));
  }

  private Optional<Set<Code>> part(ValueSet.ConceptSetComponent part, Set<String> seen) {
    if (part.hasFilter()) {
      return Optional.empty();
    }
    Set<Code> codes = null;
    if (part.hasSystem()) {
      codes = new HashSet<>();
      if (part.hasConcept()) {
        for (ValueSet.ConceptReferenceComponent concept : part.getConcept()) {
          codes.add(new Code(part.getSystem(), concept.getCode()));
        }
      } else {
        Optional<Set<Code>> whole = ofSystem(part.getSystem());
        if (whole.isEmpty()) {
          return Optional.empty();
        }
        codes.addAll(whole.get());
      }
    }
    for (CanonicalType other : part.getValueSet()) {
      Optional<Set<Code>> included = expand(Definitions.unversioned(other.getValue()),
          new HashSet<>(seen));
      if (included.isEmpty()) {
        return Optional.empty();
      }
      if (codes == null) {
        codes = new HashSet<>(included.get());
      } else {
        codes.retainAll(included.get()); // a system and value sets together: in all of them
      }
    }
    return Optional.ofNullable(codes);
  }

  private static void addAll(String system, List<CodeSystem.ConceptDefinitionComponent> concepts,
      Set<Code> codes) {
    for (CodeSystem.ConceptDefinitionComponent concept : concepts) {
      codes.add(new Code(system, concept.getCode()));
      addAll(system, concept.getConcept(), codes);
    }
  }
}
