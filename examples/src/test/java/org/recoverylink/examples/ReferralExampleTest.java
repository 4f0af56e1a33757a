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

/** The referral example against the real server jar, started as its own process. */
class ReferralExampleTest {

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

  private static String token(String role, String org) throws Exception {
    Process command = new ProcessBuilder("java", "-jar", JAR.toString(), "token", "--role", role,
        "--org", org, "--data", data.toString()).start();
    String token = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .strip();
    assertEquals(0, command.waitFor());
    return token;
  }

  private static String run(String gp, String provider) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    ReferralExample.run(base, gp, provider, new PrintStream(printed, true,
        StandardCharsets.UTF_8));
    return printed.toString(StandardCharsets.UTF_8);
  }

  @Test
  void theGpRefersTheServiceAcceptsAndTheGpSeesIt() throws Exception {
    String printed = run(token("gp", "A81001"), token("provider", "phoenix-futures"));

    // An adult drinking, in Chelmsford: the county's alcohol service, with no endpoint listed,
    // so the referral waits on its worklist.
    assertTrue(printed.contains(" to Phoenix Futures adult alcohol service"), printed);
    assertTrue(printed.contains("Task requested, delivery worklist, with Phoenix Futures"),
        printed);
    assertTrue(printed.contains("== Accepted by the service ==\nTask accepted"), printed);
  }

  @Test
  void anotherServiceCannotAcceptIt() throws Exception {
    String printed = run(token("gp", "A81001"), token("provider", "open-road"));

    assertTrue(printed.contains("Task requested"), printed);
    assertTrue(printed.contains("not on this organisation's worklist"), printed);
  }
}
