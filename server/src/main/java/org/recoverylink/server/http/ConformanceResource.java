package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.text.Quote;

/**
 * The definitions our resources point at: {@code GET StructureDefinition}, {@code CodeSystem},
 * {@code ValueSet}, {@code OperationDefinition} and {@code SearchParameter}, each searched or
 * read by id. Public, as {@code GET metadata} is: they say what the API takes and answers,
 * nothing about anyone, and a validator resolving a canonical url carries no token.
 */
@Path(FhirIo.BASE + "{type: " + ConformanceResource.TYPES + "}")
public final class ConformanceResource {

  /** The resource types served, as a path pattern. */
  static final String TYPES =
      "StructureDefinition|CodeSystem|ValueSet|OperationDefinition|SearchParameter";
  /** The paths served (checked for every request, by {@link Authentication}): compiled once. */
  private static final Pattern SERVED = Pattern.compile(Pattern.quote(FhirIo.BASE) + "(" + TYPES
      + ")(/.*)?");
  /** What the searches take besides what every search does. */
  private static final Set<String> PARAMETERS = parameters();

  private final FhirIo io;
  private final Map<String, List<org.hl7.fhir.r4.model.MetadataResource>> byType = new LinkedHashMap<>();

  /** @param all the conformance resources, each served under its type and id */
  public ConformanceResource(FhirIo io, List<org.hl7.fhir.r4.model.MetadataResource> all) {
    this.io = io;
    for (String type : TYPES.split("\\|")) {
      byType.put(type, all.stream().filter(r -> r.fhirType().equals(type)).toList());
    }
  }

  /** Whether a request path is one of these, which anyone may read. */
  static boolean serves(String path) {
    return SERVED.matcher(path).matches();
  }

  @GET
  public Response search(@PathParam("type") String type, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Search search = Search.read(uri, headers, PARAMETERS);
    return io.respond(200, search.page(uri, type, byType.get(type).stream()
        .filter(resource -> search.id(resource)
            && search.canonical("url", resource.getUrl(), resource.getVersion())
            && search.string("name", resource.getName()))
        .toList()), headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("type") String type, @PathParam("id") String id,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Optional<org.hl7.fhir.r4.model.MetadataResource> found = byType.get(type).stream()
        .filter(resource -> resource.getIdElement().getIdPart().equals(id)).findFirst();
    return io.respond(200, found.orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND,
        "no " + type + " " + Quote.of(id))), headers, uri);
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    byType.keySet().forEach(type -> {
      CapabilityStatement.CapabilityStatementRestResourceComponent resource =
          MetadataResource.resource(rest, type).setDocumentation("RecoveryLink's own"
              + " definitions; readable without a token.");
      resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
      resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
      resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
      resource.addSearchParam().setName("url").setType(SearchParamType.URI)
          .setDocumentation("the canonical URL, with or without |version");
      resource.addSearchParam().setName("name").setType(SearchParamType.STRING);
    });
  }

  private static Set<String> parameters() {
    Set<String> parameters = new HashSet<>(Set.of("_id", "url", Search.OFFSET));
    parameters.addAll(Search.stringParameter("name"));
    return Set.copyOf(parameters);
  }
}
