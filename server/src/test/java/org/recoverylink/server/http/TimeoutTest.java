package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.RecoveryLinkServer;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;

/** A client whose body stops arriving is answered 408 and holds no thread beyond the timeout. */
class TimeoutTest {

  @TempDir
  static Path data;
  private static RecoveryLinkServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RecoveryLinkServer.start(ServerSettings.builder(ServerOptions.defaults(data)
        .toBuilder().port(0).timeout(1).build()).build());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void aStalledBodyIsAnswered408() throws Exception {
    String token = DevelopmentIssuer.in(data).token(Role.GP, "A81001", Duration.ofMinutes(1),
        server.base().toString());
    try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /fhir/QuestionnaireResponse/$assess HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + token + "\r\nContent-Type: application/fhir+json\r\n"
          + "Content-Length: 1000\r\n\r\n{\"resourceType\":").getBytes(StandardCharsets.UTF_8));
      out.flush();
      long sent = System.nanoTime();

      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("\"resourceType\":\"OperationOutcome\""), answer);
      assertTrue(System.nanoTime() - sent < 9_000_000_000L, "given up after the timeout");
    }
  }
}
