package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;

/**
 * The server jar's command line, configuration file and environment as a deployer uses them:
 * help and version, which setting wins, the public address, trusted proxies, and a data folder
 * already in use.
 */
class ConfigurationIT {

  private static final Path JAR = Path.of(System.getProperty("recoverylink.server.jar"));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  final HubProcesses hubs = new HubProcesses(ConfigurationIT.class);

  @TempDir
  Path dir;

  /** What a run of the jar that ends by itself printed, and its exit status. */
  private record Run(int status, String out, String err) {
  }

  private Run run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
        JAR.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the jar did not end by itself");
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> get(String url, String token, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .header("Accept", "application/fhir+json").timeout(Duration.ofSeconds(30));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String implementationUrl(HubProcesses.Hub hub) throws Exception {
    HttpResponse<String> metadata = get(hub.base() + "/metadata", null);
    assertEquals(200, metadata.statusCode(), metadata.body());
    return TestHub.FHIR.newJsonParser().parseResource(CapabilityStatement.class,
        metadata.body()).getImplementation().getUrl();
  }

  @Test
  void helpAndVersionAnswerAndEnd() throws Exception {
    Run help = run("--help");
    Run version = run("--version");
    Run tokenHelp = run("token", "--help");

    assertEquals(0, help.status(), help.err());
    assertTrue(help.out().contains("--public-base-url=URL"), help.out());
    assertTrue(help.out().contains("--trusted-proxy"), help.out());
    assertEquals(0, version.status(), version.err());
    assertTrue(version.out().strip().matches("recoverylink-server \\d+\\.\\d+\\.\\d+.*"),
        version.out());
    assertEquals(0, tokenHelp.status(), tokenHelp.err());
    assertTrue(tokenHelp.out().contains("--role=ROLE"), tokenHelp.out());
  }

  @Test
  void aCommandLineItCannotUseIsRefusedWithEveryProblem() throws Exception {
    Run refused = run("--port", "eighty", "--colour", "blue", "--delivery");

    assertEquals(2, refused.status());
    assertEquals("recoverylink-server: --delivery needs a value; unknown option --colour;"
        + " --port must be a number from 0 to 65535", refused.err().strip());
  }

  @Test
  void theEnvironmentWinsOverTheConfigurationFile() throws Exception {
    Path config = dir.resolve("recoverylink.properties");
    Files.writeString(config, "public-base-url = https://file.example/fhir\n"
        + "data = " + dir.resolve("data") + "\n");

    HubProcesses.Hub fromFile = hubs.start("file", Map.of("RECOVERYLINK_CONFIG",
        config.toString()), List.of());
    String fileUrl = implementationUrl(fromFile);
    fromFile.close();
    HubProcesses.Hub fromEnvironment = hubs.start("environment", Map.of(
        "RECOVERYLINK_PUBLIC_BASE_URL", "https://environment.example/fhir"),
        List.of("--config", config.toString()));

    assertEquals("https://file.example/fhir", fileUrl);
    assertEquals("https://environment.example/fhir", implementationUrl(fromEnvironment));
    assertTrue(Files.exists(dir.resolve("data").resolve("server.lock")), "the file's --data");
  }

  @Test
  void linksNameThePublicAddress() throws Exception {
    Path data = dir.resolve("data");
    HubProcesses.Hub hub = hubs.start("public", Map.of(), List.of("--data", data.toString(),
        "--public-base-url", "https://recoverylink.example/fhir"));
    String token = DevelopmentIssuer.in(data).token(Role.GP, "A81001", Duration.ofMinutes(5),
        "https://recoverylink.example/fhir");

    HttpResponse<String> search = get(hub.base() + "/Questionnaire", token);

    assertEquals(200, search.statusCode(), search.body());
    Bundle forms = TestHub.FHIR.newJsonParser().parseResource(Bundle.class, search.body());
    assertTrue(forms.getEntryFirstRep().getFullUrl().startsWith(
        "https://recoverylink.example/fhir/Questionnaire/"), forms.getEntryFirstRep()
        .getFullUrl());
    assertEquals("https://recoverylink.example/fhir", implementationUrl(hub));
  }

  @Test
  void forwardedHeadersCountFromATrustedProxyOnly() throws Exception {
    Path data = dir.resolve("data");
    String token = DevelopmentIssuer.in(data).token(Role.GP, "A81001", Duration.ofMinutes(5),
        null);
    HubProcesses.Hub trusting = hubs.start("trusting", Map.of(), List.of("--data",
        data.toString(), "--trusted-proxy", "127.0.0.0/8,::1"));
    String[] forwarded = {"X-Forwarded-Proto", "https", "X-Forwarded-Host",
        "rl.example"};

    String behindProxy = firstFullUrl(get(trusting.base() + "/Questionnaire", token,
        forwarded));
    String rfc7239 = firstFullUrl(get(trusting.base() + "/Questionnaire", token,
        "Forwarded", "for=192.0.2.60;proto=https;host=rfc.example"));
    trusting.close();
    HubProcesses.Hub wary = hubs.start("wary", Map.of(), List.of("--data", data.toString()));
    String direct = firstFullUrl(get(wary.base() + "/Questionnaire", token, forwarded));

    assertTrue(behindProxy.startsWith("https://rl.example/fhir/Questionnaire/"), behindProxy);
    assertTrue(rfc7239.startsWith("https://rfc.example/fhir/Questionnaire/"), rfc7239);
    assertTrue(direct.startsWith(wary.base() + "/Questionnaire/"), direct);
  }

  private static String firstFullUrl(HttpResponse<String> search) {
    assertEquals(200, search.statusCode(), search.body());
    return TestHub.FHIR.newJsonParser().parseResource(Bundle.class, search.body())
        .getEntryFirstRep().getFullUrl();
  }

  @Test
  void aSecondServerOnTheSameDataFolderIsToldSoPlainly() throws Exception {
    Path data = dir.resolve("data");
    HubProcesses.Hub first = hubs.start("first", Map.of(), List.of("--data",
        data.toString()));

    Run second = run("--port", "0", "--data", data.toString());

    assertEquals(1, second.status(), second.err());
    assertTrue(second.err().contains("the data folder " + data.toAbsolutePath()
        + " is in use by another RecoveryLink server (process " + first.pid() + ")"),
        second.err());
    assertTrue(first.log().contains("ready at"));
  }
}
