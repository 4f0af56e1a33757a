package org.recoverylink.fhir.conformance;

import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.ValueSet;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * A ValueSet of every code of each of our CodeSystems, what our profiles and operations bind to
 * (FHIR binds elements to value sets, never to code systems). Its id and the last part of its
 * url are the code system's: {@code .../CodeSystem/flag} has {@code .../ValueSet/flag}.
 */
public final class ValueSets {

  /** The base of every RecoveryLink ValueSet url. */
  public static final String BASE = Conformance.CANONICAL_BASE + "ValueSet/";

  private ValueSets() {
  }

  /** The url of the ValueSet of every code of the CodeSystem {@code codeSystem} (ours). */
  public static String url(String codeSystem) {
    if (!codeSystem.startsWith(CodeSystems.BASE)) {
      throw new IllegalArgumentException("not one of our code systems: " + codeSystem);
    }
    return BASE + codeSystem.substring(CodeSystems.BASE.length());
  }

  /** The ValueSet of every code of {@code codeSystem}, in any of its versions. */
  public static ValueSet allOf(CodeSystem codeSystem) {
    ValueSet valueSet = new ValueSet();
    valueSet.setId(codeSystem.getIdPart());
    valueSet.setUrl(url(codeSystem.getUrl()));
    valueSet.setVersion(codeSystem.getVersion());
    valueSet.setName(codeSystem.getName());
    valueSet.setTitle(codeSystem.getTitle());
    valueSet.setStatus(PublicationStatus.ACTIVE);
    valueSet.setExperimental(false);
    valueSet.setPublisher(Conformance.PUBLISHER);
    valueSet.setDescription("Every code of " + codeSystem.getTitle() + ": "
        + codeSystem.getDescription());
    valueSet.setImmutable(false);
    valueSet.getCompose().addInclude().setSystem(codeSystem.getUrl());
    return valueSet;
  }

  /** One for each of {@code codeSystems}. */
  public static List<ValueSet> allOf(List<CodeSystem> codeSystems) {
    return codeSystems.stream().map(ValueSets::allOf).toList();
  }
}
