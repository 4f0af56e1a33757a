package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.conformance.Definitions;

/**
 * The definitions as a FHIR client finds them, with no token and nothing but the server's
 * answers: every profile, operation, extension, value set and code system the
 * CapabilityStatement and the definitions point at is served under its canonical url, valid
 * against the published package, and the package the build wrote holds the same set.
 */
class ConformanceEndpointTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String OURS = "https://recoverylink.org/fhir/";

  @TempDir
  static Path data;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(ServerOptions.defaults(data).toBuilder().port(0).build());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(hub.base() + "/" + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static <T extends Resource> T read(String path, Class<T> type) throws Exception {
    HttpResponse<String> answer = get(path);
    assertEquals(200, answer.statusCode(), path + ": " + answer.body());
    return TestHub.FHIR.newJsonParser().parseResource(type, answer.body());
  }

  /** The one resource of that type at that canonical url, found by searching for it. */
  private static <T extends MetadataResource> T byUrl(Class<T> type, String url)
      throws Exception {
    Bundle found = read(type.getSimpleName() + "?url="
        + URLEncoder.encode(url, StandardCharsets.UTF_8), Bundle.class);
    assertEquals(1, found.getTotal(), type.getSimpleName() + " " + url);
    return type.cast(found.getEntryFirstRep().getResource());
  }

  @Test
  void everythingTheCapabilityStatementPointsAtIsServedWithoutATokenAndValid() throws Exception {
    CapabilityStatement statement = read("metadata", CapabilityStatement.class);
    List<String> errors = new ArrayList<>();
    Set<String> profiles = new TreeSet<>();
    Set<String> operations = new TreeSet<>();
    for (CapabilityStatement.CapabilityStatementRestResourceComponent resource
        : statement.getRestFirstRep().getResource()) {
      resource.getSupportedProfile().forEach(p -> profiles.add(p.getValue()));
      resource.getOperation().forEach(o -> operations.add(o.getDefinition()));
    }
    statement.getRestFirstRep().getOperation().forEach(o -> operations.add(o.getDefinition()));
    assertTrue(profiles.size() >= 15, profiles.toString());
    for (String url : profiles) {
      StructureDefinition profile = byUrl(StructureDefinition.class, url);
      ServerValidator.get().errors(profile).forEach(e -> errors.add(url + " " + e));
      for (ElementDefinition element : profile.getDifferential().getElement()) {
        if (element.getBinding().hasValueSet()) {
          ValueSet valueSet = byUrl(ValueSet.class, element.getBinding().getValueSet());
          for (ValueSet.ConceptSetComponent include : valueSet.getCompose().getInclude()) {
            CodeSystem codes = byUrl(CodeSystem.class, include.getSystem());
            assertTrue(codes.getConcept().size() > 0, include.getSystem());
          }
        }
        for (ElementDefinition.TypeRefComponent type : element.getType()) {
          for (CanonicalType extension : type.getProfile()) {
            ServerValidator.get().errors(byUrl(StructureDefinition.class,
                extension.getValue())).forEach(e -> errors.add(extension.getValue() + " " + e));
          }
        }
      }
    }
    int ours = 0;
    for (String url : operations) {
      if (url.startsWith(OURS)) {
        ours++;
        OperationDefinition operation = byUrl(OperationDefinition.class, url);
        ServerValidator.get().errors(operation).forEach(e -> errors.add(url + " " + e));
        for (OperationDefinition.OperationDefinitionParameterComponent parameter
            : operation.getParameter()) {
          if (parameter.getBinding().hasValueSet()) {
            byUrl(ValueSet.class, parameter.getBinding().getValueSet());
          }
        }
      }
    }
    assertEquals(6, ours, operations.toString());
    assertEquals(List.of(), errors);
  }

  @Test
  void readByIdAndRefusals() throws Exception {
    CodeSystem flags = read("CodeSystem/flag", CodeSystem.class);
    assertEquals(OURS + "CodeSystem/flag", flags.getUrl());
    assertEquals(OURS + "ValueSet/flag", read("ValueSet/flag", ValueSet.class).getUrl());
    assertEquals(OURS + "OperationDefinition/assess",
        read("OperationDefinition/assess", OperationDefinition.class).getUrl());

    HttpResponse<String> missing = get("StructureDefinition/no-such-thing");
    assertEquals(404, missing.statusCode());
    assertEquals(List.of(), ServerValidator.get().errors(TestHub.FHIR.newJsonParser()
        .parseResource(OperationOutcome.class, missing.body())));
    assertEquals(400, get("ValueSet?colour=blue").statusCode(), "unknown search parameter");
    Bundle none = read("SearchParameter", Bundle.class);
    assertEquals(0, none.getTotal(), "we define no search parameter of our own");
    Bundle named = read("StructureDefinition?name=OstMedicationrequest", Bundle.class);
    assertEquals(1, named.getTotal());
  }

  @Test
  void thePackageHoldsWhatIsServedAndLoadsInHapi() throws Exception {
    NpmPackage published;
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(
        Definitions.PACKAGE)) {
      published = NpmPackage.fromPackage(in);
    }
    assertEquals(Definitions.PACKAGE_NAME, published.name());
    assertEquals("4.0.1", published.fhirVersion());
    Set<String> inPackage = new TreeSet<>();
    for (String type : List.of("StructureDefinition", "CodeSystem", "ValueSet",
        "OperationDefinition")) {
      for (String file : published.listResources(type)) {
        MetadataResource resource = (MetadataResource) TestHub.FHIR.newJsonParser()
            .parseResource(published.loadResource(file));
        inPackage.add(resource.getUrl() + "|" + resource.getVersion());
        if (resource instanceof StructureDefinition definition) {
          assertTrue(definition.hasSnapshot(), definition.getUrl() + " has its snapshot");
        }
      }
    }
    Set<String> served = new TreeSet<>();
    for (String type : List.of("StructureDefinition", "CodeSystem", "ValueSet",
        "OperationDefinition")) {
      Bundle all = read(type + "?_count=500", Bundle.class);
      all.getEntry().forEach(e -> served.add(((MetadataResource) e.getResource()).getUrl()
          + "|" + ((MetadataResource) e.getResource()).getVersion()));
    }
    assertEquals(served, inPackage);
    // ServerValidator loads this same package with NpmPackageValidationSupport: validating
    // against a profile only it knows proves it loaded
    StructureDefinition report = byUrl(StructureDefinition.class,
        OURS + "StructureDefinition/activity-report");
    assertEquals(List.of(), ServerValidator.get().errors(report));
  }
}
