package org.recoverylink.fhir.conformance;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * Every conformance resource of the library: the extensions' StructureDefinitions, the
 * profiles, the CodeSystems, a ValueSet of each, and the OperationDefinitions. Built from the
 * code on each call (cheap, a few milliseconds); callers that serve them keep one copy.
 */
public final class Conformance {

  /** The base of every RecoveryLink canonical url. */
  public static final String CANONICAL_BASE = "https://recoverylink.org/fhir/";
  /** The base of every RecoveryLink StructureDefinition url. */
  public static final String STRUCTURE_BASE = CANONICAL_BASE + "StructureDefinition/";
  /**
   * The version of the definitions, changed when one of them changes (elements and codes are
   * only ever added within a major version).
   */
  public static final String VERSION = "0.2.0";
  static final String PUBLISHER = "RecoveryLink";

  private Conformance() {
  }

  /** The library's conformance resources, in a fixed order. */
  public static List<MetadataResource> all() {
    List<MetadataResource> all = new ArrayList<>();
    all.addAll(Profiles.extensions());
    all.addAll(Profiles.all());
    all.addAll(Operations.inputProfiles());
    all.addAll(Profiles.datatypes());
    List<CodeSystem> codeSystems = CodeSystems.all();
    all.addAll(codeSystems);
    all.addAll(ValueSets.allOf(codeSystems));
    all.addAll(Operations.all());
    return List.copyOf(all);
  }
}
