package org.recoverylink.server.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.recoverylink.fhir.conformance.UkCore;
import org.recoverylink.fhir.validation.ResourceValidator;

/**
 * Writes the server's definitions as a FHIR NPM package: {@code package/package.json}, one JSON
 * file per resource, each StructureDefinition with the snapshot HAPI generates from its base
 * (UK Core's profile, or base R4), and {@code package/.index.json}. The package depends on
 * UK Core's, as our profiles derive from it. Run by the build after the test classes are
 * compiled (it needs HAPI's validation support, which the server does not ship), into the
 * server's classes, so the jar and the tests carry the package. A snapshot that cannot be
 * generated fails the build. Beside it, the part of base R4 our definitions and UK Core's
 * reach ({@link BaseSubset}), and UK Core's definitions with their snapshots, which UK Core
 * publishes as differentials.
 *
 * <p>Arguments: the file to write and the package version.
 */
public final class PackageBuilder {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private PackageBuilder() {
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    String version = args[1];
    List<MetadataResource> resources = withSnapshots(Definitions.all());
    Files.createDirectories(out.getParent());
    try (OutputStream file = Files.newOutputStream(out);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(
            new GzipCompressorOutputStream(file))) {
      add(tar, "package.json", packageJson(version));
      IParser json = FHIR.newJsonParser().setPrettyPrint(true);
      StringBuilder index = new StringBuilder("{\n  \"index-version\": 2,\n  \"files\": [");
      for (int i = 0; i < resources.size(); i++) {
        MetadataResource resource = resources.get(i);
        String name = resource.fhirType() + "-" + resource.getIdElement().getIdPart() + ".json";
        add(tar, name, json.encodeResourceToString(resource));
        index.append(i == 0 ? "\n" : ",\n").append("    {\"filename\": ").append(quote(name))
            .append(", \"resourceType\": ").append(quote(resource.fhirType()))
            .append(", \"id\": ").append(quote(resource.getIdElement().getIdPart()))
            .append(", \"url\": ").append(quote(resource.getUrl()))
            .append(", \"version\": ").append(quote(resource.getVersion()));
        if (resource instanceof StructureDefinition definition) {
          index.append(", \"kind\": ").append(quote(definition.getKind().toCode()))
              .append(", \"type\": ").append(quote(definition.getType()));
        }
        index.append("}");
      }
      add(tar, ".index.json", index.append("\n  ]\n}\n").toString());
    }
    List<MetadataResource> reaching = new ArrayList<>(Definitions.all());
    reaching.addAll(UkCore.definitions());
    BaseSubset.write(FHIR, reaching, withSnapshots(UkCore.definitions()), out.resolveSibling(
        Path.of(Definitions.BASE_SUBSET).getFileName()));
  }

  /** The resources, each StructureDefinition with its snapshot. */
  static List<MetadataResource> withSnapshots(List<MetadataResource> resources) {
    PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(FHIR);
    resources.forEach(ours::addResource);
    SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(FHIR);
    ValidationSupportContext context = new ValidationSupportContext(new ValidationSupportChain(
        ours, ResourceValidator.ukCore(FHIR), new DefaultProfileValidationSupport(FHIR),
        generator));
    List<MetadataResource> out = new ArrayList<>();
    for (MetadataResource resource : resources) {
      if (resource instanceof StructureDefinition definition) {
        StructureDefinition generated = (StructureDefinition) generator.generateSnapshot(context,
            definition, definition.getUrl(), null, definition.getName());
        if (generated == null || !generated.hasSnapshot()) {
          throw new IllegalStateException("no snapshot for " + definition.getUrl());
        }
        out.add(generated);
      } else {
        out.add(resource);
      }
    }
    return out;
  }

  private static String packageJson(String version) {
    return "{\n"
        + "  \"name\": " + quote(Definitions.PACKAGE_NAME) + ",\n"
        + "  \"version\": " + quote(version) + ",\n"
        + "  \"description\": \"RecoveryLink's FHIR R4 definitions: the profiles of what it"
        + " writes (derived from UK Core's where UK Core profiles the resource), its"
        + " extensions, code systems, value sets and operations.\",\n"
        + "  \"author\": \"RecoveryLink\",\n"
        + "  \"license\": \"Apache-2.0\",\n"
        + "  \"canonical\": \"https://recoverylink.org/fhir\",\n"
        + "  \"url\": \"https://recoverylink.org/fhir\",\n"
        + "  \"type\": \"Conformance\",\n"
        + "  \"fhirVersions\": [\"4.0.1\"],\n"
        + "  \"jurisdiction\": \"urn:iso:std:iso:3166#GB\",\n"
        + "  \"dependencies\": {\"hl7.fhir.r4.core\": \"4.0.1\", "
        + quote(UkCore.PACKAGE_NAME) + ": " + quote(UkCore.PACKAGE_VERSION) + "}\n"
        + "}\n";
  }

  private static void add(TarArchiveOutputStream tar, String name, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    TarArchiveEntry entry = new TarArchiveEntry("package/" + name);
    entry.setSize(bytes.length);
    entry.setModTime(0); // the same definitions make the same package
    tar.putArchiveEntry(entry);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
