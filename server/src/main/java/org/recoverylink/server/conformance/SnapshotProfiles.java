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
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;

/**
 * Reads an input against a profile as {@link InputProfiles} does, by the same definitions, but
 * from their snapshots ({@link InstanceCheck}) in HAPI's R4 model only, without HAPI's profile
 * validator: that works in the R5 model and converts every definition to it, and in the server
 * it holds 95 MB of heap and about 40 MB outside it, most of it R5 classes its converter
 * names. Not yet what the server uses: {@code InputProfilesAgreementTest} holds the two side
 * by side, and this takes {@link InputProfiles}' place once they agree on every input the
 * server's own tests send.
 */
final class SnapshotProfiles {

  private final FhirContext context;
  private final Catalogue catalogue;

  private SnapshotProfiles(FhirContext context, Catalogue catalogue) {
    this.context = context;
    this.catalogue = catalogue;
  }

  /**
   * Our package, and the UK Core definitions our profiles derive from and the part of base R4
   * they reach, as the build put them on the class path.
   */
  static SnapshotProfiles load(FhirContext context) {
    Texts texts = new Texts(context);
    List<MetadataResource> definitions = new ArrayList<>();
    NpmPackageValidationSupport ours = new NpmPackageValidationSupport(context);
    try {
      ours.loadPackageFromClasspath("classpath:" + Definitions.PACKAGE);
      ours.fetchAllConformanceResources().forEach(definition -> definitions.add(
          (MetadataResource) texts.shared(definition)));
    } catch (IOException e) {
      throw new UncheckedIOException("the FHIR package is missing from the class path", e);
    }
    try (InputStream in = SnapshotProfiles.class.getClassLoader().getResourceAsStream(
        Definitions.BASE_SUBSET)) {
      if (in == null) {
        throw new IOException(Definitions.BASE_SUBSET + " not found");
      }
      Bundle bundle = context.newJsonParser().parseResource(Bundle.class,
          new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
      bundle.getEntry().forEach(entry -> definitions.add(
          (MetadataResource) texts.shared(entry.getResource())));
    } catch (IOException e) {
      throw new UncheckedIOException("the base definitions are missing from the class path", e);
    }
    return new SnapshotProfiles(context, new Catalogue(context, definitions));
  }

  /**
   * Builds every definition's element tree and parses every invariant, so that a definition
   * we cannot read fails the start rather than a caller's input.
   *
   * @return this
   */
  SnapshotProfiles warmUp() {
    catalogue.prepare();
    return this;
  }

  /**
   * Checks {@code input} against {@code profile}, and against any other profile it declares
   * that we carry (ours, UK Core's).
   *
   * @throws InvalidFhirInputException listing every problem found, when any
   * @throws IllegalArgumentException when we do not carry {@code profile}
   */
  void check(Resource given, String profile) {
    Catalogue known = this.catalogue;
    // Read as sent: a resource built in code may hold its contained resources by object, the
    // wire only by "#id", which the invariants read.
    Resource input = context.newJsonParser().parseResource(given.getClass(),
        context.newJsonParser().encodeResourceToString(given));
    List<FhirIssue> errors = new ArrayList<>(InstanceCheck.check(known, input,
        known.tree(profile).orElseThrow(() -> new IllegalArgumentException(
            "no profile " + profile))));
    for (CanonicalType declared : input.getMeta().getProfile()) {
      String url = Definitions.unversioned(declared.getValue());
      if (!url.equals(profile)) {
        known.tree(url).ifPresent(tree -> errors.addAll(InstanceCheck.check(known, input, tree)));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidFhirInputException(errors);
    }
  }
}
