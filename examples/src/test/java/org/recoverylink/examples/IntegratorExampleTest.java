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

  @TempDir
  static Path data;
  private static ServerJar server;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    server = ServerJar.start(data);
    base = server.base();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static String token() throws Exception {
    return server.token("gp", "A81001");
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
