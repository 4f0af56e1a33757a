package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.PositiveIntType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.server.auth.Role;

/**
 * What the settings give is what the server applies, over HTTP: a deployment's own screening
 * rule-set variant, small-number rule and report rounding.
 */
class InjectedSettingsTest {

  private static final RuleSet LOCAL = RuleSet.ukDefault().derive("essex-local", "2.0.0")
      .build();

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.with(settings -> settings
      .assessor(Assessor.withRules(LOCAL)).smallNumbers(new SmallNumbers(1, 9))
      .options(options -> options.reportRounding(10)));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void assessAppliesTheRuleSetOfTheSettings() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(SERVER.base()
        + "/QuestionnaireResponse/$assess"))
        .header("Authorization", "Bearer " + SERVER.gpToken())
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(EndpointTest.auditJson(true))));
    assertEquals(200, response.statusCode(), response.body());
    Bundle bundle = TestHub.FHIR.newJsonParser().parseResource(Bundle.class, response.body());

    GuidanceResponse guidance = bundle.getEntry().stream().map(e -> e.getResource())
        .filter(GuidanceResponse.class::isInstance).map(GuidanceResponse.class::cast)
        .findFirst().orElseThrow();
    assertEquals("https://recoverylink.org/fhir/rules/essex-local|2.0.0",
        guidance.getModuleUriType().getValue());
  }

  @Test
  void reportsApplyTheSmallNumberRuleAndRoundingOfTheSettings() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(SERVER.base()
        + "/Measure/harm-reduction-activity/$evaluate-measure?periodStart=2026-11"
        + "&periodEnd=2026-11"))
        .header("Authorization", "Bearer " + SERVER.token(Role.COMMISSIONER, "essex-cc")));
    assertEquals(200, response.statusCode(), response.body());
    MeasureReport report = TestHub.FHIR.newJsonParser().parseResource(MeasureReport.class,
        response.body());

    Extension disclosure = report.getExtensionByUrl(
        "https://recoverylink.org/fhir/StructureDefinition/report-disclosure-control");
    assertEquals(1, ((IntegerType) disclosure.getExtensionByUrl("suppressed-from")
        .getValue()).getValue());
    assertEquals(9, ((IntegerType) disclosure.getExtensionByUrl("suppressed-to")
        .getValue()).getValue());
    assertEquals(10, ((PositiveIntType) disclosure.getExtensionByUrl("rounded-to")
        .getValue()).getValue());
  }
}
