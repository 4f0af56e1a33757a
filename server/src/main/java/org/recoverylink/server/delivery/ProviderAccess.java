package org.recoverylink.server.delivery;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the dispatcher reaches each provider's Endpoint, from {@link DeliveryCredentials}: the
 * HTTP client to send with (one presenting the client certificate for {@code mtls}, one
 * trusting the Endpoint's own trust store if it has one) and, for {@code private_key_jwt}, the
 * {@code Authorization} to send.
 *
 * <p>Access tokens are got from the provider's token endpoint with the client credentials grant
 * and a signed assertion ({@link ClientAssertion}), one request at a time per Endpoint however
 * many deliveries wait for it, and kept until a minute before they expire (half their life, for
 * short ones). A token the provider answers 401 to is dropped, so the retry gets a new one.
 * Key stores are read when first needed and kept once they work; what cannot be read now is
 * tried again on the next delivery. Whatever fails here fails the delivery with
 * {@link CredentialsUnavailable}: nothing is ever sent to such an Endpoint without its
 * credentials. Endpoints without credentials get the plain client, as always.
 */
public final class ProviderAccess {

  /** How one delivery is sent: by this client, with this Authorization header, if any. */
  public record Access(HttpClient client, Optional<String> authorization) {
  }

  private record Token(String value, Instant refresh) {
  }

  private static final Duration MARGIN = Duration.ofMinutes(1);
  private static final int MAX_ERROR_TEXT = 200;

  private final DeliveryCredentials credentials;
  private final Supplier<HttpClient.Builder> clients;
  private final HttpClient plain;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, HttpClient> secured = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Token>> tokens = new ConcurrentHashMap<>();

  /**
   * @param clients a new client builder with the dispatcher's own settings (timeouts,
   *                executor, HTTP version)
   * @param timeout how long a token request may take
   */
  public ProviderAccess(DeliveryCredentials credentials, Supplier<HttpClient.Builder> clients,
      Duration timeout, Clock clock) {
    this.credentials = credentials;
    this.clients = clients;
    this.plain = clients.get().build();
    this.timeout = timeout;
    this.clock = clock;
  }

  /**
   * The client and authorisation for a delivery to {@code address}; completes exceptionally
   * with {@link CredentialsUnavailable} when it cannot be authenticated now.
   */
  public CompletableFuture<Access> access(String address) {
    Optional<DeliveryCredentials.Credential> credential = credentials.forAddress(address);
    if (credential.isEmpty()) {
      return CompletableFuture.completedFuture(new Access(plain, Optional.empty()));
    }
    DeliveryCredentials.Credential given = credential.get();
    HttpClient client;
    try {
      client = client(given);
    } catch (CredentialsUnavailable e) {
      return CompletableFuture.failedFuture(e);
    }
    if (given.method() == DeliveryCredentials.Method.MTLS) {
      return CompletableFuture.completedFuture(new Access(client, Optional.empty()));
    }
    return token(given, client).thenApply(token ->
        new Access(client, Optional.of("Bearer " + token.value())));
  }

  /** The provider refused this Authorization: drop the token, so the next attempt gets one. */
  public void refused(String address, String authorization) {
    CompletableFuture<Token> held = tokens.get(DeliveryCredentials.normalised(address));
    if (held != null && held.isDone() && !held.isCompletedExceptionally()
        && authorization.equals("Bearer " + held.join().value())) {
      tokens.remove(DeliveryCredentials.normalised(address), held);
    }
  }

  private HttpClient client(DeliveryCredentials.Credential credential) {
    if (credential.keyStore().isEmpty() && credential.trustStore().isEmpty()) {
      return plain;
    }
    HttpClient known = secured.get(credential.address());
    if (known != null) {
      return known;
    }
    KeyManager[] keys = null;
    if (credential.keyStore().isPresent()
        && credential.method() == DeliveryCredentials.Method.MTLS) {
      char[] password = password(credential.keyStorePasswordFile().orElseThrow());
      try {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(
            KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store(credential.keyStore().get(), password), password);
        keys = factory.getKeyManagers();
      } catch (GeneralSecurityException e) {
        throw new CredentialsUnavailable("the key store " + credential.keyStore().get()
            .getFileName() + " cannot be used: " + e.getClass().getSimpleName());
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    TrustManager[] trust = null; // the JVM's certificate authorities
    if (credential.trustStore().isPresent()) {
      char[] password = password(credential.trustStorePasswordFile().orElseThrow());
      try {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(
            TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store(credential.trustStore().get(), password));
        trust = factory.getTrustManagers();
      } catch (GeneralSecurityException e) {
        throw new CredentialsUnavailable("the trust store " + credential.trustStore().get()
            .getFileName() + " cannot be used: " + e.getClass().getSimpleName());
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    try {
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(keys, trust, null);
      HttpClient client = clients.get().sslContext(tls).build();
      secured.put(credential.address(), client);
      return client;
    } catch (GeneralSecurityException e) {
      throw new CredentialsUnavailable("TLS cannot be set up: " + e.getClass().getSimpleName());
    }
  }

  private static KeyStore store(Path file, char[] password) throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      return store;
    } catch (IOException e) {
      throw new CredentialsUnavailable("the key store " + file.getFileName()
          + " cannot be read, or its password is wrong");
    }
  }

  private static char[] password(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray();
    } catch (IOException e) {
      throw new CredentialsUnavailable("the password file " + file.getFileName()
          + " cannot be read");
    }
  }

  /** The Endpoint's token: the one held while it is fresh, else one being got. */
  private CompletableFuture<Token> token(DeliveryCredentials.Credential credential,
      HttpClient client) {
    return tokens.compute(credential.address(), (address, held) -> {
      if (held != null && (!held.isDone() || !held.isCompletedExceptionally()
          && clock.instant().isBefore(held.join().refresh()))) {
        return held;
      }
      try {
        return request(credential, client);
      } catch (CredentialsUnavailable e) {
        return CompletableFuture.failedFuture(e);
      }
    });
  }

  /** Asks the token endpoint for a token (RFC 6749 4.4, with an RFC 7523 assertion). */
  private CompletableFuture<Token> request(DeliveryCredentials.Credential credential,
      HttpClient client) {
    Instant now = clock.instant();
    String assertion = ClientAssertion.read(credential.key().orElseThrow())
        .sign(credential.clientId().orElseThrow(), credential.tokenUrl().orElseThrow(), now);
    String form = Map.of(
            "grant_type", "client_credentials",
            "scope", credential.scope().orElseThrow(),
            "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion", assertion)
        .entrySet().stream()
        .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest request = HttpRequest.newBuilder(credential.tokenUrl().get())
        .timeout(timeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
            throw new CredentialsUnavailable("the token endpoint cannot be reached: "
                + cause.getClass().getSimpleName());
          }
          return token(response, now);
        });
  }

  private static Token token(HttpResponse<String> response, Instant asked) {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(response.body());
    } catch (ParseException e) {
      json = Map.of();
    }
    if (response.statusCode() != 200) {
      // RFC 6749 5.2: error and error_description say why; never secrets.
      Object error = json.get("error");
      Object description = json.get("error_description");
      throw new CredentialsUnavailable("the token endpoint refused: HTTP "
          + response.statusCode() + (error instanceof String e ? " " + cut(e) : "")
          + (description instanceof String d ? ": " + cut(d) : ""));
    }
    Object value = json.get("access_token");
    Object type = json.get("token_type");
    Object expires = json.get("expires_in");
    if (!(value instanceof String token) || token.isBlank()
        || !(type instanceof String kind) || !kind.equalsIgnoreCase("bearer")) {
      throw new CredentialsUnavailable("the token endpoint answered no bearer access_token");
    }
    long seconds = expires instanceof Number n ? n.longValue() : 300;
    if (seconds <= 0) {
      throw new CredentialsUnavailable("the token endpoint answered a token that has expired");
    }
    Duration life = Duration.ofSeconds(seconds);
    Duration use = life.compareTo(MARGIN.multipliedBy(2)) >= 0 ? life.minus(MARGIN)
        : life.dividedBy(2);
    return new Token(token, asked.plus(use));
  }

  private static String cut(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ");
    return clean.length() <= MAX_ERROR_TEXT ? clean : clean.substring(0, MAX_ERROR_TEXT) + "...";
  }
}
