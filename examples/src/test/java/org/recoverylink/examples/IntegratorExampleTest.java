package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrator example against the real server jar, started as its own process. */
class IntegratorExampleTest {

  private static final Path JAR = Path.of("../fhir-adapter/target/recoverylink-server.jar");

  @TempDir
  static Path data;
  private static Process server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    assertTrue(Files.exists(JAR), "build the server first: mvn -B package (" + JAR + ")");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    server = new ProcessBuilder("java", "-jar", JAR.toString(), "--port", String.valueOf(port),
        "--data", data.toString()).redirectErrorStream(true).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(server.getInputStream(),
        StandardCharsets.UTF_8));
    for (String line = log.readLine(); line != null; line = log.readLine()) {
      if (line.contains("ready at")) {
        break;
      }
    }
    Thread drain = new Thread(() -> log.lines().forEach(line -> { }));
    drain.setDaemon(true);
    drain.start();
    base = "http://127.0.0.1:" + port + "/fhir";
  }

  @AfterAll
  static void stop() throws Exception {
    server.destroy();
    server.waitFor(10, TimeUnit.SECONDS);
  }

  private static String token() throws Exception {
    Process command = new ProcessBuilder("java", "-jar", JAR.toString(), "token", "--role", "gp",
        "--org", "A81001", "--data", data.toString()).start();
    String token = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .strip();
    assertEquals(0, command.waitFor());
    return token;
  }

  private static String run(String token) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    IntegratorExample.run(base, token, new PrintStream(printed, true, StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void assessesAndRoutesThroughTheServer() throws Exception {
    String printed = run(token());

    assertTrue(printed.contains("FHIR 4.0.1"), printed);
    assertTrue(printed.contains("QuestionnaireResponse $assess"), printed);
    assertTrue(printed.contains("ServiceRequest $route"), printed);
    // The shipped response answers 3+2+3+2+1+0+2+1+0+4 points (FhirAssessExampleTest).
    assertTrue(printed.contains("(AUDIT) total score: 18 (Higher risk)"), printed);
    assertTrue(printed.contains("== Route (Tendring) =="), printed);
    assertEquals(1, printed.lines().filter(line -> line.startsWith("primary: ")).count(),
        printed);
  }

  @Test
  void aBadTokenIsShownAsTheServersRefusal() {
    String printed = run("not-a-token");

    assertTrue(printed.contains("refused with HTTP 401"), printed);
    assertTrue(printed.contains("the bearer token is not a JWT"), printed);
  }
}
