package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Set;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Enumerations.SearchParamType;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.report.ActivityMeasure;
import org.recoverylink.server.report.Measures;
import org.recoverylink.server.report.ReportService;

/**
 * The commissioners' activity reports: {@code GET Measure}, {@code GET Measure/{id}} (any role:
 * definitions, no data) and {@code GET Measure/{id}/$evaluate-measure} (commissioner only),
 * answering a summary MeasureReport, or CSV with {@code _format=csv} or {@code Accept: text/csv}.
 */
@Path(FhirIo.BASE + "Measure")
public final class MeasureResource {

  static final MediaType CSV = new MediaType("text", "csv", "utf-8");

  private final FhirIo io;
  private final ReportService reports;

  public MeasureResource(FhirIo io, ReportService reports) {
    this.io = io;
    this.reports = reports;
  }

  @GET
  public Response search(@Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    Search search = Search.read(uri, headers, Set.of("_id", "url", Search.OFFSET));
    return io.respond(200, search.page(uri, "Measure", reports.measures().stream()
        .filter(measure -> search.id(measure)
            && search.canonical("url", measure.getUrl(), measure.getVersion()))
        .toList()), headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    return io.respond(200, reports.measure(id), headers, uri);
  }

  @GET
  @Path("{id}/$evaluate-measure")
  public Response evaluate(@PathParam("id") String id,
      @Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Authentication.require(request, Role.COMMISSIONER);
    ReportService.Evaluated report = reports.evaluate(id, uri.getQueryParameters());
    if (wantsCsv(headers, uri)) {
      return Response.ok(report.csv(), CSV).header("Content-Disposition",
          "attachment; filename=\"" + report.fileName() + "\"").build();
    }
    return io.respond(200, report.measureReport(), headers, uri);
  }

  private static boolean wantsCsv(HttpHeaders headers, UriInfo uri) {
    String format = uri.getQueryParameters().getFirst("_format");
    if (format != null) {
      return format.equals("csv") || format.equals("text/csv");
    }
    for (MediaType type : headers.getAcceptableMediaTypes()) { // in order of preference
      if (type.getType().equals("text") && type.getSubtype().equals("csv")) {
        return true;
      }
      if (!type.isWildcardType() && !type.isWildcardSubtype()) {
        return false;
      }
    }
    return false;
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource = rest.addResource()
        .setType("Measure").setDocumentation("The commissioners' activity reports: "
            + Measures.ALL.stream().map(ActivityMeasure::id).toList() + ".");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.SEARCHTYPE);
    resource.addSearchParam().setName("_id").setType(SearchParamType.TOKEN);
    resource.addSearchParam().setName("url").setType(SearchParamType.URI);
    resource.addOperation().setName("evaluate-measure")
        .setDefinition("http://hl7.org/fhir/OperationDefinition/Measure-evaluate-measure")
        .setDocumentation("Commissioner role only. periodStart and periodEnd (YYYY-MM-DD),"
            + " optional organization (ODS code) or district; answers a summary MeasureReport,"
            + " or CSV with _format=csv. " + reports.disclosure());
  }
}
