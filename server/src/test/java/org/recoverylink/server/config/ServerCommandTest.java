package org.recoverylink.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, the environment and the configuration file, and which one wins. */
class ServerCommandTest {

  @TempDir
  Path dir;

  private static ServerOptions serve(List<String> args, Map<String, String> environment) {
    return assertInstanceOf(ServerCommand.Serve.class, ServerCommand.read(args, environment))
        .options();
  }

  private Path file(String text) throws IOException {
    Path file = dir.resolve("recoverylink.properties");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
    Path config = file("""
        # a deployment's settings
        port = 9001
        threads = 12
        report-rounding = 10
        public-base-url = https://file.example/fhir
        """);

    ServerOptions options = serve(List.of("--config", config.toString(), "--port", "9003"),
        Map.of("RECOVERYLINK_PORT", "9002", "RECOVERYLINK_THREADS", "16"));

    assertEquals(9003, options.port(), "the flag");
    assertEquals(16, options.threads(), "the environment, over the file");
    assertEquals(10, options.reportRounding(), "the file, over the default");
    assertEquals(Optional.of(URI.create("https://file.example/fhir")), options.baseUrl());
    assertEquals(30, options.timeout(), "the default, given nowhere");
  }

  @Test
  void theFileMayBeNamedByTheEnvironment() throws IOException {
    Path config = file("delivery = off\ndelivery-batch = 3\n");

    ServerOptions options = serve(List.of(), Map.of("RECOVERYLINK_CONFIG", config.toString()));

    assertEquals(false, options.delivery());
    assertEquals(3, options.deliveryBatch());
  }

  @Test
  void everyProblemSaysWhereItsValueCameFrom() throws IOException {
    Path config = file("port = eighty\nthreds = 8\ndelivery = maybe\n");

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerCommand.read(List.of("--config", config.toString(), "--timeout", "0"),
            Map.of("RECOVERYLINK_BODY_RATE", "fast")));

    assertEquals("unknown setting threds in " + config + "; port in " + config
        + " must be a number from 0 to 65535; --timeout must be a number from 1 to 3600;"
        + " RECOVERYLINK_BODY_RATE must be a number from 0 to 100000000; delivery in " + config
        + " is on or off", refused.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerCommand.read(List.of("--config", dir.resolve("absent").toString()),
            Map.of()));

    assertEquals("the configuration file " + dir.resolve("absent") + " does not exist",
        refused.getMessage());
  }

  @Test
  void variablesThatAreNoOptionAreLeftAlone() {
    // The database login and other programs' variables share the prefix.
    ServerOptions options = serve(List.of(), Map.of("RECOVERYLINK_DB_USER", "rl",
        "RECOVERYLINK_COLOUR", "blue"));

    assertEquals(ServerOptions.parse(List.of()), options);
  }

  @Test
  void helpDescribesEveryOptionAndWhereSettingsComeFrom() {
    String help = assertInstanceOf(ServerCommand.Print.class,
        ServerCommand.read(List.of("--help"), Map.of())).text();

    for (String option : List.of("--config", "--port", "--bind", "--public-base-url",
        "--base-url", "--trusted-proxy", "--data", "--db", "--jwks", "--issuer", "--directory",
        "--code-lists", "--organisations", "--report-rounding", "--threads", "--timeout",
        "--body-rate", "--body-deadline", "--delivery", "--delivery-max-age",
        "--first-retry-ms", "--delivery-timeout", "--delivery-lease", "--delivery-batch",
        "--delivery-per-provider", "--trust", "--delivery-credentials", "--log-format",
        "--ready-outbox-age", "--help", "--version")) {
      assertTrue(help.matches("(?s).*\\s" + option + "[ =,].*"), option);
    }
    assertTrue(help.contains("RECOVERYLINK_PUBLIC_BASE_URL"), help);
    assertTrue(help.contains("The command line wins over the environment, which wins over the"
        + " file"), help);
  }

  @Test
  void theVersionIsTheBuildsOwn() {
    String version = assertInstanceOf(ServerCommand.Print.class,
        ServerCommand.read(List.of("--version"), Map.of())).text();

    assertTrue(version.matches("recoverylink-server \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), version);
  }

  @Test
  void theTokenCommandReadsItsOwnOptions() {
    ServerCommand.Token token = assertInstanceOf(ServerCommand.Token.class,
        ServerCommand.read(List.of("token", "--role", "gp", "--org", "A81001", "--ttl", "60"),
            Map.of()));

    assertEquals(new ServerCommand.Token(Optional.of("gp"), Optional.empty(), "A81001",
        Path.of("recoverylink-data"), 60, "http://127.0.0.1:8080/fhir"), token);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerCommand.read(List.of("token", "--ttl", "-5"), Map.of()));
    assertEquals("token needs --role or --scope (or both), and --org; --ttl must be a"
        + " positive number of seconds",
        refused.getMessage());
  }

  @Test
  void thePublicBaseUrlMustBeWhereTheFhirApiIs() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerCommand.read(List.of("--public-base-url", "https://rl.example/api"),
            Map.of()));

    assertTrue(refused.getMessage().startsWith("--public-base-url must be an http or https URL"
        + " ending /fhir"), refused.getMessage());
  }

  @Test
  void addressRangesHoldTheirAddressesOnly() throws Exception {
    AddressRange tens = AddressRange.parse("10.1.2.3/8");

    assertEquals("10.0.0.0/8", tens.toString());
    assertTrue(tens.contains(java.net.InetAddress.getByName("10.255.0.1")));
    assertTrue(!tens.contains(java.net.InetAddress.getByName("11.0.0.1")));
    assertTrue(AddressRange.parse("::1").contains(java.net.InetAddress.getByName("::1")));
    assertTrue(!AddressRange.parse("::1").contains(java.net.InetAddress.getByName("127.0.0.1")));
    assertTrue(AddressRange.parse("0.0.0.0/0").contains(
        java.net.InetAddress.getByName("192.0.2.7")));
  }

  @Test
  void aProxyIsAnAddressNeverAName() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerCommand.read(List.of("--trusted-proxy", "proxy.example,10.0.0.0/33"),
            Map.of()));

    assertEquals("--trusted-proxy: proxy.example is not an IP address or ADDRESS/BITS range;"
        + " --trusted-proxy: 10.0.0.0/33: the range's bits must be 0 to 32",
        refused.getMessage());
  }
}
