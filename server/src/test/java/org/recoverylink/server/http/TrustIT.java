package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;

/**
 * Trusted issuers and scopes (docs/http-api.md "Authentication and roles", "Scopes"), against
 * the server jar over HTTP: one issuer's keys at a JWK set URL served here on 127.0.0.1, another
 * issuer's in a file. A key the issuer publishes later is taken once the set is fetched again,
 * and one it has removed is refused; tokens whose scopes allow an endpoint get through and
 * those whose scopes do not are refused with a 403 OperationOutcome, whatever their role.
 */
class TrustIT {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String URL_ISSUER = "https://login.provider.test";
  private static final String FILE_ISSUER = "urn:recoverylink:test:file-issuer";
  /** The organisation of the service the fixture's referral is routed to. */
  private static final String PHOENIX = "phoenix-futures";

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(TrustIT.class);

  @TempDir
  Path folder;

  private HttpServer keyServer;
  private final AtomicReference<JWKSet> published = new AtomicReference<>();
  private final AtomicInteger fetches = new AtomicInteger();
  private ECKey first;
  private RSAKey fileKey;
  private Path fileKeys;

  @BeforeEach
  void issuers() throws Exception {
    first = ecKey("first");
    published.set(new JWKSet(first.toPublicJWK()));
    keyServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    keyServer.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    keyServer.start();
    fileKey = new RSAKeyGenerator(2048).keyID("file-key").generate();
    fileKeys = Files.writeString(folder.resolve("file-issuer.jwks.json"),
        new JWKSet(fileKey.toPublicJWK()).toString(true));
  }

  @AfterEach
  void stopKeyServer() {
    keyServer.stop(0);
  }

  private static ECKey ecKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  private String keysUrl() {
    return "http://127.0.0.1:" + keyServer.getAddress().getPort() + "/jwks";
  }

  private HubProcesses.Hub hub() throws Exception {
    return hubs.start("hub", Map.of(), List.of("--data", folder.resolve("data").toString(),
        "--trust", URL_ISSUER + "=" + keysUrl(), "--trust", FILE_ISSUER + "=" + fileKeys));
  }

  /** A token of {@code issuer} signed by {@code key}, with a role and scope when not null. */
  private static String token(String issuer, JWK key, String role, String scope)
      throws Exception {
    return token(issuer, key, role, scope, Referrals.PRACTICE);
  }

  /** The same, for the organisation {@code org}. */
  private static String token(String issuer, JWK key, String role, String scope, String org)
      throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
        .subject("system-" + UUID.randomUUID()).issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
        .jwtID(UUID.randomUUID().toString()).claim("org", org);
    if (role != null) {
      claims.claim("role", role);
    }
    if (scope != null) {
      claims.claim("scope", scope);
    }
    JWSAlgorithm algorithm = key instanceof ECKey ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256;
    JWSSigner signer = key instanceof ECKey ec ? new ECDSASigner(ec)
        : new RSASSASigner((RSAKey) key);
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
        .build(), claims.build());
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static HttpResponse<String> send(HubProcesses.Hub hub, String method, String path,
      String token, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base() + "/" + path))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/fhir+json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String diagnostics(HttpResponse<String> response) {
    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
        response.body());
    return outcome.getIssueFirstRep().getCode().toCode() + ": "
        + outcome.getIssueFirstRep().getDiagnostics();
  }

  @Test
  void keysComeFromTheIssuersUrlAndARotationIsFollowed() throws Exception {
    HubProcesses.Hub hub = hub();

    assertEquals(200, send(hub, "GET", "Questionnaire", token(URL_ISSUER, first, "gp", null),
        null).statusCode());
    assertTrue(fetches.get() >= 1);

    // The issuer rotates: the first key is withdrawn and a second one published.
    ECKey second = ecKey("second");
    published.set(new JWKSet(second.toPublicJWK()));
    int status = 0;
    for (Instant end = Instant.now().plusSeconds(30); status != 200
        && Instant.now().isBefore(end); Thread.sleep(250)) {
      // a fresh token each time: none is remembered from an earlier refusal
      status = send(hub, "GET", "Questionnaire", token(URL_ISSUER, second, "gp", null), null)
          .statusCode();
    }
    assertEquals(200, status, "the new key is taken once the set is fetched again");

    HttpResponse<String> withdrawn = send(hub, "GET", "Questionnaire",
        token(URL_ISSUER, first, "gp", null), null);
    assertEquals(401, withdrawn.statusCode(), withdrawn.body());
    assertTrue(diagnostics(withdrawn).startsWith("login: the bearer token is refused"),
        withdrawn.body());

    assertEquals(200, send(hub, "GET", "Questionnaire", token(FILE_ISSUER, fileKey, "gp", null),
        null).statusCode(), "the other issuer, its keys in a file");
    HttpResponse<String> stranger = send(hub, "GET", "Questionnaire",
        token("https://elsewhere.test", first, "gp", null), null);
    assertEquals(401, stranger.statusCode());
    assertEquals("login: the token's issuer (iss) is not one this server trusts",
        diagnostics(stranger));
    HttpResponse<String> crossed = send(hub, "GET", "Questionnaire",
        token(FILE_ISSUER, second, "gp", null), null);
    assertEquals(401, crossed.statusCode(), "one issuer's key does not vouch for another");
  }

  @Test
  void scopesAllowTheEndpointsTheyNameAndNothingElse() throws Exception {
    HubProcesses.Hub hub = hub();
    String referral = FHIR.newJsonParser().encodeResourceToString(
        Referrals.referral("R-scoped"));

    // A system with scopes and no role: what its scopes allow, and only that.
    String referrer = token(URL_ISSUER, first, null,
        "system/Questionnaire.read system/ServiceRequest.c launch");
    assertEquals(200, send(hub, "GET", "Questionnaire", referrer, null).statusCode());
    HttpResponse<String> created = send(hub, "POST", "ServiceRequest", referrer, referral);
    assertEquals(201, created.statusCode(), created.body());
    String id = FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body())
        .getIdPart();
    HttpResponse<String> tasks = send(hub, "GET", "Task?focus=ServiceRequest/" + id, referrer,
        null);
    assertEquals(403, tasks.statusCode());
    assertEquals("forbidden: the token's scopes do not allow this; it needs system/Task.read"
        + " or system/Task.s (search)", diagnostics(tasks));

    String reader = token(URL_ISSUER, first, null, "system/Task.rs");
    Bundle found = FHIR.newJsonParser().parseResource(Bundle.class,
        send(hub, "GET", "Task?focus=ServiceRequest/" + id, reader, null).body());
    assertEquals(1, found.getEntry().size(), "its organisation's Task, by a Task scope");
    assertEquals(403, send(hub, "GET", "ServiceRequest/" + id, reader, null).statusCode());

    // On a Task, a system with scopes alone is the receiver when its organisation owns it.
    Task task = (Task) found.getEntryFirstRep().getResource();
    task.setStatus(Task.TaskStatus.ACCEPTED);
    String change = FHIR.newJsonParser().encodeResourceToString(task);
    HttpResponse<String> byReferrer = send(hub, "PUT", "Task/" + task.getIdPart(),
        token(URL_ISSUER, first, null, "system/Task.u"), change);
    assertEquals(422, byReferrer.statusCode(), "only the receiver accepts: " + byReferrer.body());
    HttpResponse<String> byReceiver = send(hub, "PUT", "Task/" + task.getIdPart(),
        token(URL_ISSUER, first, null, "system/Task.u", PHOENIX), change);
    assertEquals(200, byReceiver.statusCode(), byReceiver.body());
    assertEquals(Task.TaskStatus.ACCEPTED, FHIR.newJsonParser().parseResource(Task.class,
        byReceiver.body()).getStatus());

    // A role and scopes: both must allow it.
    String narrowGp = token(URL_ISSUER, first, "gp", "system/Questionnaire.read");
    assertEquals(200, send(hub, "GET", "Questionnaire", narrowGp, null).statusCode());
    HttpResponse<String> narrowed = send(hub, "POST", "ServiceRequest", narrowGp, referral);
    assertEquals(403, narrowed.statusCode(), "the role may, the scopes may not");
    assertEquals("forbidden: the token's scopes do not allow this; it needs"
        + " system/ServiceRequest.write or system/ServiceRequest.c (create)",
        diagnostics(narrowed));
    HttpResponse<String> commissioner = send(hub, "POST", "ServiceRequest",
        token(URL_ISSUER, first, "commissioner", "system/*.*"), referral);
    assertEquals(403, commissioner.statusCode(), "the scopes may, the role may not");
    assertTrue(diagnostics(commissioner).startsWith("forbidden: role commissioner may not"),
        commissioner.body());

    // With a role, scopes of other kinds narrow nothing.
    assertEquals(200, send(hub, "GET", "Questionnaire",
        token(URL_ISSUER, first, "gp", "openid profile"), null).statusCode());

    // Scopes that grant nothing here, and no role: not a caller at all.
    HttpResponse<String> patientScopes = send(hub, "GET", "Questionnaire",
        token(URL_ISSUER, first, null, "patient/*.read launch/patient"), null);
    assertEquals(401, patientScopes.statusCode());
    assertTrue(diagnostics(patientScopes).contains("names no system scope"),
        patientScopes.body());
    HttpResponse<String> neither = send(hub, "GET", "Questionnaire",
        token(URL_ISSUER, first, null, null), null);
    assertEquals(401, neither.statusCode());
    assertTrue(diagnostics(neither).contains("needs a role claim"), neither.body());
  }

  @Test
  void aKeyUrlOverPlainHttpBeyondLoopbackIsRefusedAtStart() throws Exception {
    HubProcesses.Hub hub = hubs.launch("refused", Map.of(), List.of("--data",
        folder.resolve("data").toString(), "--trust", URL_ISSUER + "=http://login.test/jwks"));

    AssertionError stopped = assertThrows(AssertionError.class, hub::awaitReady);

    assertTrue(stopped.getMessage().contains("(exit 2)"), stopped.getMessage());
    assertTrue(stopped.getMessage().contains("--trust " + URL_ISSUER + ": key set URL"
        + " http://login.test/jwks must be https (plain http only on loopback)"),
        stopped.getMessage());
  }
}
