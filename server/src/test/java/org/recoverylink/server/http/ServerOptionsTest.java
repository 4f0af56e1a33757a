package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.recoverylink.server.RecoveryLinkServer;
import org.recoverylink.server.config.AddressRange;
import org.recoverylink.server.config.ServerOptions;

/** The command line of docs/http-api.md "Running", and its refusals. */
class ServerOptionsTest {

  @Test
  void defaultsAreLoopbackPort8080AndTheDataDirectoryHere() {
    ServerOptions options = ServerOptions.parse(List.of());

    assertEquals(8080, options.port());
    assertEquals("127.0.0.1", options.bind());
    assertEquals(Path.of("recoverylink-data"), options.data());
    assertEquals(Optional.empty(), options.db());
    assertEquals(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()),
        options.threads());
    assertEquals(java.time.Duration.ofHours(24), options.deliveryMaxAge());
    assertEquals(5, options.reportRounding(), "reports round to the nearest 5 unless told");
    assertEquals(java.time.Duration.ofSeconds(30), options.deliveryTimeout());
    assertEquals(java.time.Duration.ofSeconds(60), options.deliveryLease());
    assertEquals(64, options.deliveryBatch());
    assertEquals(8, options.deliveryPerProvider());
    assertEquals(2048, options.bodyRate());
    assertEquals(java.time.Duration.ofMinutes(10), options.bodyDeadline());
    assertEquals(Optional.empty(), options.baseUrl());
  }

  @Test
  void theLeaseIsTwiceTheDeliveryTimeoutUnlessGiven() {
    assertEquals(java.time.Duration.ofSeconds(90), ServerOptions.parse(List.of(
        "--delivery-timeout", "45")).deliveryLease());
    assertEquals(java.time.Duration.ofSeconds(50), ServerOptions.parse(List.of(
        "--delivery-timeout", "45", "--delivery-lease", "50")).deliveryLease());
  }

  @Test
  void theLeaseMustBeLongerThanTheDeliveryTimeout() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--delivery-lease", "30")));

    assertEquals("--delivery-lease (30 s) must be longer than --delivery-timeout (30 s):"
        + " otherwise another process would resend deliveries this one is still waiting on",
        refused.getMessage());
  }

  @Test
  void deliveryLimitsOutOfRangeAreNamed() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--delivery-timeout", "0", "--delivery-lease", "1",
            "--delivery-batch", "0", "--delivery-per-provider", "many")));

    assertEquals("--delivery-timeout must be a number from 1 to 3600; --delivery-lease must be"
        + " a number from 2 to 86400; --delivery-batch must be a number from 1 to 1000;"
        + " --delivery-per-provider must be a number from 1 to 1000", refused.getMessage());
  }

  @Test
  void noJourneysOrMoreThanAMillionAreRefused() {
    assertEquals("--journeys must be a number from 1 to 1000000", assertThrows(
        IllegalArgumentException.class, () -> ServerOptions.parse(List.of("--journeys", "0")))
        .getMessage());
    assertEquals("--journeys must be a number from 1 to 1000000", assertThrows(
        IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--journeys", "1000001"))).getMessage());
  }

  @Test
  void fewerThanEightConnectionsOrNoQueueWaitAreRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--max-connections", "7", "--queue-wait", "0")));

    assertEquals("--max-connections must be a number from 8 to 100000; --queue-wait must be a"
        + " number from 1 to 600", refused.getMessage());
  }

  @Test
  void everyOptionIsRead() {
    ServerOptions options = ServerOptions.parse(List.of("--port", "9000", "--bind", "0.0.0.0",
        "--data", "/srv/rl", "--db", "jdbc:postgresql://db/rl", "--directory", "dir.json",
        "--jwks", "keys.json", "--issuer", "https://login.example", "--threads", "16",
        "--timeout", "5", "--delivery-max-age", "3600", "--first-retry-ms", "250",
        "--delivery", "off", "--organisations", "orgs.csv", "--delivery-timeout", "10",
        "--delivery-lease", "25", "--delivery-batch", "32", "--delivery-per-provider", "4",
        "--report-rounding", "10", "--body-rate", "4096", "--body-deadline", "120",
        "--base-url", "https://recoverylink.example/fhir/", "--code-lists", "lists",
        "--trusted-proxy", "10.0.0.0/8,::1",
        "--trust", "https://login.other.example=https://login.other.example/jwks",
        "--trust", "urn:local:issuer=local-keys.json",
        "--delivery-credentials", "credentials.json",
        "--ready-outbox-age", "90", "--log-format", "json", "--page-rate", "600",
        "--staff-sign-in", "staff.properties", "--journeys", "25", "--max-connections", "64",
        "--queue-wait", "2"));

    assertEquals(new ServerOptions(9000, "0.0.0.0", Path.of("/srv/rl"),
        Optional.of(Path.of("dir.json")), Optional.of(Path.of("keys.json")),
        Optional.of("https://login.example"), Optional.of("jdbc:postgresql://db/rl"), 16, 5,
        java.time.Duration.ofHours(1), java.time.Duration.ofMillis(250),
        java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(25), 32, 4, false,
        Optional.of(Path.of("orgs.csv")), 10, 4096, java.time.Duration.ofMinutes(2),
        Optional.of(java.net.URI.create("https://recoverylink.example/fhir")),
        Optional.of(Path.of("lists")), List.of(AddressRange.parse("10.0.0.0/8"),
            AddressRange.parse("::1/128")), java.util.Map.of(
            "https://login.other.example", "https://login.other.example/jwks",
            "urn:local:issuer", "local-keys.json"),
        Optional.of(Path.of("credentials.json")), java.time.Duration.ofSeconds(90),
        org.recoverylink.server.config.LogFormat.JSON, 600,
        Optional.of(Path.of("staff.properties")), 25, 64, java.time.Duration.ofSeconds(2)),
        options);
    assertEquals(List.of("https://login.other.example", "urn:local:issuer"),
        List.copyOf(options.trust().keySet()), "in the order given");
  }

  @Test
  void everyProblemIsNamedAtOnce() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--port", "http", "--db", "postgres://db",
            "--threads", "2", "--jwks", "keys.json", "--colour", "blue", "--base-url",
            "recoverylink.example/fhir", "--body-rate", "-1", "--data")));

    assertEquals("--data needs a value; unknown option --colour; --port must be a number from"
        + " 0 to 65535; --base-url must be an http or https URL ending /fhir (where the server's"
        + " FHIR API is), such as https://recoverylink.example/fhir; --db must be a JDBC URL, e.g."
        + " jdbc:postgresql://localhost/recoverylink; --threads must be a number from 4 to"
        + " 1000; --body-rate must be a number from 0 to 100000000; --jwks needs --issuer: the"
        + " issuer whose keys they are", refused.getMessage());
  }

  @Test
  void trustedIssuersNeedAnIssuerAndKeysAtAnHttpsUrlOrPlainHttpOnLoopbackOnly() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--trust", "no-keys-named", "--trust", "=keys.json",
            "--trust", "https://login.example=http://login.example/jwks",
            "--trust", "urn:a=a.json", "--trust", "urn:a=b.json",
            "--trust", "urn:b=https:///jwks",
            "--jwks", "keys.json", "--issuer", "urn:a")));

    assertEquals("--trust takes ISSUER=KEYS: an issuer, '=', then its JWK set URL or file;"
        + " --trust takes ISSUER=KEYS: an issuer, '=', then its JWK set URL or file;"
        + " --trust https://login.example: key set URL http://login.example/jwks must be"
        + " https (plain http only on loopback);"
        + " --trust names issuer urn:a twice;"
        + " --trust urn:b: key set URL https:///jwks has no host;"
        + " issuer urn:a is given by --issuer and by --trust", refused.getMessage());

    ServerOptions loopback = ServerOptions.parse(List.of(
        "--trust", "urn:one=http://127.0.0.1:9000/jwks",
        "--trust", "urn:two=http://localhost:9000/jwks",
        "--trust", "urn:three=http://[::1]:9000/jwks?x=1"));
    assertEquals(java.util.Map.of("urn:one", "http://127.0.0.1:9000/jwks",
        "urn:two", "http://localhost:9000/jwks", "urn:three", "http://[::1]:9000/jwks?x=1"),
        loopback.trust(), "split at the first '='");
  }

  @Test
  void anUnknownLogFormatAndAnOutboxAgeOutOfRangeAreRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerOptions.parse(List.of("--log-format", "xml", "--ready-outbox-age", "0")));

    assertEquals("--log-format is text or json; --ready-outbox-age must be a number from 1 to"
        + " 604800", refused.getMessage());
  }

  @Test
  void theDevelopmentKeyIsTrustedOnLoopbackOnly() {
    for (String loopback : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost")) {
      RecoveryLinkServer.requireLoopback(loopback); // no exception
    }
    for (String beyond : List.of("0.0.0.0", "::", "192.168.1.20", "10.0.0.1")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> RecoveryLinkServer.requireLoopback(beyond), beyond);
      assertTrue(refused.getMessage().startsWith("refusing --bind " + beyond
          + " without --jwks"), refused.getMessage());
    }
  }
}
