package org.recoverylink.server.delivery;

import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Endpoint;

/**
 * How deliveries authenticate to each provider's Endpoint (docs/http-api.md "Delivery
 * credentials"), read from the {@code --delivery-credentials} file: a JSON object whose members
 * are keyed by an Endpoint of the directory, as {@code Endpoint/{id}} or by its address, each
 * saying its method and what that needs. Secrets stay out of it: keys, key stores and their
 * passwords are files it names (relative to its own folder), read when a delivery needs them, so
 * one that is missing or wrong fails that delivery (retried and reported), never the server.
 *
 * <pre>
 * {
 *   "Endpoint/phoenix-futures-endpoint": {
 *     "method": "private_key_jwt", "clientId": "recoverylink",
 *     "scope": "system/ServiceRequest.write",
 *     "tokenUrl": "https://provider.example/oauth2/token", "key": "phoenix-key.jwk.json"
 *   },
 *   "https://fhir.other.example/R4": {
 *     "method": "mtls", "keyStore": "other-client.p12", "keyStorePasswordFile": "other-client.pass"
 *   }
 * }
 * </pre>
 *
 * <p>Both methods also take {@code trustStore} and {@code trustStorePasswordFile}: the
 * certificates (PKCS12) that the provider's server certificate must chain to, where it is not
 * signed by a certificate authority the JVM trusts.
 */
public final class DeliveryCredentials {

  /** How a delivery to one Endpoint authenticates. */
  public enum Method {
    /** An access token from the provider's token endpoint, got with a signed JWT assertion. */
    PRIVATE_KEY_JWT("private_key_jwt"),
    /** TLS with a client certificate. */
    MTLS("mtls");

    private final String name;

    Method(String name) {
      this.name = name;
    }

    public String configName() {
      return name;
    }
  }

  /**
   * The credentials of one Endpoint. Files are absolute here.
   *
   * @param address                its Endpoint's address
   * @param method                 how it authenticates
   * @param clientId               private_key_jwt: the client id the provider gave
   * @param tokenUrl               private_key_jwt: the provider's token endpoint
   * @param scope                  private_key_jwt: the scope asked for
   * @param key                    private_key_jwt: the signing key, a private JWK (RSA, or EC
   *                               P-384) with a {@code kid}
   * @param keyStore               mtls: the client certificate and key, PKCS12
   * @param keyStorePasswordFile   mtls: the key store's password
   * @param trustStore             either: the certificates the server's must chain to
   * @param trustStorePasswordFile either: the trust store's password
   */
  public record Credential(String address, Method method, Optional<String> clientId,
      Optional<URI> tokenUrl, Optional<String> scope, Optional<Path> key,
      Optional<Path> keyStore, Optional<Path> keyStorePasswordFile, Optional<Path> trustStore,
      Optional<Path> trustStorePasswordFile) {

    public Credential {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(method, "method");
    }
  }

  private static final Set<String> FIELDS = Set.of("method", "clientId", "tokenUrl", "scope",
      "key", "keyStore", "keyStorePasswordFile", "trustStore", "trustStorePasswordFile");

  private final Map<String, Credential> byAddress;

  private DeliveryCredentials(Map<String, Credential> byAddress) {
    this.byAddress = Collections.unmodifiableMap(byAddress);
  }

  /** No credentials: every delivery is sent as it always was. */
  public static DeliveryCredentials none() {
    return new DeliveryCredentials(Map.of());
  }

  /** The credentials for a delivery's address, if it has any. */
  public Optional<Credential> forAddress(String address) {
    return Optional.ofNullable(byAddress.get(normalised(address)));
  }

  /**
   * Reads the file, for the Endpoints of this directory.
   *
   * @throws IllegalArgumentException naming every problem with it
   * @throws IOException when it cannot be read
   */
  public static DeliveryCredentials read(Path file, Bundle directory) throws IOException {
    Map<String, Object> json;
    try {
      json = JSONObjectUtils.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (ParseException e) {
      throw new IllegalArgumentException("--delivery-credentials " + file
          + " is not a JSON object");
    }
    Map<String, String> endpoints = new LinkedHashMap<>();
    for (Bundle.BundleEntryComponent entry : directory.getEntry()) {
      if (entry.getResource() instanceof Endpoint endpoint && endpoint.hasAddress()) {
        endpoints.put("Endpoint/" + endpoint.getIdElement().getIdPart(),
            normalised(endpoint.getAddress()));
      }
    }
    Path folder = file.toAbsolutePath().getParent();
    List<String> problems = new ArrayList<>();
    Map<String, Credential> byAddress = new LinkedHashMap<>();
    for (Map.Entry<String, Object> member : json.entrySet()) {
      String name = member.getKey();
      String address = name.startsWith("Endpoint/") ? endpoints.get(name)
          : endpoints.containsValue(normalised(name)) ? normalised(name) : null;
      if (address == null) {
        problems.add(name + " is no Endpoint of the directory (name one as Endpoint/{id} or"
            + " by its address)");
        continue;
      }
      if (!(member.getValue() instanceof Map<?, ?> fields)) {
        problems.add(name + ": must be an object");
        continue;
      }
      Credential credential = credential(name, address, fields, folder, problems);
      if (credential != null && byAddress.putIfAbsent(address, credential) != null) {
        problems.add(name + ": the Endpoint at " + address + " is given twice");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("--delivery-credentials " + file + ": "
          + String.join("; ", problems));
    }
    return new DeliveryCredentials(byAddress);
  }

  private static Credential credential(String name, String address, Map<?, ?> fields,
      Path folder, List<String> problems) {
    int before = problems.size();
    Set<String> unknown = new TreeSet<>();
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      if (!FIELDS.contains(String.valueOf(field.getKey()))) {
        unknown.add(String.valueOf(field.getKey()));
      } else if (!(field.getValue() instanceof String)) {
        problems.add(name + ": " + field.getKey() + " must be a string");
      }
    }
    if (!unknown.isEmpty()) {
      problems.add(name + ": unknown " + String.join(", ", unknown) + " (known: "
          + String.join(", ", new TreeSet<>(FIELDS)) + ")");
    }
    Method method = null;
    Object methodName = fields.get("method");
    for (Method each : Method.values()) {
      if (each.configName().equals(methodName)) {
        method = each;
      }
    }
    if (method == null) {
      problems.add(name + ": method must be private_key_jwt or mtls");
    }
    Optional<String> clientId = text(fields, "clientId");
    Optional<String> scope = text(fields, "scope");
    Optional<URI> tokenUrl = text(fields, "tokenUrl").map(url -> tokenUrl(name, url, problems));
    Optional<Path> key = file(fields, "key", folder);
    Optional<Path> keyStore = file(fields, "keyStore", folder);
    Optional<Path> keyStorePassword = file(fields, "keyStorePasswordFile", folder);
    if (method == Method.PRIVATE_KEY_JWT) {
      require(name, "clientId", clientId, problems);
      require(name, "tokenUrl", text(fields, "tokenUrl"), problems);
      require(name, "scope", scope, problems);
      require(name, "key", key, problems);
    }
    if (method == Method.MTLS) {
      require(name, "keyStore", keyStore, problems);
      require(name, "keyStorePasswordFile", keyStorePassword, problems);
    }
    Optional<Path> trustStore = file(fields, "trustStore", folder);
    Optional<Path> trustStorePassword = file(fields, "trustStorePasswordFile", folder);
    if (trustStore.isPresent() != trustStorePassword.isPresent()) {
      problems.add(name + ": trustStore and trustStorePasswordFile go together");
    }
    if (!address.toLowerCase(Locale.ROOT).startsWith("https://")) {
      problems.add(name + ": credentials are only ever sent over https, and its address "
          + address + " is not");
    }
    return problems.size() > before ? null : new Credential(address, method, clientId,
        tokenUrl, scope, key, keyStore, keyStorePassword, trustStore, trustStorePassword);
  }

  private static URI tokenUrl(String name, String url, List<String> problems) {
    try {
      URI uri = new URI(url);
      if ("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // said below
    }
    problems.add(name + ": tokenUrl must be an https URL");
    return null;
  }

  private static void require(String name, String field, Optional<?> value,
      List<String> problems) {
    if (value.isEmpty()) {
      problems.add(name + ": " + field + " is required");
    }
  }

  private static Optional<String> text(Map<?, ?> fields, String name) {
    return fields.get(name) instanceof String value && !value.isBlank()
        ? Optional.of(value.strip()) : Optional.empty();
  }

  private static Optional<Path> file(Map<?, ?> fields, String name, Path folder) {
    return text(fields, name).map(folder::resolve);
  }

  /** An address as compared: without trailing slashes. */
  static String normalised(String address) {
    return address.replaceAll("/+$", "");
  }
}
