package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/** The endpoint over real HTTP on loopback: contract, formats, roles and error classes. */
class EndpointTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  static String token(Role role) {
    return SERVER.issuer().token(role, "A81001", Duration.ofMinutes(5), SERVER.base().toString());
  }

  static HttpResponse<String> send(String method, String path, String token, String type,
      String body, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (type != null) {
      request.header("Content-Type", type);
    }
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static <T extends IBaseResource> T parse(HttpResponse<String> response, Class<T> type) {
    String contentType = response.headers().firstValue("Content-Type").orElse("");
    return (contentType.contains("xml") ? FHIR.newXmlParser() : FHIR.newJsonParser())
        .parseResource(type, response.body());
  }

  static String auditJson(boolean complete) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(Questionnaires.CANONICAL_BASE + "audit-c");
    String[][] answers = {{"68518-0", "2-3-times-a-week"}, {"68519-8", "5-6"},
        {"68520-6", "weekly"}};
    for (int i = 0; i < (complete ? 3 : 2); i++) {
      response.addItem().setLinkId(answers[i][0]).addAnswer().setValue(
          new org.hl7.fhir.r4.model.Coding(
              "https://recoverylink.org/fhir/CodeSystem/answer", answers[i][1], null));
    }
    return FHIR.newJsonParser().encodeResourceToString(response);
  }

  @Test
  void metadataNeedsNoTokenAndListsWhatIsServed() throws Exception {
    HttpResponse<String> response = send("GET", "metadata", null, null, null, null);

    assertEquals(200, response.statusCode());
    CapabilityStatement capability = parse(response, CapabilityStatement.class);
    assertEquals("4.0.1", capability.getFhirVersion().toCode());
    assertEquals(List.of("Questionnaire", "QuestionnaireResponse", "ServiceRequest",
        "Procedure", "HealthcareService", "Task", "MedicationRequest", "MedicationDispense",
        "Measure", "StructureDefinition", "CodeSystem", "ValueSet", "OperationDefinition",
        "SearchParameter"),
        capability.getRestFirstRep().getResource().stream()
            .filter(r -> r.hasInteraction() || r.hasOperation()).map(r -> r.getType()).toList());
    // written only inside other answers: listed for their profiles
    assertEquals(List.of("Encounter", "SupplyDelivery", "Observation", "Flag",
        "GuidanceResponse", "RequestGroup", "MeasureReport"),
        capability.getRestFirstRep().getResource().stream()
            .filter(r -> !r.hasInteraction() && !r.hasOperation())
            .peek(r -> assertTrue(r.hasSupportedProfile(), r.getType()))
            .map(r -> r.getType()).toList());
    assertEquals("assess", capability.getRestFirstRep().getResource().get(1)
        .getOperationFirstRep().getName());
    CapabilityStatement.CapabilityStatementRestResourceComponent referrals =
        capability.getRestFirstRep().getResource().get(2);
    assertEquals("route", referrals.getOperationFirstRep().getName());
    assertEquals(List.of("create", "read", "search-type"), referrals.getInteraction().stream()
        .map(i -> i.getCode().toCode()).toList());
    assertEquals(List.of(), ServerValidator.get().errors(capability));
  }

  @Test
  void everyRoleReadsTheQuestionnaires() throws Exception {
    // Every role a token's claim can name (SYSTEM is a caller with scopes alone: TrustIT).
    for (Role role : java.util.EnumSet.complementOf(java.util.EnumSet.of(Role.SYSTEM))) {
      HttpResponse<String> search = send("GET", "Questionnaire", token(role), null, null, null);
      assertEquals(200, search.statusCode(), role.claim());
      assertEquals(8, parse(search, Bundle.class).getTotal());
    }
    HttpResponse<String> read = send("GET", "Questionnaire/phq-9", token(Role.GP), null, null,
        "application/fhir+xml");
    assertEquals(200, read.statusCode());
    assertTrue(read.headers().firstValue("Content-Type").orElseThrow().contains("fhir+xml"));
    assertEquals(Questionnaires.CANONICAL_BASE + "phq-9",
        parse(read, Questionnaire.class).getUrl());
  }

  @Test
  void theDirectoryIsServedAsHealthcareServices() throws Exception {
    Directory essex = EssexDirectory.directory();

    HttpResponse<String> search = send("GET", "HealthcareService", token(Role.PROVIDER), null,
        null, null);
    HttpResponse<String> read = send("GET", "HealthcareService/"
        + essex.services().get(0).id(), token(Role.COMMISSIONER), null, null, null);

    assertEquals(200, search.statusCode());
    Bundle bundle = parse(search, Bundle.class);
    assertEquals(essex.services().size(), bundle.getTotal());
    assertEquals(essex.services().stream().map(s -> s.name()).toList(), bundle.getEntry()
        .stream().map(e -> ((HealthcareService) e.getResource()).getName()).toList());
    assertEquals(200, read.statusCode());
    assertEquals(essex.services().get(0).name(), parse(read, HealthcareService.class).getName());
    assertEquals(404, send("GET", "HealthcareService/nowhere", token(Role.GP), null, null, null)
        .statusCode());
  }

  @Test
  void assessAnswersTheResultBundleInJsonAndXml() throws Exception {
    HttpResponse<String> json = send("POST", "QuestionnaireResponse/$assess", token(Role.GP),
        "application/fhir+json", auditJson(true), null);
    String xmlBody = FHIR.newXmlParser().encodeResourceToString(
        FHIR.newJsonParser().parseResource(auditJson(true)));
    HttpResponse<String> xml = send("POST", "QuestionnaireResponse/$assess?_format=xml",
        token(Role.PHARMACY), "application/fhir+xml", xmlBody, null);

    for (HttpResponse<String> response : List.of(json, xml)) {
      assertEquals(200, response.statusCode(), response.body());
      Bundle bundle = parse(response, Bundle.class);
      assertEquals(List.of(), ServerValidator.get().errors(bundle));
      Observation auditC = bundle.getEntry().stream().map(e -> e.getResource())
          .filter(Observation.class::isInstance).map(Observation.class::cast).findFirst()
          .orElseThrow();
      assertEquals("75626-2", auditC.getCode().getCodingFirstRep().getCode());
      assertEquals(3 + 2 + 3, auditC.getValueIntegerType().getValue());
    }
    // The charset said, as FHIR's http page asks of every body
    assertEquals(List.of("application/fhir+json;charset=UTF-8"),
        json.headers().allValues("Content-Type"));
    assertEquals(List.of("application/fhir+xml;charset=UTF-8"),
        xml.headers().allValues("Content-Type"));
  }

  @Test
  void aLongAnswerIsSentWholeWithItsLength() throws Exception {
    // A full AUDIT's result Bundle is longer than Jersey's 8 KiB buffer, past which an answer
    // of unknown length goes out chunked.
    HttpResponse<String> response = send("POST", "QuestionnaireResponse/$assess",
        token(Role.GP), "application/fhir+json", FHIR.newJsonParser().encodeResourceToString(
            Forms.fill(Questionnaires.find("audit").orElseThrow(), true)), null);
    assertEquals(200, response.statusCode(), response.body());
    int length = response.body().getBytes(StandardCharsets.UTF_8).length;
    assertTrue(length > 8192, "length " + length);
    assertEquals(List.of(Integer.toString(length)), response.headers().allValues(
        "Content-Length"));
    assertEquals(List.of(), response.headers().allValues("Transfer-Encoding"));
  }

  static String routeJson(String birthDate, String postcode, String... substances) {
    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType(birthDate));
    patient.addAddress().setPostalCode(postcode);
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient);
    for (String substance : substances) {
      parameters.addParameter().setName("substance").setValue(new CodeType(substance));
    }
    return FHIR.newJsonParser().encodeResourceToString(parameters);
  }

  @Test
  void routeAnswersOnePrimaryServiceWithItsReasons() throws Exception {
    HttpResponse<String> response = send("POST", "ServiceRequest/$route", token(Role.PHARMACY),
        "application/fhir+json", routeJson("1990-03-04", "SS14 1AB", "opioids"), null);

    assertEquals(200, response.statusCode(), response.body());
    Parameters answer = parse(response, Parameters.class);
    assertEquals(List.of(), ServerValidator.get().errors(answer));
    List<Parameters.ParametersParameterComponent> primaries = answer.getParameter().stream()
        .filter(p -> p.getName().equals("service"))
        .filter(p -> p.getPart().stream().anyMatch(part -> part.getName().equals("role")
            && part.getValue().primitiveValue().equals("primary"))).toList();
    assertEquals(1, primaries.size(), response.body());
    String service = ((Reference) primaries.get(0).getPart().get(0).getValue()).getReference();
    assertEquals(200, send("GET", service, token(Role.PHARMACY), null, null, null).statusCode(),
        "the primary is a service of the directory served: " + service);
    assertEquals("Basildon", answer.getParameter("district").getValue().primitiveValue());
  }

  @Test
  void xmlWithAnExternalEntityIsRefusedUnread() throws Exception {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE q [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<QuestionnaireResponse xmlns=\"http://hl7.org/fhir\"><status value=\"completed\"/>"
        + "<item><linkId value=\"&x;\"/></item></QuestionnaireResponse>";

    HttpResponse<String> response = send("POST", "QuestionnaireResponse/$assess",
        token(Role.GP), "application/fhir+xml", xxe, null);

    assertEquals(400, response.statusCode(), response.body());
    assertTrue(!response.body().contains("root:"), "the file was not read into the answer");
    assertEquals(List.of(), ServerValidator.get().errors(parse(response, OperationOutcome.class)));
  }

  @Test
  void errorsAreOperationOutcomesWithTheContractsStatus() throws Exception {
    String gp = token(Role.GP);
    record Case(int status, HttpResponse<String> response) {
    }
    List<Case> cases = List.of(
        new Case(401, send("GET", "Questionnaire", null, null, null, null)),
        new Case(403, send("POST", "QuestionnaireResponse/$assess", token(Role.COMMISSIONER),
            "application/fhir+json", auditJson(true), null)),
        new Case(404, send("GET", "Questionnaire/cage", gp, null, null, null)),
        new Case(404, send("GET", "Nothing", gp, null, null, null)),
        new Case(400, send("POST", "QuestionnaireResponse/$assess", gp,
            "application/fhir+json", "{\"resourceType\": \"QuestionnaireResponse\", ", null)),
        new Case(400, send("POST", "QuestionnaireResponse/$assess", gp,
            "application/fhir+json", "{\"resourceType\": \"Patient\"}", null)),
        new Case(415, send("POST", "QuestionnaireResponse/$assess", gp, "text/plain",
            auditJson(true), null)),
        new Case(422, send("POST", "QuestionnaireResponse/$assess", gp,
            "application/fhir+json", auditJson(false), null)),
        new Case(403, send("POST", "ServiceRequest/$route", token(Role.PROVIDER),
            "application/fhir+json", routeJson("1990-03-04", "SS14 1AB"), null)),
        new Case(400, send("POST", "ServiceRequest/$route", gp, "application/fhir+json",
            auditJson(true), null)),
        new Case(422, send("POST", "ServiceRequest/$route", gp, "application/fhir+json",
            "{\"resourceType\": \"Parameters\"}", null)),
        new Case(413, send("POST", "QuestionnaireResponse/$assess", gp,
            "application/fhir+json", "{\"resourceType\": \"Parameters\", \"id\": \""
                + "x".repeat(2 * 1024 * 1024) + "\"}", null)));

    for (Case c : cases) {
      assertEquals(c.status(), c.response().statusCode(), c.response().body());
      OperationOutcome outcome = parse(c.response(), OperationOutcome.class);
      assertTrue(outcome.getIssueFirstRep().hasDiagnostics(), c.response().body());
      assertEquals(List.of(), ServerValidator.get().errors(outcome));
    }
    assertEquals("Bearer", cases.get(0).response().headers().firstValue("WWW-Authenticate")
        .orElseThrow());
  }
}
