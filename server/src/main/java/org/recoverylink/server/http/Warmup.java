package org.recoverylink.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.SecurityContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.glassfish.jersey.internal.MapPropertiesDelegate;
import org.glassfish.jersey.server.ApplicationHandler;
import org.glassfish.jersey.server.ContainerRequest;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.auth.TokenWarmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a few rounds of made-up requests through Jersey in this process before the server says
 * it is ready, so that the first real ones find HAPI's model, parsers and encoders, the rules,
 * Jersey's routes and the JIT-compiled code ready (the first {@code $assess} of a cold server
 * took seconds). Nothing is stored: the requests carry a caller of their own in a request
 * property (which no HTTP request can set) instead of a token; {@link Audit} writes no row for
 * them and refuses to make one for a use case's transaction (503), so a use case that would store
 * stops before its transaction begins: the admissible referral is checked, routed and made ready
 * to store, then stopped; the assessments are of responses still {@code in-progress}, which no
 * report counts; and the request metrics skip them. Every request is about a made-up person
 * (NHS test number, no name) from a made-up practice, and nothing of them is logged.
 */
public final class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final String CALLER = Warmup.class.getName() + ".caller";
  /** A made-up practice: its ODS-shaped code names no real one. */
  private static final String PRACTICE = "WARMUP1";
  private static final Caller WARM_UP = new Caller("warm-up", Role.GP, PRACTICE);
  private static final URI BASE = URI.create("http://warm-up.invalid/");

  /**
   * Rounds at least and at most, and the time the rounds after the first may take (the first,
   * on a cold JVM, takes seconds), so that a slow machine still starts.
   */
  static final int MIN_ROUNDS = 5;
  static final int MAX_ROUNDS = 30;
  static final long BUDGET_NANOS = 3_000_000_000L;
  /** Requests over the network to this server, for Jetty's own first-request costs. */
  private static final int OVER_HTTP = 5;

  private record Call(String method, String path, String accept, byte[] body, boolean refused) {
  }

  private Warmup() {
  }

  /** Whether a request is the warm-up's own. */
  static boolean isWarmUp(ContainerRequestContext request) {
    return request.getProperty(CALLER) != null;
  }

  /** The warm-up's caller, for a warm-up request. */
  static Optional<Caller> caller(ContainerRequestContext request) {
    return Optional.ofNullable((Caller) request.getProperty(CALLER));
  }

  /**
   * Verifies throwaway tokens ({@link TokenWarmup}), serves the warm-up requests through
   * {@code application}, then sends a few requests that need no token and touch no data
   * ({@code /health/live}, {@code /fhir/metadata}, a refused POST) to the server at
   * {@code root} over HTTP; returns when they are done. Only those last are seen as requests by
   * the metrics.
   *
   * @param root where the server listens, e.g. {@code http://127.0.0.1:8080/}
   * @throws IllegalStateException if a request that must be refused was not: something may have
   *     been stored, and the server must not start
   */
  public static void run(ApplicationHandler application, URI root, Clock clock) {
    long began = System.nanoTime();
    TokenWarmup.run(clock);
    List<Call> calls = calls();
    TreeMap<Integer, Integer> statuses = new TreeMap<>();
    int rounds = 0;
    long afterFirst = 0;
    while (rounds < MIN_ROUNDS
        || rounds < MAX_ROUNDS && System.nanoTime() - afterFirst < BUDGET_NANOS) {
      for (Call call : calls) {
        int status = serve(application, call);
        statuses.merge(status, 1, Integer::sum);
        if (call.refused() && status < 400) {
          throw new IllegalStateException("warm-up: " + call.method() + " " + call.path()
              + " was answered " + status + ", not refused");
        }
      }
      if (++rounds == 1) {
        afterFirst = System.nanoTime();
      }
    }
    overHttp(root, statuses);
    LOG.info("warmed up in {} ms: {} rounds of {} requests and {} over HTTP, answered {}",
        (System.nanoTime() - began) / 1_000_000, rounds, calls.size(), OVER_HTTP * 3,
        statuses);
  }

  /**
   * Jetty's part: connections, parsing, our handlers, a body read whole. Each request on a
   * connection of its own that the server closes after answering: a connection kept open
   * would hold one of {@code --max-connections} until it fell idle.
   */
  private static void overHttp(URI root, Map<Integer, Integer> statuses) {
    String host = "Host: " + root.getRawAuthority() + "\r\nConnection: close\r\n";
    String body = "{\"resourceType\":\"Parameters\"}";
    List<String> requests = List.of("GET /health/live HTTP/1.1\r\n" + host + "\r\n",
        "GET /fhir/metadata HTTP/1.1\r\n" + host + "Accept: " + FhirIo.FHIR_JSON + "\r\n\r\n",
        // 405: health takes no POST; the body is received whole first, as any body is.
        "POST /health/live HTTP/1.1\r\n" + host + "Content-Type: " + FhirIo.FHIR_JSON
            + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
    String address = root.getHost().replace("[", "").replace("]", "");
    for (int i = 0; i < OVER_HTTP; i++) {
      for (String request : requests) {
        try (Socket socket = new Socket(address, root.getPort())) {
          socket.setSoTimeout(5_000);
          socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
          String answer = new String(socket.getInputStream().readAllBytes(),
              StandardCharsets.US_ASCII); // "HTTP/1.1 200 OK..." up to the server's close
          statuses.merge(Integer.parseInt(answer.substring(9, 12)), 1, Integer::sum);
        } catch (IOException | RuntimeException e) { // it answers its callers regardless
          LOG.warn("warm-up request over HTTP failed: {}", e.getClass().getSimpleName());
          return;
        }
      }
    }
  }

  private static int serve(ApplicationHandler application, Call call) {
    ContainerRequest request = new ContainerRequest(BASE, BASE.resolve(call.path()),
        call.method(), new WarmUpSecurity(), new MapPropertiesDelegate(),
        application.getConfiguration());
    request.setProperty(CALLER, WARM_UP);
    request.header("Accept", call.accept());
    if (call.body() != null) {
      request.header("Content-Type", FhirIo.FHIR_JSON);
      request.setEntityStream(new ByteArrayInputStream(call.body()));
    }
    try {
      return application.apply(request, OutputStream.nullOutputStream()).get().getStatus();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("warm-up interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("warm-up failed", e.getCause());
    }
  }

  /** The requests of one round: the hot paths of assessment, routing and referral intake. */
  private static List<Call> calls() {
    Parameters assess = new Parameters();
    for (Questionnaire form : Questionnaires.all()) {
      assess.addParameter().setName("response").setResource(lowestAnswers(form));
    }
    byte[] assessment = JsonEncoder.encode(assess);
    Patient person = new Patient().setBirthDateElement(new DateType("1980-01-01"));
    person.addAddress().setPostalCode("SS14 1AA");
    Parameters route = new Parameters();
    route.addParameter().setName("patient").setResource(person);
    route.addParameter().setName("substance").setValue(new Coding(CodeSystems.SUBSTANCE,
        "alcohol", null));
    // No person, referrer or consent: refused whole (422).
    ServiceRequest refused = new ServiceRequest()
        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
        .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    List<Call> calls = new ArrayList<>();
    String json = FhirIo.FHIR_JSON;
    calls.add(new Call("POST", "fhir/QuestionnaireResponse/$assess", json, assessment, false));
    calls.add(new Call("POST", "fhir/QuestionnaireResponse/$assess", "application/fhir+xml",
        assessment, false));
    calls.add(new Call("POST", "fhir/ServiceRequest/$route", json, JsonEncoder.encode(route), false));
    calls.add(new Call("POST", "fhir/ServiceRequest", json, JsonEncoder.encode(refused), true));
    calls.add(new Call("POST", "fhir/ServiceRequest", json, JsonEncoder.encode(admissible()), true));
    calls.add(new Call("GET", "fhir/Task?owner=warm-up&status=requested", json, null, false));
    calls.add(new Call("GET", "fhir/Questionnaire/audit", json, null, false));
    calls.add(new Call("GET", "fhir/HealthcareService", json, null, false));
    calls.add(new Call("GET", "fhir/metadata", json, null, false));
    return calls;
  }

  /**
   * A referral the intake admits and routes (alcohol, Basildon), stopped by {@link Audit} before
   * it is stored: a made-up person with an NHS test number and no name, the made-up practice and
   * the person's consent, all contained.
   */
  private static ServiceRequest admissible() {
    ServiceRequest referral = new ServiceRequest()
        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
        .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addReasonCode().addCoding(new Coding(CodeSystems.SUBSTANCE, "alcohol", null));
    Patient person = new Patient();
    person.setId("person");
    person.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue("9434765919");
    person.setBirthDateElement(new DateType("1980-01-01"));
    person.addAddress().setPostalCode("SS14 1AA");
    referral.addContained(person);
    referral.setSubject(new Reference("#person"));
    Organization practice = new Organization();
    practice.setId("practice");
    practice.addIdentifier().setSystem(Systems.ODS).setValue(PRACTICE);
    referral.addContained(practice);
    referral.setRequester(new Reference("#practice"));
    Consent consent = new Consent();
    consent.setId("consent");
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setPatient(new Reference("#person"));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    referral.addContained(consent);
    referral.addSupportingInfo(new Reference("#consent"));
    return referral;
  }

  /**
   * Every item that is asked whatever came before answered with its first option; still
   * {@code in-progress}, so that no report counts it.
   */
  private static QuestionnaireResponse lowestAnswers(Questionnaire form) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.INPROGRESS)
        .setQuestionnaire(form.getUrl());
    for (Questionnaire.QuestionnaireItemComponent item : form.getItem()) {
      if (!item.hasEnableWhen() && item.hasAnswerOption()) {
        response.addItem().setLinkId(item.getLinkId()).addAnswer()
            .setValue(item.getAnswerOptionFirstRep().getValueCoding().copy());
      }
    }
    return response;
  }

  /** Not over TLS, and no one: the caller comes from the request property. */
  private static final class WarmUpSecurity implements SecurityContext {

    @Override
    public Principal getUserPrincipal() {
      return null;
    }

    @Override
    public boolean isUserInRole(String role) {
      return false;
    }

    @Override
    public boolean isSecure() {
      return false;
    }

    @Override
    public String getAuthenticationScheme() {
      return null;
    }
  }
}
