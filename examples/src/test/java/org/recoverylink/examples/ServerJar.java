package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The real server jar, started as its own process on a free loopback port, for the examples. */
final class ServerJar implements AutoCloseable {

  private static final Path JAR = Path.of("../server/target/recoverylink-server.jar");

  private final Path data;
  private final Process process;
  private final String base;

  private ServerJar(Path data, Process process, String base) {
    this.data = data;
    this.process = process;
    this.base = base;
  }

  /** Starts the jar over {@code data} and returns once it logs that it is ready. */
  static ServerJar start(Path data) throws Exception {
    assertTrue(Files.exists(JAR), "build the server first: mvn -B package (" + JAR + ")");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process process = new ProcessBuilder("java", "-jar", JAR.toString(), "--port",
        String.valueOf(port), "--data", data.toString()).redirectErrorStream(true).start();
    BufferedReader log = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
    for (String line = log.readLine(); line != null; line = log.readLine()) {
      if (line.contains("ready at")) {
        break;
      }
    }
    Thread drain = new Thread(() -> log.lines().forEach(line -> { }));
    drain.setDaemon(true);
    drain.start();
    return new ServerJar(data, process, "http://127.0.0.1:" + port + "/fhir");
  }

  /** The FHIR base URL. */
  String base() {
    return base;
  }

  /**
   * A development token for {@code role} at {@code org}, for this server (its {@code aud}),
   * from the jar's token command.
   */
  String token(String role, String org) throws Exception {
    Process command = new ProcessBuilder("java", "-jar", JAR.toString(), "token", "--role", role,
        "--org", org, "--data", data.toString(), "--base-url", base).start();
    String token = new String(command.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .strip();
    assertEquals(0, command.waitFor());
    return token;
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
