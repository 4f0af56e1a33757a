package org.recoverylink.server.report;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.directory.District;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.server.usecase.Refused;

/**
 * The commissioners' activity reports as a use case: the Measures, and a report evaluated over
 * the scope a query names (period, organisation or district), published under the
 * small-number rule by {@link ActivityReports}. Thread-safe.
 */
public final class ReportService {

  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9-]{1,100}");
  /** The query parameters of {@code $evaluate-measure}; {@code _format} is the caller's. */
  private static final Set<String> PARAMETERS = Set.of("periodStart", "periodEnd",
      "organization", "district", "reportType", "_format");
  /** Spellings callers reach for, and the parameter they mean. */
  private static final Map<String, String> MEANT = Map.of("organisation", "organization",
      "start", "periodStart", "end", "periodEnd", "period-start", "periodStart",
      "period-end", "periodEnd");

  private final ActivityReports reports;
  private final Geography geography;
  private final OrganisationDistricts organisations;

  public ReportService(ActivityReports reports, Geography geography,
      OrganisationDistricts organisations) {
    this.reports = Objects.requireNonNull(reports, "reports");
    this.geography = Objects.requireNonNull(geography, "geography");
    this.organisations = Objects.requireNonNull(organisations, "organisations");
  }

  /**
   * A published report.
   *
   * @param report the counts as they may be published
   */
  public record Evaluated(ActivityReport report) {

    public Evaluated {
      Objects.requireNonNull(report, "report");
    }

    public MeasureReport measureReport() {
      return MeasureResources.report(report);
    }

    public String csv() {
      return MeasureResources.csv(report);
    }

    /** The CSV's file name, e.g. {@code iba-activity_2026-01-01_2026-01-31.csv}. */
    public String fileName() {
      return report.measure().id() + "_" + report.scope().start() + "_" + report.scope().end()
          + ".csv";
    }
  }

  /** Every report's Measure. */
  public List<Measure> measures() {
    return Measures.ALL.stream().map(this::measure).toList();
  }

  /**
   * The Measure with this id.
   *
   * @throws Refused NOT_FOUND, naming the reports there are
   */
  public Measure measure(String id) {
    return measure(find(id));
  }

  /**
   * The report {@code id} over the scope {@code query} names ({@code periodStart},
   * {@code periodEnd}, {@code organization} or {@code district}, {@code reportType=summary}).
   *
   * @throws Refused NOT_FOUND; INVALID listing every problem of the query
   */
  public Evaluated evaluate(String id, Map<String, List<String>> query) {
    ActivityMeasure measure = find(id);
    return new Evaluated(reports.evaluate(measure, scope(query)));
  }

  /** The small-number rule and rounding, in words, for the CapabilityStatement. */
  public String disclosure() {
    return "Counts from " + reports.rule().lowest() + " to " + reports.rule().highest()
        + " are suppressed, with any that would give one back" + (reports.rounding().rounds()
            ? "; the rest are rounded to the nearest " + reports.rounding().multiple() : "")
        + ".";
  }

  private Measure measure(ActivityMeasure definition) {
    return MeasureResources.measure(definition, reports.rule(), reports.rounding());
  }

  private static ActivityMeasure find(String id) {
    return Measures.byId(id).orElseThrow(() -> new Refused(
        Refused.Reason.NOT_FOUND, List.of(FhirIssue.error(IssueType.NOTFOUND, "",
            "no Measure " + Quote.of(id) + "; the reports are " + Measures.ALL.stream()
                .map(ActivityMeasure::id).toList()))));
  }

  /** The report's scope from the query, or a refusal listing every problem with it. */
  private Scope scope(Map<String, List<String>> query) {
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
    LocalDate start = date(first(query, "periodStart"), "periodStart", false, issues);
    LocalDate end = date(first(query, "periodEnd"), "periodEnd", true, issues);
    if (start != null && end != null && end.isBefore(start)) {
      issues.add(FhirIssue.error(IssueType.VALUE, "periodEnd", "the period ends (" + end
          + ") before it starts (" + start + ")"));
    }
    String reportType = first(query, "reportType");
    if (reportType != null && !reportType.equals("summary")) {
      issues.add(FhirIssue.error(IssueType.NOTSUPPORTED, "reportType", "reports are summaries"
          + " only: no patient-level data leaves through them"));
    }
    Optional<String> organisation = Optional.ofNullable(first(query, "organization"));
    organisation.filter(o -> !ORGANISATION.matcher(o).matches()).ifPresent(o ->
        issues.add(FhirIssue.error(IssueType.VALUE, "organization", "organization is the"
            + " ODS code of the recording organisation, e.g. F81001")));
    Optional<District> district = Optional.empty();
    String districtName = first(query, "district");
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
      throw new Refused(Refused.Reason.INVALID, issues);
    }
    return new Scope(start, end, organisation.map(o -> o.toUpperCase(Locale.ROOT)),
        district, district.map(organisations::in).orElse(Set.of()));
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
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
}
