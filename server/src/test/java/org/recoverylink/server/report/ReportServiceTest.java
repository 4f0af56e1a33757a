package org.recoverylink.server.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Measure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Geography;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.server.store.Databases;
import org.recoverylink.server.store.Screenings;
import org.recoverylink.server.usecase.Refused;

/** The report use case: Measures by id, the scope a query names, every problem at once. */
class ReportServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
  private static final Geography ESSEX = EssexDirectory.directory().geography();

  private static Databases.Scratch db;
  private static Screenings screenings;
  private static ActivityReports reports;

  @BeforeAll
  static void open() {
    db = Databases.Kind.H2.open();
    screenings = new Screenings(db.store());
    reports = new ActivityReports(new ActivityQueries(db.store(), screenings),
        SmallNumbers.DEFAULT, new Rounding(5), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterAll
  static void close() {
    screenings.close();
    db.close();
  }

  private static ReportService service(OrganisationDistricts organisations) {
    return new ReportService(reports, ESSEX, organisations);
  }

  private static Map<String, List<String>> query(String... pairs) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      query.computeIfAbsent(pairs[i], name -> new ArrayList<>()).add(pairs[i + 1]);
    }
    return query;
  }

  private static List<String> refused(ReportService service, String id,
      Map<String, List<String>> query, Refused.Reason reason) {
    Refused refused = assertThrows(Refused.class, () -> service.evaluate(id, query));
    assertEquals(reason, refused.reason());
    return refused.issues().stream().map(FhirIssue::expression).toList();
  }

  @Test
  void measuresAreEveryReportsDefinitionAndOneById() {
    ReportService service = service(OrganisationDistricts.none());
    assertEquals(Measures.ALL.stream().map(ActivityMeasure::id).toList(),
        service.measures().stream().map(Measure::getIdPart).toList());
    assertEquals("iba-activity", service.measure("iba-activity").getIdPart());
    Refused unknown = assertThrows(Refused.class, () -> service.measure("x"));
    assertEquals(Refused.Reason.NOT_FOUND, unknown.reason());
    assertTrue(unknown.issues().get(0).diagnostics().contains("iba-activity"));
  }

  @Test
  void anUnknownMeasureIsRefusedBeforeItsQueryIsRead() {
    assertEquals(List.of(""), refused(service(OrganisationDistricts.none()), "nonesuch",
        query("start", "2026"), Refused.Reason.NOT_FOUND));
  }

  @Test
  void aQueryNamesPeriodAndOrganisationAndTheClockStampsTheReport() {
    ReportService.Evaluated evaluated = service(OrganisationDistricts.none()).evaluate(
        "iba-activity", query("periodStart", "2026-02", "periodEnd", "2026",
            "organization", "f81001", "reportType", "summary", "_format", "csv"));
    Scope scope = evaluated.report().scope();
    assertEquals(LocalDate.of(2026, 2, 1), scope.start());
    assertEquals(LocalDate.of(2026, 12, 31), scope.end());
    assertEquals(Optional.of("F81001"), scope.organisation());
    assertEquals(NOW, evaluated.report().generated());
    assertEquals("iba-activity_2026-02-01_2026-12-31.csv", evaluated.fileName());
    assertTrue(evaluated.csv().contains("iba-activity"), evaluated.csv());
    assertTrue(evaluated.measureReport().getMeasure().startsWith(Measures.URL_BASE
        + "iba-activity"), evaluated.measureReport().getMeasure());
  }

  @Test
  void aDistrictSelectsItsConfiguredOrganisations() {
    String district = ESSEX.districts().get(0).name();
    ReportService service = service(OrganisationDistricts.parse("F81001," + district + "\n",
        ESSEX));
    Scope scope = service.evaluate("iba-activity", query("periodStart", "2026-01-01",
        "periodEnd", "2026-01-31", "district", district)).report().scope();
    assertEquals(district, scope.district().orElseThrow().name());
    assertEquals(Set.of("F81001"), scope.organisations());
  }

  @Test
  void everyProblemOfTheQueryIsListedAtOnce() {
    assertEquals(List.of("organisation", "periodEnd", "periodStart", "reportType",
        "organization", "district"), refused(service(OrganisationDistricts.none()),
        "iba-activity", query("organisation", "F81001", "periodStart", "2026-13-01",
            "periodEnd", "2026-01-01", "periodEnd", "2026-02-01", "reportType", "individual",
            "organization", "F81 001", "district", "Atlantis"),
        Refused.Reason.INVALID));
  }

  @Test
  void missingDatesAnEndBeforeTheStartAndADistrictWithoutTheListAreRefused() {
    ReportService none = service(OrganisationDistricts.none());
    assertEquals(List.of("periodStart", "periodEnd"), refused(none, "ost-activity",
        query(), Refused.Reason.INVALID));
    assertEquals(List.of("periodEnd"), refused(none, "ost-activity", query("periodStart",
        "2026-02-02", "periodEnd", "2026-02-01"), Refused.Reason.INVALID));
    assertEquals(List.of("district"), refused(none, "ost-activity", query("periodStart",
        "2026", "periodEnd", "2026", "district", ESSEX.districts().get(0).name()),
        Refused.Reason.INVALID));
  }

  @Test
  void aRefusalSaysWhy() {
    assertThrows(IllegalArgumentException.class,
        () -> new Refused(Refused.Reason.INVALID, List.of()));
  }
}
