package org.recoverylink.fhir.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API.md's token rules: every kind of bad token is a 401, and nothing is served without one. */
class SecurityTest {

  @TempDir
  static Path data;
  @TempDir
  static Path elsewhere;
  private static RecoveryLinkServer server;
  private static DevelopmentIssuer issuer;

  @BeforeAll
  static void start() throws Exception {
    server = RecoveryLinkServer.start(ServerOptions.defaults(data).withPort(0));
    issuer = DevelopmentIssuer.in(data);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static int status(String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create(server.base() + "/Questionnaire/audit"));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 401) {
      assertTrue(response.body().contains("OperationOutcome"), response.body());
      assertTrue(token == null || !response.body().contains(token), "the token is not echoed");
    }
    return response.statusCode();
  }

  private static JWTClaimsSet.Builder claims(String iss) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(iss).subject("tester")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
        .claim("role", "gp").claim("org", "A81001");
  }

  private static ECKey trustedKey() throws Exception {
    return JWKSet.parse(Files.readString(data.resolve(DevelopmentIssuer.FILE))).getKeys().get(0)
        .toECKey();
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
    assertEquals(200, status(issuer.token(Role.PROVIDER, "RWK", Duration.ofMinutes(1))));
    assertEquals(200, status(signed(claims(issuer.issuer()).build())));
  }

  @Test
  void everyBadTokenIsRefused() throws Exception {
    String good = issuer.token(Role.GP, "A81001", Duration.ofMinutes(1));
    String[] parts = good.split("\\.");
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("no token", null);
    bad.put("not a JWT", "hello");
    bad.put("expired", issuer.token(Role.GP, "A81001", Duration.ofMinutes(-5)));
    bad.put("wrong signature", parts[0] + "." + parts[1] + "."
        + new StringBuilder(parts[2]).reverse());
    bad.put("alg none", new PlainJWT(claims(issuer.issuer()).build()).serialize());
    SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256),
        claims(issuer.issuer()).build());
    hmac.sign(new MACSigner("a-shared-secret-of-at-least-32-bytes!!".getBytes()));
    bad.put("HMAC", hmac.serialize());
    bad.put("unknown issuer", signed(claims("https://issuer.example.org").build()));
    bad.put("another issuer's key", DevelopmentIssuer.in(elsewhere)
        .token(Role.GP, "A81001", Duration.ofMinutes(1)));
    bad.put("no org claim", signed(claims(issuer.issuer()).claim("org", null).build()));
    bad.put("unknown role", signed(claims(issuer.issuer()).claim("role", "admin").build()));

    for (Map.Entry<String, String> token : bad.entrySet()) {
      assertEquals(401, status(token.getValue()), token.getKey());
    }
  }

  @Test
  void aRememberedTokenVouchesForNothingElseAndNotBeyondItsExpiry() throws Exception {
    String token = issuer.token(Role.GP, "A81001", Duration.ofSeconds(2));
    String[] parts = token.split("\\.");
    String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

    assertEquals(200, status(token));
    assertEquals(200, status(token), "served again from memory");
    assertEquals(401, status(tampered), "the same claims with another signature");
    Thread.sleep(3_000);
    assertEquals(401, status(token), "expired while remembered");
  }
}
