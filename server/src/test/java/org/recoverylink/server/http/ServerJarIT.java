package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.ServerValidator;

/**
 * The real server jar as its own process on a free port with a temporary data directory, driven
 * with HAPI's generic client and raw HTTP, then stopped with SIGTERM.
 */
class ServerJarIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String JAR = System.getProperty("recoverylink.server.jar");

  @TempDir
  static Path data;
  private static Process server;
  private static final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private static String base;
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    server = new ProcessBuilder("java", "-jar", JAR, "--port", String.valueOf(port), "--data",
        data.toString()).redirectErrorStream(true).start();
    BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
        StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String line;
    while ((line = lines.readLine()) != null) {
      output.add(line);
      if (line.contains("ready at")) {
        break;
      }
      assertTrue(System.nanoTime() < deadline, "no readiness line within 60 s: " + output);
    }
    assertTrue(line != null, "the server stopped before it was ready: " + output);
    Thread drain = new Thread(() -> {
      try {
        lines.lines().forEach(output::add);
      } catch (java.io.UncheckedIOException closed) {
        // the process has gone
      }
    });
    drain.setDaemon(true);
    drain.start();
    base = "http://127.0.0.1:" + port + "/fhir";
    Process tokenCommand = new ProcessBuilder("java", "-jar", JAR, "token", "--role", "gp",
        "--org", "A81001", "--data", data.toString(), "--base-url", base).start();
    token = new String(tokenCommand.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .strip();
    assertEquals(0, tokenCommand.waitFor());
  }

  /** A known patient, sent in requests; neither the number nor the name may reach a log. */
  private static final String NHS_NUMBER = "9434765919";
  private static final String NAME = "Ermintrude Quackenbush";

  @AfterAll
  static void stop() throws Exception {
    server.destroy(); // SIGTERM
    assertTrue(server.waitFor(20, TimeUnit.SECONDS), "the server did not stop on SIGTERM");
    String log = String.join("\n", output);
    assertTrue(log.contains("ready at"), log);
    assertFalse(log.contains("Exception"), log);
    assertFalse(log.contains(NHS_NUMBER), "an NHS number reached the log");
    assertFalse(log.contains(NAME), "a patient's name reached the log");
  }

  @Test
  void patientDataNeverReachesTheLog() throws Exception {
    QuestionnaireResponse response = highest(Questionnaires.find("audit-c").orElseThrow());
    response.getSubject().setDisplay(NAME).getIdentifier()
        .setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue(NHS_NUMBER);
    QuestionnaireResponse incomplete = response.copy();
    incomplete.getItem().remove(2);
    String broken = FHIR.newJsonParser().encodeResourceToString(response)
        .replace("\"status\"", "\"status\": [" + NAME);
    int[] statuses = new int[3];
    int i = 0;
    for (String body : List.of(FHIR.newJsonParser().encodeResourceToString(response),
        FHIR.newJsonParser().encodeResourceToString(incomplete), broken)) {
      statuses[i++] = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create(base + "/QuestionnaireResponse/$assess"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/fhir+json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode();
    }
    // A success, a business refusal and a malformed body: every path that might log.
    assertEquals(List.of(200, 422, 400), java.util.Arrays.stream(statuses).boxed().toList());
  }

  /**
   * Hostile requests that used to end in a 500 whose stack trace quoted the URL: each is now a
   * 4xx, and the log (checked at {@link #stop}) holds neither an exception nor the NHS number.
   */
  @Test
  void hostileRequestsAreRefusedWithoutLoggingThem() throws Exception {
    String referral = FHIR.newJsonParser().encodeResourceToString(
        org.recoverylink.fhir.referral.Referrals.referral(NHS_NUMBER + "x".repeat(300)));
    List<Integer> statuses = new ArrayList<>();
    statuses.add(send("GET", "/Procedure/" + NHS_NUMBER + "a".repeat(190), null));
    statuses.add(send("POST", "/ServiceRequest", referral));
    statuses.add(send("POST", "/QuestionnaireResponse/$assess", "{\"\":\"" + NHS_NUMBER
        + "\",\"resourceType\":\"QuestionnaireResponse\"}"));
    assertEquals(List.of(404, 422, 400), statuses);
  }

  private static int send(String method, String path, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static IGenericClient client(EncodingEnum encoding) {
    IGenericClient client = FHIR.newRestfulGenericClient(base);
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    client.setEncoding(encoding);
    return client;
  }

  @Test
  void metadataAndEveryQuestionnaire() throws Exception {
    HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(base + "/metadata")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, raw.statusCode());
    CapabilityStatement capability = client(EncodingEnum.JSON).capabilities()
        .ofType(CapabilityStatement.class).execute();
    assertEquals("4.0.1", capability.getFhirVersion().toCode());
    for (Questionnaire ours : Questionnaires.all()) {
      Questionnaire served = client(EncodingEnum.XML).read().resource(Questionnaire.class)
          .withId(ours.getIdPart()).execute();
      assertEquals(ours.getUrl(), served.getUrl());
      assertEquals(ours.getItem().size(), served.getItem().size());
    }
  }

  @Test
  void assessEveryInstrumentInJsonAndXml() {
    for (EncodingEnum encoding : List.of(EncodingEnum.JSON, EncodingEnum.XML)) {
      for (Questionnaire questionnaire : Questionnaires.all()) {
        QuestionnaireResponse response = highest(questionnaire);
        Parameters in = new Parameters();
        in.addParameter().setName("response").setResource(response);

        Bundle result = client(encoding).operation().onType(QuestionnaireResponse.class)
            .named("$assess").withParameters(in).returnResourceType(Bundle.class).execute();

        assertEquals(List.of(), ServerValidator.get().errors(result));
        int expected = response.getItem().stream().mapToInt(item -> points(questionnaire,
            item.getLinkId(), item.getAnswerFirstRep().getValueCoding().getCode())).sum();
        assertTrue(result.getEntry().stream().map(e -> e.getResource())
            .filter(Observation.class::isInstance).map(Observation.class::cast)
            .anyMatch(o -> o.getValueIntegerType().getValue() == expected),
            questionnaire.getIdPart() + " " + encoding);
      }
    }
  }

  @Test
  void assessThenRouteThenRecordTheIntervention() throws Exception {
    Parameters assess = new Parameters();
    assess.addParameter().setName("response")
        .setResource(highest(Questionnaires.find("audit").orElseThrow()));
    Bundle assessment = client(EncodingEnum.JSON).operation()
        .onType(QuestionnaireResponse.class).named("$assess").withParameters(assess)
        .returnResourceType(Bundle.class).execute();

    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType("1979-06-01"));
    patient.addAddress().setPostalCode("CO15 1AA");
    Parameters route = new Parameters();
    route.addParameter().setName("patient").setResource(patient);
    route.addParameter().setName("assessment").setResource(assessment);
    route.addParameter().setName("referral-source").setValue(new CodeType("gp"));
    Parameters routed = client(EncodingEnum.XML).operation().onType(ServiceRequest.class)
        .named("$route").withParameters(route).execute();

    assertEquals(List.of(), ServerValidator.get().errors(routed));
    assertEquals(1, routed.getParameter().stream().filter(p -> p.getName().equals("service"))
        .filter(p -> p.getPart().stream().anyMatch(part -> part.getName().equals("role")
            && part.getValue().primitiveValue().equals("primary"))).count());
    assertEquals("Tendring", routed.getParameter("district").getValue().primitiveValue());

    Procedure intervention = InterventionProcedures.builder(Intervention.EXTENDED)
        .patient(NHS_NUMBER).performer("A81001").performed(Instant.now()).build();
    MethodOutcome created = client(EncodingEnum.JSON).create().resource(intervention)
        .execute();
    assertEquals(Boolean.TRUE, created.getCreated());
    Procedure stored = client(EncodingEnum.XML).read().resource(Procedure.class)
        .withId(created.getId().getIdPart()).execute();
    assertEquals(List.of(), ServerValidator.get().errors(stored));
    assertEquals(NHS_NUMBER, stored.getSubject().getIdentifier().getValue());
  }

  private static int points(Questionnaire questionnaire, String linkId, String code) {
    return questionnaire.getItem().stream().filter(i -> i.getLinkId().equals(linkId))
        .flatMap(i -> i.getAnswerOption().stream())
        .filter(o -> o.getValueCoding().getCode().equals(code))
        .mapToInt(o -> ((DecimalType) o.getExtensionByUrl(Questionnaires.ORDINAL_VALUE)
            .getValue()).getValue().intValue()).findFirst().orElseThrow();
  }

  @Test
  void theDevelopmentKeyIsAnnouncedAndServedOnLoopbackOnly() throws Exception {
    assertTrue(output.stream().anyMatch(line -> line.contains("WARN")
        && line.contains("No --jwks: trusting the development key")
        && line.contains("never for production")), String.join("\n", output));

    List<String> beyondLoopback = new ArrayList<>(List.of("0.0.0.0", "::"));
    lanAddress().ifPresent(beyondLoopback::add);
    for (String address : beyondLoopback) {
      Path unopened = data.resolveSibling(data.getFileName() + "-refused");
      Process refused = new ProcessBuilder("java", "-jar", JAR, "--bind", address, "--port", "0",
          "--data", unopened.toString()).redirectErrorStream(true).start();
      String said = new String(refused.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(refused.waitFor(60, TimeUnit.SECONDS), said);
      assertEquals(2, refused.exitValue(), said);
      assertTrue(said.contains("refusing --bind " + address + " without --jwks"), said);
      assertFalse(said.contains("ready at"), said);
      assertFalse(java.nio.file.Files.exists(unopened), "nothing made before the refusal");
    }
  }

  /** An address of this machine's on a network, if it has one. */
  private static java.util.Optional<String> lanAddress() throws java.net.SocketException {
    return java.net.NetworkInterface.networkInterfaces()
        .flatMap(java.net.NetworkInterface::inetAddresses)
        .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()
            && !a.isAnyLocalAddress())
        .map(java.net.InetAddress::getHostAddress).findFirst();
  }

  /** Each item answered with its highest-scoring option (FAST's stage two is then skipped). */
  private static QuestionnaireResponse highest(Questionnaire questionnaire) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(questionnaire.getUrl());
    for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
      if (item.hasEnableWhen()) {
        continue; // FAST: question 1 at its highest decides on its own
      }
      Coding best = null;
      double points = -1;
      for (Questionnaire.QuestionnaireItemAnswerOptionComponent option : item.getAnswerOption()) {
        double p = ((DecimalType) option.getExtensionByUrl(Questionnaires.ORDINAL_VALUE)
            .getValue()).getValue().doubleValue();
        if (p > points) {
          points = p;
          best = option.getValueCoding();
        }
      }
      response.addItem().setLinkId(item.getLinkId()).addAnswer().setValue(best.copy());
    }
    return response;
  }

}
