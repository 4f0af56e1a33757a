package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Endpoint;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.delivery.ProviderEndpoint;
import org.recoverylink.server.store.Databases;

/**
 * Deliveries to providers that require authentication (docs/http-api.md "Delivery
 * credentials"), against a real receiving FHIR server over HTTPS: one that takes only bearer
 * tokens from its own token endpoint, which checks the hub's signed assertion
 * ({@code private_key_jwt}), and one that takes only TLS clients with a certificate it trusts.
 * With the right credentials the referral arrives, with the BaRS headers; without them nothing
 * reaches the receiver, and the delivery is retried and then reported failed, with why, on the
 * Task the referrer reads.
 */
class ProviderAuthenticationTest {

  /** The alcohol referral of the fixture goes to this service (routed, no performer named). */
  private static final String SERVICE = "phoenix-futures-alcohol";
  private static final Duration WAIT = Duration.ofSeconds(20);
  /**
   * Short, so that the eight attempts of the odd token answers below (waits doubling from
   * this, 5.1 s at most in all) come well within {@link #WAIT}.
   */
  private static final Duration FIRST_RETRY = Duration.ofMillis(20);

  @TempDir
  Path data;

  private Keytool keytool;
  private Path receiverKeys;
  private Path hubTrust;
  private Path password;

  @BeforeEach
  void certificates() throws Exception {
    keytool = new Keytool(data);
    receiverKeys = keytool.keyPair("receiver");
    hubTrust = keytool.trustStore("hub-trust", receiverKeys); // the hub trusts the receiver
    password = keytool.passwordFile();
  }

  /** The receiver's TLS: its own certificate, and client certificates from these if given. */
  private SslContextFactory.Server tls(Path clientTrust) {
    SslContextFactory.Server tls = new SslContextFactory.Server();
    tls.setKeyStorePath(receiverKeys.toString());
    tls.setKeyStoreType("PKCS12");
    tls.setKeyStorePassword(Keytool.PASSWORD);
    if (clientTrust != null) {
      tls.setNeedClientAuth(true);
      tls.setTrustStorePath(clientTrust.toString());
      tls.setTrustStoreType("PKCS12");
      tls.setTrustStorePassword(Keytool.PASSWORD);
    }
    return tls;
  }

  private static RSAKey rsaKey(String kid) throws Exception {
    return new RSAKeyGenerator(2048).keyID(kid).generate();
  }

  /** A receiver that takes only tokens from its own token endpoint. */
  private ProviderEndpoint tokenReceiver(TokenEndpoint tokens) {
    return new ProviderEndpoint().tls(tls(null)).guard(tokens.guard())
        .servlet(TokenEndpoint.PATH, tokens).start();
  }

  /** The private_key_jwt credentials of the receiver's Endpoint, the key in {@code key}. */
  private Map<String, Object> tokenCredentials(ProviderEndpoint provider, Path key) {
    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("method", "private_key_jwt");
    credential.put("clientId", TokenEndpoint.CLIENT_ID);
    credential.put("tokenUrl", provider.root() + TokenEndpoint.PATH);
    credential.put("scope", TokenEndpoint.SCOPE);
    credential.put("key", key.getFileName().toString()); // beside the credentials file
    credential.put("trustStore", hubTrust.getFileName().toString());
    credential.put("trustStorePasswordFile", password.getFileName().toString());
    return credential;
  }

  private TestHub hub(ProviderEndpoint provider, Map<String, Object> credential,
      Duration maxAge) throws Exception {
    return hub(provider, credential, maxAge, false);
  }

  /**
   * A hub delivering the fixture's referral to {@code provider}, with these credentials for its
   * Endpoint, named by its address or, {@code byId}, as {@code Endpoint/{id}}.
   */
  private TestHub hub(ProviderEndpoint provider, Map<String, Object> credential,
      Duration maxAge, boolean byId) throws Exception {
    Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
        Map.of(SERVICE, provider.address()));
    String name = provider.address();
    if (byId) {
      Bundle bundle = TestHub.FHIR.newJsonParser().parseResource(Bundle.class,
          Files.readString(directory, StandardCharsets.UTF_8));
      name = "Endpoint/" + bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
          .filter(Endpoint.class::isInstance).map(Endpoint.class::cast)
          .filter(e -> e.getAddress().equals(provider.address())).findFirst().orElseThrow()
          .getIdElement().getIdPart();
    }
    Path credentials = Files.writeString(data.resolve("credentials.json"),
        JSONObjectUtils.toJSONString(Map.of(name, credential)), StandardCharsets.UTF_8);
    return TestHub.start(Databases.Kind.H2, ServerOptions.defaults(data.resolve("hub"))
        .toBuilder().directory(directory).deliveryCredentials(credentials)
        .deliveryMaxAge(maxAge).firstRetry(FIRST_RETRY).build());
  }

  private static ServiceRequest refer(TestHub hub, String identifier) throws Exception {
    HttpResponse<String> created = hub.send("POST", "ServiceRequest", Role.GP,
        Referrals.PRACTICE, Referrals.referral(identifier));
    assertEquals(201, created.statusCode(), created.body());
    return TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class, created.body());
  }

  private static Task awaitTask(TestHub hub, ServiceRequest referral, String businessStatus)
      throws Exception {
    Bundle tasks = hub.await("Task?focus=ServiceRequest/" + referral.getIdPart(), Role.GP,
        Referrals.PRACTICE, Bundle.class, b -> b.getEntry().size() == 1
            && businessStatus.equals(((Task) b.getEntryFirstRep().getResource())
                .getBusinessStatus().getCodingFirstRep().getCode()), WAIT);
    return (Task) tasks.getEntryFirstRep().getResource();
  }

  /** The recorded outcome of the last attempt of the one delivery in the outbox. */
  private static String lastError(TestHub hub) throws Exception {
    try (Connection db = hub.connect(); Statement query = db.createStatement();
        ResultSet row = query.executeQuery("SELECT last_error FROM outbox")) {
      assertTrue(row.next());
      String error = row.getString(1);
      assertFalse(row.next(), "one delivery");
      return error;
    }
  }

  private static String decoded(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  @Test
  void aTokenFromTheProvidersTokenEndpointCarriesTheReferralWithTheBarsHeaders()
      throws Exception {
    RSAKey key = rsaKey("hub-key-1");
    Path keyFile = Files.writeString(data.resolve("hub-key.json"), key.toJSONString());
    TokenEndpoint tokens = new TokenEndpoint(key, Duration.ofMinutes(5));
    try (ProviderEndpoint provider = tokenReceiver(tokens);
        TestHub hub = hub(provider, tokenCredentials(provider, keyFile), Duration.ofHours(1))) {
      ServiceRequest first = refer(hub, "R-token-1");
      ServiceRequest second = refer(hub, "R-token-2");

      provider.awaitDelivered(2, WAIT);
      awaitTask(hub, first, "delivered");
      awaitTask(hub, second, "delivered");

      assertEquals(List.of(), tokens.refusals());
      assertEquals(1, tokens.issued(), "the token is kept for the next delivery");
      List<TokenEndpoint.Seen> seen = tokens.seen();
      assertEquals(2, seen.size());
      assertTrue(seen.stream().allMatch(TokenEndpoint.Seen::authenticated), seen.toString());

      Map<String, String> headers = seen.stream()
          .filter(s -> first.getIdPart().equals(s.headers().get("x-correlation-id")))
          .findFirst().orElseThrow().headers();
      assertEquals(Map.of("system", "urn:ietf:rfc:3986", "value", provider.address()),
          JSONObjectUtils.parse(decoded(headers.get("nhsd-target-identifier"))));
      assertEquals(Referrals.PRACTICE, headers.get("nhsd-end-user-organisation-ods"));
      Organization organisation = TestHub.FHIR.newJsonParser().parseResource(
          Organization.class, decoded(headers.get("nhsd-end-user-organisation")));
      assertEquals(Referrals.PRACTICE, Systems.value(organisation.getIdentifier(), Systems.ODS)
          .orElseThrow());
      Device software = TestHub.FHIR.newJsonParser().parseResource(Device.class,
          decoded(headers.get("nhsd-requesting-software")));
      assertEquals("RecoveryLink", software.getDeviceNameFirstRep().getName());
      assertTrue(software.getVersionFirstRep().hasValue());
      assertTrue(headers.containsKey("x-request-id"));
    }
  }

  @Test
  void aKeyTheProviderDoesNotKnowSendsNothingAndTheDeliveryIsRetriedThenFailed()
      throws Exception {
    RSAKey registered = rsaKey("hub-key-1");
    RSAKey other = rsaKey("hub-key-1"); // the same kid, another key: only the signature tells
    Path keyFile = Files.writeString(data.resolve("hub-key.json"), other.toJSONString());
    TokenEndpoint tokens = new TokenEndpoint(registered, Duration.ofMinutes(5));
    try (ProviderEndpoint provider = tokenReceiver(tokens);
        TestHub hub = hub(provider, tokenCredentials(provider, keyFile), Duration.ofSeconds(2))) {
      ServiceRequest referral = refer(hub, "R-wrong-key");

      Task task = awaitTask(hub, referral, "failed");

      String note = task.getNoteFirstRep().getText();
      assertTrue(note.contains("cannot authenticate to the provider")
          && note.contains("invalid_client"), note);
      assertTrue(tokens.refusals().size() >= 2, "retried: " + tokens.refusals());
      assertTrue(tokens.refusals().stream().allMatch(r -> r.contains("not signed")),
          tokens.refusals().toString());
      assertEquals(0, tokens.issued());
      assertEquals(List.of(), tokens.seen(), "nothing reached the receiver");
      assertEquals(0, provider.attempts());
    }
  }

  @Test
  void aMissingKeyIsRetriedAndTheReferralGoesOnceTheKeyIsThere() throws Exception {
    RSAKey key = rsaKey("hub-key-1");
    Path keyFile = data.resolve("hub-key.json"); // not there yet
    TokenEndpoint tokens = new TokenEndpoint(key, Duration.ofMinutes(5));
    try (ProviderEndpoint provider = tokenReceiver(tokens);
        TestHub hub = hub(provider, tokenCredentials(provider, keyFile), Duration.ofHours(1))) {
      ServiceRequest referral = refer(hub, "R-no-key");

      awaitTask(hub, referral, "retrying");
      String error = lastError(hub);
      assertTrue(error.contains("not sent: cannot authenticate to the provider: the signing key"
          + " hub-key.json cannot be read"), error);
      assertEquals(List.of(), tokens.refusals(), "no assertion was sent without a key");
      assertEquals(List.of(), tokens.seen(), "nothing reached the receiver");

      Files.writeString(keyFile, key.toJSONString());

      provider.awaitDelivered(1, WAIT);
      awaitTask(hub, referral, "delivered");
      assertTrue(tokens.seen().stream().allMatch(TokenEndpoint.Seen::authenticated));
    }
  }

  @Test
  void aTokenEndpointAnswerThatIsNoBearerTokenSendsNothing() throws Exception {
    RSAKey key = rsaKey("hub-key-1");
    Path keyFile = Files.writeString(data.resolve("hub-key.json"), key.toJSONString());
    TokenEndpoint tokens = new TokenEndpoint(key, Duration.ofMinutes(5));
    List<String> answers = List.of("{}", "not JSON", "[\"access_token\"]",
        "{\"access_token\":\"abc\",\"token_type\":\"mac\"}",
        "{\"access_token\":\"\",\"token_type\":\"bearer\"}",
        "{\"access_token\":\"abc\",\"token_type\":\"bearer\",\"expires_in\":0}",
        "{\"access_token\":{\"nested\":1},\"token_type\":\"bearer\"}");
    answers.forEach(body -> tokens.answerNext(200, body));
    tokens.answerNext(503, "");
    try (ProviderEndpoint provider = tokenReceiver(tokens);
        TestHub hub = hub(provider, tokenCredentials(provider, keyFile), Duration.ofHours(1))) {
      ServiceRequest referral = refer(hub, "R-odd-answers");

      provider.awaitDelivered(1, WAIT);
      awaitTask(hub, referral, "delivered");
      assertEquals(answers.size() + 2, tokens.requests(), "each odd answer, then a real one");
      assertEquals(1, tokens.issued());
      List<TokenEndpoint.Seen> seen = tokens.seen();
      assertEquals(1, seen.size(), "nothing was sent with what was no token: " + seen);
      assertTrue(seen.get(0).authenticated());
    }
  }

  @Test
  void aTokenTheReceiverNoLongerTakesIsReplacedByANewOne() throws Exception {
    RSAKey key = rsaKey("hub-key-1");
    Path keyFile = Files.writeString(data.resolve("hub-key.json"), key.toJSONString());
    TokenEndpoint tokens = new TokenEndpoint(key, Duration.ofMinutes(5));
    try (ProviderEndpoint provider = tokenReceiver(tokens);
        TestHub hub = hub(provider, tokenCredentials(provider, keyFile), Duration.ofHours(1))) {
      awaitTask(hub, refer(hub, "R-before"), "delivered");
      tokens.revokeAll();

      ServiceRequest after = refer(hub, "R-after");

      awaitTask(hub, after, "delivered");
      assertEquals(2, tokens.issued(), "a new token after the 401");
      List<TokenEndpoint.Seen> seen = tokens.seen();
      assertEquals(List.of(true, false, true), seen.stream()
          .map(TokenEndpoint.Seen::authenticated).toList());
      assertTrue(seen.stream().allMatch(s -> s.headers().getOrDefault("authorization", "")
          .startsWith("Bearer ")), "every request carried a token");
    }
  }

  /** mTLS credentials: this key store, the receiver trusted by the hub's trust store. */
  private Map<String, Object> certificateCredentials(Path keyStore) {
    Map<String, Object> credential = new LinkedHashMap<>();
    credential.put("method", "mtls");
    credential.put("keyStore", keyStore.getFileName().toString());
    credential.put("keyStorePasswordFile", password.getFileName().toString());
    credential.put("trustStore", hubTrust.getFileName().toString());
    credential.put("trustStorePasswordFile", password.getFileName().toString());
    return credential;
  }

  /** Named as Endpoint/{id} this time: the directory's id of the provider's Endpoint. */
  @Test
  void aReceiverThatNeedsAClientCertificateGetsTheReferralWithIt() throws Exception {
    Path hubKeys = keytool.keyPair("hub-client");
    Path clients = keytool.trustStore("receiver-clients", hubKeys);
    try (ProviderEndpoint provider = new ProviderEndpoint().tls(tls(clients)).start();
        TestHub hub = hub(provider, certificateCredentials(hubKeys), Duration.ofHours(1),
            true)) {
      ServiceRequest referral = refer(hub, "R-mtls");

      provider.awaitDelivered(1, WAIT);
      awaitTask(hub, referral, "delivered");
      assertEquals(1, provider.attempts());
    }
  }

  @Test
  void aCertificateTheReceiverDoesNotTrustIsRefusedAndTheDeliveryIsRetriedThenFailed()
      throws Exception {
    Path hubKeys = keytool.keyPair("hub-client");
    Path stranger = keytool.keyPair("stranger");
    Path clients = keytool.trustStore("receiver-clients", hubKeys);
    try (ProviderEndpoint provider = new ProviderEndpoint().tls(tls(clients)).start();
        TestHub hub = hub(provider, certificateCredentials(stranger), Duration.ofSeconds(2))) {
      ServiceRequest referral = refer(hub, "R-stranger");

      awaitTask(hub, referral, "retrying");
      assertTrue(lastError(hub).startsWith("cannot connect"), lastError(hub));
      Task failed = awaitTask(hub, referral, "failed");
      assertTrue(failed.getNoteFirstRep().getText().contains("attempts"),
          failed.getNoteFirstRep().getText());
      assertEquals(0, provider.attempts(), "nothing reached the receiver");
    }
  }

  @Test
  void everyProblemWithTheCredentialsFileIsNamedAndTheServerDoesNotStart() throws Exception {
    Path directory = TestHub.directoryWithEndpoints(data.resolve("directory.json"),
        Map.of(SERVICE, "https://provider.test/fhir", "erf-basildon", "http://plain.test/fhir"));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("https://nowhere.test/fhir", Map.of("method", "mtls"));
    file.put("https://provider.test/fhir", Map.of("method", "private_key_jwt",
        "tokenUrl", "http://provider.test/token", "colour", "blue"));
    file.put("http://plain.test/fhir", Map.of("method", "carrier-pigeon"));
    Path credentials = Files.writeString(data.resolve("credentials.json"),
        JSONObjectUtils.toJSONString(file), StandardCharsets.UTF_8);

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> TestHub.start(ServerOptions.defaults(data.resolve("hub")).toBuilder()
            .directory(directory).deliveryCredentials(credentials).build()).close());

    String message = refused.getMessage();
    for (String problem : List.of(
        "https://nowhere.test/fhir is no Endpoint of the directory",
        "https://provider.test/fhir: unknown colour",
        "https://provider.test/fhir: tokenUrl must be an https URL",
        "https://provider.test/fhir: clientId is required",
        "https://provider.test/fhir: scope is required",
        "https://provider.test/fhir: key is required",
        "http://plain.test/fhir: method must be private_key_jwt or mtls",
        "http://plain.test/fhir: credentials are only ever sent over https")) {
      assertTrue(message.contains(problem), "missing \"" + problem + "\" in: " + message);
    }
  }
}
