package org.recoverylink.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.reporting.Rounding;
import org.recoverylink.core.reporting.SmallNumbers;
import org.recoverylink.core.rules.RuleSet;
import org.recoverylink.server.delivery.Dispatcher;

/** The settings a server is built from, and the builders of them and of its options. */
class ServerSettingsTest {

  private static final ServerOptions OPTIONS = ServerOptions.defaults(Path.of("data"));

  @Test
  void theDefaultsAreTheSystemClockAndThePublishedRules() {
    ServerSettings settings = ServerSettings.builder(OPTIONS).build();

    assertEquals(OPTIONS, settings.options());
    assertEquals(Clock.systemUTC(), settings.clock());
    assertSame(Assessor.standard(), settings.assessor());
    assertEquals(OstSettings.ukDefault(), settings.ost());
    assertEquals(SmallNumbers.DEFAULT, settings.smallNumbers());
    assertEquals(Optional.empty(), settings.directory());
    assertEquals(Optional.empty(), settings.dbUser());
    assertEquals(Optional.empty(), settings.dbPassword());
    assertEquals(Optional.empty(), settings.pseudonymKey());
    assertEquals(new Rounding(5), settings.rounding());
  }

  @Test
  void everySettingIsTakenAndKeptByToBuilder() {
    Clock fixed = Clock.fixed(Instant.parse("2025-03-14T09:26:53Z"), ZoneOffset.UTC);
    Assessor local = Assessor.withRules(RuleSet.ukDefault().derive("local", "1.0.0").build());
    ServerSettings settings = ServerSettings.builder(OPTIONS).clock(fixed).assessor(local)
        .smallNumbers(new SmallNumbers(1, 9)).directory(EssexDirectory.directory())
        .dbLogin("rl", "secret").pseudonymKey("k".repeat(32))
        .options(o -> o.port(0).reportRounding(1)).build();

    assertEquals(fixed, settings.clock());
    assertSame(local, settings.assessor());
    assertEquals(new SmallNumbers(1, 9), settings.smallNumbers());
    assertEquals(Optional.of(EssexDirectory.directory()), settings.directory());
    assertEquals(Optional.of("rl"), settings.dbUser());
    assertEquals(Optional.of("secret"), settings.dbPassword());
    assertEquals(Optional.of("k".repeat(32)), settings.pseudonymKey());
    assertEquals(0, settings.options().port());
    assertEquals(new Rounding(1), settings.rounding());
    assertEquals(OPTIONS.data(), settings.options().data(), "other options are kept");
    assertEquals(settings, settings.toBuilder().build());
  }

  @Test
  void theEnvironmentGivesTheSecretsItHas() {
    ServerSettings settings = ServerSettings.builder(OPTIONS).dbLogin("given", "given")
        .environment(Map.of("RECOVERYLINK_DB_USER", "rl", "RECOVERYLINK_PSEUDONYM_KEY", "key",
            "PATH", "/bin"))
        .build();

    assertEquals(Optional.of("rl"), settings.dbUser());
    assertEquals(Optional.of("given"), settings.dbPassword(), "not in the environment: kept");
    assertEquals(Optional.of("key"), settings.pseudonymKey());
  }

  @Test
  void theTextOfTheSettingsHidesTheSecrets() {
    String text = ServerSettings.builder(OPTIONS).dbLogin("rl", "hunter22")
        .pseudonymKey("a-pseudonym-key-of-at-least-32-chars").build().toString();

    assertFalse(text.contains("hunter22"), text);
    assertFalse(text.contains("a-pseudonym-key"), text);
    assertTrue(text.contains("dbPassword=(set)"), text);
  }

  @Test
  void aDirectoryIsGivenOnceOnly() {
    ServerSettings.Builder twice = ServerSettings.builder(OPTIONS.toBuilder()
        .directory(Path.of("directory.json")).build()).directory(EssexDirectory.directory());

    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        twice::build);
    assertEquals("a directory is given twice: in the settings and as --directory"
        + " directory.json", refused.getMessage());
  }

  @Test
  void deliveryIsSetByTheOptions() {
    ServerSettings settings = ServerSettings.builder(OPTIONS.toBuilder()
        .deliveryTimeout(Duration.ofSeconds(10)).deliveryLease(Duration.ofSeconds(20))
        .deliveryBatch(3).deliveryPerProvider(2).firstRetry(Duration.ofMillis(100))
        .deliveryMaxAge(Duration.ofHours(1)).build()).build();

    assertEquals(Dispatcher.Settings.of(Duration.ofMillis(100), Duration.ofHours(1),
        Duration.ofSeconds(10), Duration.ofSeconds(20), 3, 2), settings.delivery());
  }

  @Test
  void theOptionsBuilderChangesWhatItIsToldAndKeepsTheRest() {
    ServerOptions parsed = ServerOptions.parse(List.of("--port", "9000", "--db",
        "jdbc:postgresql://db/rl", "--jwks", "keys.json", "--issuer", "https://login.example",
        "--organisations", "orgs.csv", "--directory", "dir.json", "--base-url",
        "https://rl.example/fhir", "--delivery", "off"));

    assertEquals(parsed, parsed.toBuilder().build());
    ServerOptions changed = parsed.toBuilder().port(0).bind("::1").threads(4).timeout(1)
        .bodyRate(0).bodyDeadline(Duration.ofSeconds(5)).baseUrl(URI.create("http://x/fhir"))
        .delivery(true).readyOutboxAge(Duration.ofSeconds(30)).logFormat(LogFormat.JSON)
        .pageRate(7).journeys(3).maxConnections(9).queueWait(Duration.ofSeconds(1)).build();
    assertEquals(new ServerOptions(0, "::1", parsed.data(), parsed.directory(), parsed.jwks(),
        parsed.issuer(), parsed.db(), 4, 1, parsed.deliveryMaxAge(), parsed.firstRetry(),
        parsed.deliveryTimeout(), parsed.deliveryLease(), parsed.deliveryBatch(),
        parsed.deliveryPerProvider(), true, parsed.organisations(), parsed.reportRounding(), 0,
        Duration.ofSeconds(5), Optional.of(URI.create("http://x/fhir")), parsed.codeLists(),
        parsed.trustedProxies(), parsed.trust(), parsed.deliveryCredentials(),
        Duration.ofSeconds(30), LogFormat.JSON, 7, parsed.staffSignIn(), 3, 9,
        Duration.ofSeconds(1)), changed);
    assertEquals(ServerOptions.defaults(Path.of("elsewhere")), OPTIONS.toBuilder()
        .data(Path.of("elsewhere")).build());
  }
}
