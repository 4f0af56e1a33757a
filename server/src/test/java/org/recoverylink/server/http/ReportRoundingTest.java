package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/**
 * Reports on a server with the default settings round the counts they show to the nearest 5,
 * after suppression, and say so: in the MeasureReport, the CSV and the Measure.
 */
class ReportRoundingTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PHARMACY = "FA123";
  private static final String NOVEMBER = "periodStart=2026-11&periodEnd=2026-11";
  private static final String DISCLOSURE =
      "https://recoverylink.org/fhir/StructureDefinition/report-disclosure-control";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  /** 7 level 3 visits (61 items each, returns, BBV testing accepted) and 1 level 1 visit. */
  @BeforeAll
  static void seed() throws Exception {
    for (int i = 0; i < 7; i++) {
      nsp(Examples.fullVisit(PHARMACY));
    }
    nsp(Examples.packsOnly(PHARMACY)); // two packs, nothing returned
  }

  private static void nsp(NspTransaction visit) throws Exception {
    HttpResponse<String> created = SERVER.send("POST", NspResources.OPERATION, Role.PHARMACY,
        PHARMACY, NspResources.toParameters(visit));
    assertEquals(201, created.statusCode(), created.body());
  }

  private static HttpResponse<String> get(String query, String accept) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + query))
        .header("Authorization", "Bearer " + SERVER.token(Role.COMMISSIONER, "essex-cc"))
        .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static MeasureReport.MeasureReportGroupComponent group(MeasureReport report,
      String code) {
    return report.getGroup().stream().filter(g -> g.getCode().getCodingFirstRep().getCode()
        .equals(code)).findFirst().orElseThrow();
  }

  private static IntegerType count(MeasureReport report, String code) {
    return group(report, code).getPopulationFirstRep().getCountElement();
  }

  @Test
  void shownCountsAreRoundedToTheNearestFiveAfterSuppressionAndTheReportSaysSo()
      throws Exception {
    HttpResponse<String> response = get("Measure/harm-reduction-activity/$evaluate-measure?"
        + NOVEMBER, "application/fhir+json");
    assertEquals(200, response.statusCode(), response.body());
    MeasureReport report = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        response.body());
    assertEquals(List.of(), ServerValidator.get().errors(report), response.body());

    assertEquals(10, count(report, "nsp-transactions").getValue(), "8");
    assertEquals(430, count(report, "nsp-items-out").getValue(), "7 x 61 + 2 = 429");
    assertEquals(5, count(report, "nsp-returns").getValue(), "7");
    assertEquals(5, count(report, "bbv-testing-offers").getValue(), "7");
    assertEquals(new BigDecimal("50.0"), group(report, "nsp-returns").getMeasureScore()
        .getValue(), "5 of 10 as published; the exact 87.5 would give 7 of 8 back");
    assertFalse(count(report, "nsp-clients").hasValue(), "one client: suppressed, not 0");
    group(report, "nsp-transactions").getStratifierFirstRep().getStratum().forEach(level -> {
      IntegerType levelCount = level.getPopulationFirstRep().getCountElement();
      String code = level.getValue().getCodingFirstRep().getCode();
      assertEquals(code.equals("level-2"), levelCount.hasValue(), code + ": level 1 is 1,"
          + " level 3 the 7 that would give it back");
    });

    Extension disclosure = report.getExtensionByUrl(DISCLOSURE);
    assertEquals(1, ((IntegerType) disclosure.getExtensionByUrl("suppressed-from")
        .getValue()).getValue());
    assertEquals(4, ((IntegerType) disclosure.getExtensionByUrl("suppressed-to")
        .getValue()).getValue());
    assertEquals(5, ((PositiveIntType) disclosure.getExtensionByUrl("rounded-to")
        .getValue()).getValue());
    assertTrue(disclosure.getExtensionByUrl("description").getValue().primitiveValue()
        .contains("rounded to the nearest 5"));
  }

  @Test
  void theCsvSaysWhatWasSuppressedAndHowCountsWereRounded() throws Exception {
    HttpResponse<String> csv = get("Measure/harm-reduction-activity/$evaluate-measure?"
        + NOVEMBER + "&_format=csv", "*/*");
    assertEquals(200, csv.statusCode(), csv.body());
    List<String> lines = csv.body().lines().toList();
    assertTrue(lines.get(0).endsWith(",count,suppressed,score,unit,suppression,rounding"),
        lines.get(0));
    assertTrue(lines.contains("harm-reduction-activity,2026.1.0,2026-11-01,2026-11-30,,,"
        + "nsp-transactions,,,10,false,,,1 to 4,nearest 5"), csv.body());
    assertTrue(lines.stream().skip(1).allMatch(line -> line.endsWith(",1 to 4,nearest 5")));
  }

  @Test
  void theMeasureSaysCountsAreRounded() throws Exception {
    Measure measure = SERVER.read("Measure/harm-reduction-activity", Role.COMMISSIONER,
        "essex-cc", Measure.class);
    assertEquals(List.of(), ServerValidator.get().errors(measure));
    assertTrue(measure.getGuidance().contains("rounded to the nearest 5"),
        measure.getGuidance());
  }
}
