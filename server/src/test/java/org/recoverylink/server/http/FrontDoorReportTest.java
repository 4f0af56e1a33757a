package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;

/**
 * Agencies' referrals through the front door are counted by the agency's kind in the
 * commissioner's referral report (docs/front-door.md, docs/http-api.md): referrals from police,
 * housing and probation made on the pages of a running server, the report read as a
 * commissioner, exact counts (rounding 1) with the small-number rule (1 to 4 suppressed).
 */
class FrontDoorReportTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final long HIDDEN = -1;

  @TempDir
  static Path dir;
  private static TestHub hub;

  @BeforeAll
  static void start() throws Exception {
    hub = TestHub.start(ServerOptions.defaults(dir.resolve("data")).toBuilder()
        .pageRate(100_000).reportRounding(1).build());
  }

  @AfterAll
  static void stop() throws Exception {
    hub.close();
  }

  private static void refer(String agency, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      Personas p = new Personas("Agency " + agency, "agency", agency, true, "Robin",
          "Case" + i, LocalDate.of(1975, 5, 20), "CM1 1AA", "", List.of("alcohol"), List.of(),
          false, List.of("call"));
      FormClient.Page last = PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())),
          p);
      assertEquals(200, last.status(), agency + ": " + FormClient.text(last.body()));
    }
  }

  @Test
  void theReferralReportCountsAgenciesReferralsByTheirKind() throws Exception {
    refer("police", 5);
    refer("housing", 6);
    refer("probation", 2);
    // and referrals from no agency have no kind (five, so that no source count is suppressed)
    for (int i = 0; i < 5; i++) {
      assertEquals(200, PublicPagesTest.walk(new FormClient(FormClient.root(hub.base())),
          new Personas("Self Referrer", "self", "", true, "Self", "Referrer" + i,
              LocalDate.of(1990, 1, 1), "CO1 1AA", "", List.of("alcohol"), List.of(), false,
              List.of("call"))).status());
    }
    assertEquals(5, hub.count("SELECT COUNT(*) FROM referral WHERE agency = ?", "police"));
    assertEquals(5, hub.count("SELECT COUNT(*) FROM referral WHERE agency IS NULL"));

    LocalDate today = LocalDate.now(ZoneId.of("Europe/London"));
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(hub.base()
        + "/Measure/referral-activity/$evaluate-measure?periodStart=" + today.minusDays(1)
        + "&periodEnd=" + today.plusDays(1)))
        .header("Authorization", "Bearer " + hub.token(Role.COMMISSIONER, "essex-cc"))
        .header("Accept", "application/fhir+json").GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    MeasureReport report = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        response.body());
    assertEquals(List.of(), ServerValidator.get().errors(report), response.body());
    assertTrue(!response.body().contains("Robin") && !response.body().contains("CM1 1AA"),
        "no patient data in the report");

    MeasureReport.MeasureReportGroupComponent referrals = report.getGroup().stream()
        .filter(g -> g.getCode().getCodingFirstRep().getCode().equals("referrals"))
        .findFirst().orElseThrow();
    assertEquals(18, count(referrals.getPopulationFirstRep().getCountElement()));
    assertEquals(Map.of("police", 5L, "housing", 6L, "probation", HIDDEN),
        strata(referrals, "agency"), "police and housing counted apart, 2 suppressed");
    Map<String, Long> sources = strata(referrals, "source");
    assertEquals(7, sources.get("criminal-justice"), "police and probation: one source code");
    assertEquals(6, sources.get("other"), "housing");
    assertEquals(5, sources.get("self"));
  }

  private static Map<String, Long> strata(MeasureReport.MeasureReportGroupComponent group,
      String stratifier) {
    Map<String, Long> strata = new LinkedHashMap<>();
    group.getStratifier().stream()
        .filter(s -> s.getCodeFirstRep().getCodingFirstRep().getCode().equals(stratifier))
        .flatMap(s -> s.getStratum().stream())
        .forEach(s -> strata.put(s.getValue().hasCoding()
            ? s.getValue().getCodingFirstRep().getCode() : s.getValue().getText(),
            count(s.getPopulationFirstRep().getCountElement())));
    return strata;
  }

  /** A count as published, or {@link #HIDDEN} when it is marked suppressed. */
  private static long count(IntegerType count) {
    if (count.hasValue()) {
      return count.getValue();
    }
    assertEquals("masked", ((CodeType) count.getExtensionByUrl(
        "http://hl7.org/fhir/StructureDefinition/data-absent-reason").getValue()).getValue());
    return HIDDEN;
  }
}
