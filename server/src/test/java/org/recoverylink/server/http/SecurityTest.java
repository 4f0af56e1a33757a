package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.auth.TokenVerifier;

/**
 * The token rules of docs/http-api.md: every kind of bad token is a 401, and nothing is served
 * without one.
 */
class SecurityTest {

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();
  @TempDir
  static Path elsewhere;
  /** The server's issuer, which most tokens here are signed by. */
  private static DevelopmentIssuer issuer;

  @BeforeAll
  static void issuer() {
    issuer = SERVER.issuer();
  }

  private static int status(String token) throws Exception {
    return send("Questionnaire/audit", token).statusCode();
  }

  /** A read of patient data: the caller's worklist of referral Tasks. */
  private static HttpResponse<String> readTasks(String token) throws Exception {
    return send("Task", token);
  }

  private static HttpResponse<String> send(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.base() + "/" + path));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401) {
      assertTrue(response.body().contains("OperationOutcome"), response.body());
      assertTrue(token == null || !response.body().contains(token), "the token is not echoed");
    }
    return response;
  }

  private static String ours() {
    return SERVER.base().toString();
  }

  private static JWTClaimsSet.Builder claims(String iss) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(iss).subject("tester")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("role", "gp").claim("org", "A81001");
  }

  private static ECKey trustedKey() throws Exception {
    return JWKSet.parse(Files.readString(SERVER.data().resolve(DevelopmentIssuer.FILE)))
        .getKeys().get(0).toECKey();
  }

  private static String signed(JWTClaimsSet claims) throws Exception {
    ECKey key = trustedKey();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(key.getKeyID()).build(), claims);
    jwt.sign(new ECDSASigner(key));
    return jwt.serialize();
  }

  @Test
  void aGoodTokenIsServed() throws Exception {
    assertEquals(200, status(issuer.token(Role.PROVIDER, "RWK", Duration.ofMinutes(1),
        ours())));
    assertEquals(200, status(signed(claims(issuer.issuer()).build())));
  }

  @Test
  void everyBadTokenIsRefused() throws Exception {
    String good = issuer.token(Role.GP, "A81001", Duration.ofMinutes(1), ours());
    String[] parts = good.split("\\.");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no token", null);
    bad.put("not a JWT", "hello");
    bad.put("expired", issuer.token(Role.GP, "A81001", Duration.ofMinutes(-5), ours()));
    bad.put("wrong signature", parts[0] + "." + parts[1] + "."
        + new StringBuilder(parts[2]).reverse());
    bad.put("alg none", new PlainJWT(claims(issuer.issuer()).build()).serialize());
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
        claims(issuer.issuer()).build());
    hmac.sign(new MACSigner("a-shared-secret-of-at-least-32-bytes!!".getBytes()));
    bad.put("HMAC", hmac.serialize());
    bad.put("unknown issuer", signed(claims("https://issuer.example.org").build()));
    bad.put("another issuer's key", DevelopmentIssuer.in(elsewhere)
        .token(Role.GP, "A81001", Duration.ofMinutes(1), ours()));
    bad.put("for another audience", signed(claims(issuer.issuer())
        .audience("https://another-service.example/fhir").build()));
    bad.put("no org claim", signed(claims(issuer.issuer()).claim("org", null).build()));
    bad.put("unknown role", signed(claims(issuer.issuer()).claim("role", "admin").build()));

    for (Map.Entry<String, String> token : bad.entrySet()) {
      assertEquals(401, status(token.getValue()), token.getKey());
    }
  }

  @Test
  void aTokenForAnotherServiceReadsNoPatientData() throws Exception {
    HttpResponse<String> elsewhere = readTasks(signed(claims(issuer.issuer())
        .audience("https://another-service.example/fhir").build()));
    assertEquals(401, elsewhere.statusCode());
    assertTrue(elsewhere.body().contains("issued for another audience"), elsewhere.body());
    String otherPort = "http://127.0.0.1:" + (SERVER.base().getPort() + 1) + "/fhir";
    assertEquals(401, readTasks(signed(claims(issuer.issuer()).audience(otherPort).build()))
        .statusCode(), "the same host, another port");
    JWTClaimsSet fine = claims(issuer.issuer()).build();
    for (String aud : List.of("[]", "8080")) { // nimbus's builder would leave either out
      JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256)
          .keyID(trustedKey().getKeyID()).build(), new Payload(fine.toString()
              .replaceFirst("\\{", "{\"aud\":" + aud + ",")));
      jws.sign(new ECDSASigner(trustedKey()));
      assertEquals(401, readTasks(jws.serialize()).statusCode(), "aud " + aud + " names no one");
    }

    assertEquals(200, readTasks(issuer.token(Role.GP, "A81001", Duration.ofMinutes(1),
        ours())).statusCode(), "the token sub-command's tokens name us");
    assertEquals(200, readTasks(signed(claims(issuer.issuer()).audience(List.of(
        "https://another-service.example/fhir", ours().toUpperCase(Locale.ROOT)
            .replace("/FHIR", "/fhir/"))).build())).statusCode(),
        "ours among others: scheme and host in any case, a trailing slash");
    assertEquals(200, readTasks(signed(claims(issuer.issuer()).build())).statusCode(),
        "without aud: RFC 7519 makes the claim optional");
  }

  @Test
  void callerNamesOfAnUnknownShapeAre401() throws Exception {
    Map<String, JWTClaimsSet> odd = new LinkedHashMap<>();
    odd.put("a sub of 300 characters", claims(issuer.issuer()).subject("s".repeat(300)).build());
    odd.put("a sub with a line break", claims(issuer.issuer()).subject("a\nb").build());
    odd.put("an org of 300 characters", claims(issuer.issuer()).claim("org", "A".repeat(300))
        .build());
    odd.put("an org with a space", claims(issuer.issuer()).claim("org", "A81 001").build());
    odd.put("an org that is a number", claims(issuer.issuer()).claim("org", 81001).build());

    for (Map.Entry<String, JWTClaimsSet> claims : odd.entrySet()) {
      HttpResponse<String> response = readTasks(signed(claims.getValue()));
      assertEquals(401, response.statusCode(), claims.getKey());
      assertTrue(response.body().contains("claim must"), response.body());
    }
    assertEquals(200, readTasks(signed(claims(issuer.issuer()).subject("s".repeat(
        TokenVerifier.MAX_SUBJECT)).claim("org", "essex-cc.1").build())).statusCode(),
        "the longest sub, an Organization id");
  }

  @Test
  void aRememberedTokenVouchesForNothingElseAndNotBeyondItsExpiry() throws Exception {
    String token = issuer.token(Role.GP, "A81001", Duration.ofSeconds(2), ours());
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    assertEquals(200, status(token));
    assertEquals(200, status(token), "served again from memory");
    assertEquals(401, status(tampered), "the same claims with another signature");
    Thread.sleep(3_000);
    assertEquals(401, status(token), "expired while remembered");
  }
}
