package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.recoverylink.fhir.conformance.Conformance;
import org.recoverylink.fhir.conformance.ValueSets;
import org.recoverylink.server.report.Measures;

/**
 * Every definition the server's answers point at: the library's ({@link Conformance}) and the
 * reports' code systems with their value sets. Built once from the code.
 */
public final class Definitions {

  /** The package's name, as FHIR tools name packages. */
  public static final String PACKAGE_NAME = "org.recoverylink.fhir";
  /** Where the build puts the package on the server's class path. */
  public static final String PACKAGE = "org/recoverylink/server/conformance/package.tgz";
  /**
   * Where the build puts the part of base R4 that our definitions reach, and UK Core's
   * definitions, each StructureDefinition with its snapshot (a gzipped JSON Bundle): what
   * {@link InputProfiles} needs besides the package, without all of R4 in memory.
   */
  public static final String BASE_SUBSET = "org/recoverylink/server/conformance/r4-base.json.gz";

  private static final List<MetadataResource> ALL = build();

  private Definitions() {
  }

  /** Every definition, in a fixed order. */
  public static List<MetadataResource> all() {
    return ALL;
  }

  /**
   * The profiles of what the server writes, by resource type (an operation's Parameters
   * profile is its OperationDefinition's {@code inputProfile} instead).
   */
  public static List<StructureDefinition> profiles() {
    return ALL.stream().filter(StructureDefinition.class::isInstance)
        .map(StructureDefinition.class::cast)
        .filter(definition -> definition.getKind()
            == StructureDefinition.StructureDefinitionKind.RESOURCE
            && !definition.getType().equals("Parameters"))
        .toList();
  }

  /**
   * The package's definitions, then the base subset's ({@link #BASE_SUBSET}), as the build put
   * them on the class path.
   *
   * @throws UncheckedIOException when either is missing
   */
  static List<Resource> onClassPath(FhirContext context) {
    List<Resource> definitions = new ArrayList<>();
    NpmPackageValidationSupport ours = new NpmPackageValidationSupport(context);
    try {
      ours.loadPackageFromClasspath("classpath:" + PACKAGE);
      ours.fetchAllConformanceResources().forEach(definition -> definitions.add(
          (Resource) definition));
    } catch (IOException e) {
      throw new UncheckedIOException("the FHIR package is missing from the class path", e);
    }
    try (InputStream in = Definitions.class.getClassLoader().getResourceAsStream(BASE_SUBSET)) {
      if (in == null) {
        throw new IOException(BASE_SUBSET + " not found");
      }
      context.newJsonParser().parseResource(Bundle.class, new InputStreamReader(
          new GZIPInputStream(in), StandardCharsets.UTF_8)).getEntry()
          .forEach(entry -> definitions.add(entry.getResource()));
    } catch (IOException e) {
      throw new UncheckedIOException("the base definitions are missing from the class path", e);
    }
    return definitions;
  }

  /** A canonical URL without its version ("...|1.0"). */
  static String unversioned(String url) {
    int bar = url.indexOf('|');
    return bar < 0 ? url : url.substring(0, bar);
  }

  private static List<MetadataResource> build() {
    List<MetadataResource> all = new ArrayList<>(Conformance.all());
    List<CodeSystem> reports = Measures.codeSystems();
    all.addAll(reports);
    all.addAll(ValueSets.allOf(reports));
    return List.copyOf(all);
  }
}
