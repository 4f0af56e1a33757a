package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.report.ActivityMeasure;
import org.recoverylink.server.report.ActivityReport;
import org.recoverylink.server.report.ActivityReports;
import org.recoverylink.server.report.MeasureResources;
import org.recoverylink.server.report.Measures;
import org.recoverylink.server.report.OrganisationDistricts;
import org.recoverylink.server.report.Scope;

/**
 * The commissioners' activity reports: {@code GET Measure}, {@code GET Measure/{id}} (any role:
 * definitions, no data) and {@code GET Measure/{id}/$evaluate-measure} (commissioner only),
 * answering a summary MeasureReport, or CSV with {@code _format=csv} or {@code Accept: text/csv}.
 */
@Path(FhirIo.BASE + "Measure")
public final class MeasureResource {

  static final MediaType CSV = new MediaType("text", "csv", "utf-8");
  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9-]{1,100}");
  private static final Set<String> PARAMETERS = Set.of("periodStart", "periodEnd",
      "organization", "district", "reportType", "_format");
  /** Spellings callers reach for, and the parameter they mean. */
  private static final Map<String, String> MEANT = Map.of("organisation", "organization",
      "start", "periodStart", "end", "periodEnd", "period-start", "periodStart",
      "period-end", "periodEnd");

  private final FhirIo io;
  private final ActivityReports reports;
  private final Geography geography;
  private final OrganisationDistricts organisations;

  public MeasureResource(FhirIo io, ActivityReports reports, Geography geography,
      OrganisationDistricts organisations) {
    this.io = io;
    this.reports = reports;
    this.geography = geography;
    this.organisations = organisations;
  }

  @GET
  public Response search(@Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    return io.respond(200, FhirIo.searchset(uri, Measures.ALL.stream().map(this::measure)
        .toList()), headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Authentication.require(request, Role.values());
    return io.respond(200, measure(find(id)), headers, uri);
  }

  @GET
  @Path("{id}/$evaluate-measure")
  public Response evaluate(@PathParam("id") String id,
      @Context ContainerRequestContext request, @Context HttpHeaders headers,
      @Context UriInfo uri) {
    Authentication.require(request, Role.COMMISSIONER);
    ActivityMeasure measure = find(id);
    ActivityReport report = reports.evaluate(measure, scope(uri.getQueryParameters()));
    if (wantsCsv(headers, uri)) {
      return Response.ok(MeasureResources.csv(report), CSV)
          .header("Content-Disposition", "attachment; filename=\"" + measure.id() + "_"
              + report.scope().start() + "_" + report.scope().end() + ".csv\"")
          .build();
    }
    return io.respond(200, MeasureResources.report(report), headers, uri);
  }

  private Measure measure(ActivityMeasure definition) {
    return MeasureResources.measure(definition, reports.rule(), reports.rounding());
  }

  private static ActivityMeasure find(String id) {
    return Measures.byId(id).orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND,
        "no Measure " + Quote.of(id) + "; the reports are " + Measures.ALL.stream()
            .map(ActivityMeasure::id).toList()));
  }

  /** The report's scope from the query, or 400 listing every problem with it. */
  private Scope scope(MultivaluedMap<String, String> query) {
    List<FhirIssue> issues = new ArrayList<>();
    for (String name : query.keySet()) {
      if (!PARAMETERS.contains(name)) {
        issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, name, "unknown parameter "
            + Quote.of(name)
            + Optional.ofNullable(MEANT.get(name)).map(m -> "; did you mean " + m + "?")
                .orElse("; $evaluate-measure takes " + PARAMETERS)));
      } else if (query.get(name).size() > 1) {
        issues.add(FhirIssue.error(IssueType.VALUE, name, name + " is given more than once"));
      }
    }
    LocalDate start = date(query.getFirst("periodStart"), "periodStart", false, issues);
    LocalDate end = date(query.getFirst("periodEnd"), "periodEnd", true, issues);
    if (start != null && end != null && end.isBefore(start)) {
      issues.add(FhirIssue.error(IssueType.VALUE, "periodEnd", "the period ends (" + end
          + ") before it starts (" + start + ")"));
    }
    String reportType = query.getFirst("reportType");
    if (reportType != null && !reportType.equals("summary")) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "reportType", "reports are summaries"
          + " only: no patient-level data leaves through them"));
    }
    Optional<String> organisation = Optional.ofNullable(query.getFirst("organization"));
    organisation.filter(o -> !ORGANISATION.matcher(o).matches()).ifPresent(o ->
        issues.add(FhirIssue.error(IssueType.VALUE, "organization", "organization is the"
            + " ODS code of the recording organisation, e.g. F81001")));
    Optional<District> district = Optional.empty();
    String districtName = query.getFirst("district");
    if (districtName != null) {
      district = geography.district(districtName);
      if (district.isEmpty()) {
        issues.add(FhirIssue.error(IssueType.VALUE, "district", Quote.of(districtName)
            + " is not a district of " + geography.name() + "; they are " + geography.districts()
                .stream().map(District::name).toList()));
      } else if (organisations.isEmpty()) {
        issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "district", "this server has no"
            + " list of which organisations are in which district (--organisations), so it"
            + " cannot report by district"));
      }
    }
    if (!issues.isEmpty()) {
      throw new FhirProblem(400, issues);
    }
    return new Scope(start, end, organisation.map(o -> o.toUpperCase(Locale.ROOT)),
        district, district.map(organisations::in).orElse(Set.of()));
  }

  /**
   * A FHIR date: a day, or a month or year standing for its first day (a start) or its last
   * day (an end).
   */
  private static LocalDate date(String text, String name, boolean end, List<FhirIssue> issues) {
    if (text == null) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, name, name + " is required (YYYY-MM-DD)"));
      return null;
    }
    try {
      if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
        return LocalDate.parse(text);
      }
      if (text.matches("\\d{4}-\\d{2}")) {
        YearMonth month = YearMonth.parse(text);
        return end ? month.atEndOfMonth() : month.atDay(1);
      }
      if (text.matches("\\d{4}")) {
        int year = Integer.parseInt(text);
        return end ? LocalDate.of(year, 12, 31) : LocalDate.of(year, 1, 1);
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    issues.add(FhirIssue.error(IssueType.VALUE, name, Quote.of(text) + " is not a date"
        + " (YYYY-MM-DD, or YYYY-MM / YYYY for a whole month / year)"));
    return null;
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
    resource.addOperation().setName("evaluate-measure")
        .setDefinition("http://hl7.org/fhir/OperationDefinition/Measure-evaluate-measure")
        .setDocumentation("Commissioner role only. periodStart and periodEnd (YYYY-MM-DD),"
            + " optional organization (ODS code) or district; answers a summary MeasureReport,"
            + " or CSV with _format=csv. Counts from " + reports.rule().lowest() + " to "
            + reports.rule().highest() + " are suppressed, with any that would give one back"
            + (reports.rounding().rounds() ? "; the rest are rounded to the nearest "
                + reports.rounding().multiple() : "") + ".");
  }
}
