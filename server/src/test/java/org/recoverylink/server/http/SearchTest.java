package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;

/**
 * Searches as a FHIR client makes them, over HTTP: the declared parameters, paging, the
 * summary and element filters, and unknown parameters refused or, when asked, ignored.
 */
class SearchTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PHQ9 = Questionnaires.CANONICAL_BASE + "phq-9";

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

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + "/" + path))
        .header("Authorization", "Bearer " + hub.token(Role.GP, "A81001"));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Bundle bundle(String path, String... headers) throws Exception {
    HttpResponse<String> answer = get(path, headers);
    assertEquals(200, answer.statusCode(), answer.body());
    return TestHub.FHIR.newJsonParser().parseResource(Bundle.class, answer.body());
  }

  private static OperationOutcome refused(String path) throws Exception {
    HttpResponse<String> answer = get(path);
    assertEquals(400, answer.statusCode(), path + ": " + answer.body());
    OperationOutcome outcome = TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, answer.body());
    assertEquals(List.of(), ServerValidator.get().errors(outcome));
    return outcome;
  }

  private static List<String> ids(Bundle bundle) {
    return bundle.getEntry().stream().filter(e -> e.getSearch().getMode()
        == Bundle.SearchEntryMode.MATCH).map(e -> e.getResource().getIdElement().getIdPart())
        .toList();
  }

  /** The path of a link, relative to the FHIR base, to follow it. */
  private static String relative(String link) {
    return link.substring((hub.base() + "/").length());
  }

  @Test
  void aFormIsFoundByItsCanonicalUrlWithOrWithoutItsVersion() throws Exception {
    assertEquals(List.of("phq-9"), ids(bundle("Questionnaire?url=" + PHQ9)));
    assertEquals(List.of("phq-9"), ids(bundle("Questionnaire?url=" + PHQ9 + "%7C"
        + Questionnaires.VERSION)));
    assertEquals(List.of(), ids(bundle("Questionnaire?url=" + PHQ9 + "%7C9.9.9")));
    assertEquals(List.of("gad-7", "phq-9"), ids(bundle("Questionnaire?url="
        + Questionnaires.CANONICAL_BASE + "gad-7," + PHQ9)).stream().sorted().toList());
    assertEquals(1, bundle("Questionnaire?url=" + PHQ9).getTotal());
  }

  @Test
  void pagesVisitEveryFormOnceAndLinkBothWays() throws Exception {
    List<String> all = ids(bundle("Questionnaire"));
    List<String> walked = new ArrayList<>();
    String page = "Questionnaire?_count=3";
    Bundle second = null;
    for (int pages = 0; page != null; pages++) {
      assertTrue(pages < all.size(), "the next links never end");
      Bundle bundle = bundle(page);
      assertEquals(all.size(), bundle.getTotal());
      assertTrue(ids(bundle).size() <= 3);
      walked.addAll(ids(bundle));
      second = pages == 1 ? bundle : second;
      page = bundle.getLink("next") == null ? null : relative(bundle.getLink("next").getUrl());
    }

    assertEquals(all, walked, "each once, in the same stable order");
    assertEquals(8, all.size(), "the eight built-in instruments");
    assertEquals(all.subList(0, 3), ids(bundle(relative(second.getLink("previous")
        .getUrl()))));
    assertTrue(second.getLink("self").getUrl().contains("_offset=3"));
  }

  @Test
  void unknownParametersAreRefusedUnlessTheClientAsksForLenience() throws Exception {
    OperationOutcome outcome = refused("Questionnaire?urll=" + PHQ9 + "&_sort=name");

    assertEquals(2, outcome.getIssue().size(), outcome.getIssue().toString());
    assertTrue(outcome.getIssue().get(0).getDiagnostics().contains("'urll'"));
    assertTrue(outcome.getIssue().get(1).getDiagnostics().contains("'_sort'"));
    Bundle lenient = bundle("Questionnaire?urll=" + PHQ9 + "&title=patient%20health",
        "Prefer", "handling=lenient");
    assertEquals(List.of("phq-2", "phq-9"), ids(lenient).stream().sorted().toList());
    assertFalse(lenient.getLink("self").getUrl().contains("urll"),
        "self says what was searched for");
    assertTrue(lenient.getLink("self").getUrl().contains("title=patient+health"),
        lenient.getLink("self").getUrl());
  }

  @Test
  void theTotalAloneAndTheSummaryAndTheElementsAsked() throws Exception {
    Bundle count = bundle("Questionnaire?_summary=count");
    Bundle summary = bundle("Questionnaire?url=" + PHQ9 + "&_summary=true");
    Bundle elements = bundle("Questionnaire?url=" + PHQ9 + "&_elements=url,title");
    HttpResponse<String> pretty = get("Questionnaire/phq-9?_pretty=true");
    HttpResponse<String> compact = get("Questionnaire/phq-9");

    assertEquals(8, count.getTotal());
    assertEquals(List.of(), count.getEntry());
    Questionnaire summarised = (Questionnaire) summary.getEntryFirstRep().getResource();
    assertEquals(PHQ9, summarised.getUrl());
    assertEquals(List.of(), summarised.getItem(), "items are not summary elements");
    Questionnaire picked = (Questionnaire) elements.getEntryFirstRep().getResource();
    assertEquals(PHQ9, picked.getUrl());
    assertEquals("Patient Health Questionnaire (PHQ-9)", picked.getTitle());
    assertEquals(List.of(), picked.getItem());
    assertNull(picked.getPublisher());
    assertTrue(pretty.body().contains("\n  \"resourceType\""), pretty.body().substring(0, 40));
    assertFalse(compact.body().contains("\n"));
    assertEquals(TestHub.FHIR.newJsonParser().parseResource(compact.body()).getIdElement()
        .getIdPart(), "phq-9");
  }

  @Test
  void servicesAreFoundByNameAsFhirStringSearchReadsIt() throws Exception {
    List<HealthcareService> started = services("HealthcareService?name=open%20road");
    List<HealthcareService> contained = services("HealthcareService?name:contains=RECOVERY");
    List<HealthcareService> exact = services("HealthcareService?name:exact="
        + "Futures%20in%20Mind%20peer%20mentoring");
    List<HealthcareService> wrongCase = services("HealthcareService?name:exact="
        + "futures%20in%20mind%20peer%20mentoring");

    assertFalse(started.isEmpty());
    assertTrue(started.stream().allMatch(s -> s.getName().startsWith("Open Road")));
    assertFalse(contained.isEmpty());
    assertTrue(contained.stream().allMatch(s -> s.getName().toLowerCase().contains("recovery")));
    assertEquals(List.of("futures-in-mind"), exact.stream()
        .map(s -> s.getIdElement().getIdPart()).toList());
    assertEquals(List.of(), wrongCase);
    assertEquals(new HashSet<>(ids(bundle("HealthcareService"))).size(),
        bundle("HealthcareService").getTotal());
  }

  private static List<HealthcareService> services(String path) throws Exception {
    return bundle(path).getEntry().stream().map(e -> (HealthcareService) e.getResource())
        .toList();
  }

  @Test
  void badValuesAreRefusedEachNamed() throws Exception {
    assertTrue(refused("Questionnaire?_count=ten").getIssueFirstRep().getDiagnostics()
        .contains("_count"));
    assertTrue(refused("Questionnaire?_offset=-3").getIssueFirstRep().getDiagnostics()
        .contains("_offset"));
    assertTrue(refused("Questionnaire?_summary=everything").getIssueFirstRep()
        .getDiagnostics().contains("_summary"));
    assertTrue(refused("Questionnaire?_elements=url;drop").getIssueFirstRep().getDiagnostics()
        .contains("_elements"));
    assertTrue(refused("Questionnaire?_pretty=yes").getIssueFirstRep().getDiagnostics()
        .contains("_pretty"));
    assertTrue(refused("Questionnaire?url=a&url=b").getIssueFirstRep().getDiagnostics()
        .contains("url once"));
  }

  @Test
  void theCapabilityStatementDeclaresWhatTheSearchesTake() throws Exception {
    HttpResponse<String> metadata = get("metadata");
    var statement = TestHub.FHIR.newJsonParser().parseResource(
        org.hl7.fhir.r4.model.CapabilityStatement.class, metadata.body());
    var questionnaire = statement.getRestFirstRep().getResource().stream()
        .filter(r -> r.getType().equals("Questionnaire")).findFirst().orElseThrow();

    assertEquals(List.of("_id", "url", "name", "title"), questionnaire.getSearchParam()
        .stream().map(p -> p.getName()).toList());
  }
}
