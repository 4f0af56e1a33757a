package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.RecoveryLinkServer;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.config.ServerSettings;

/**
 * A stop while a client still holds a request open: the server waits for it no longer than its
 * stop timeout, then closes it and stops the rest, so the stop ends normally and lets go of the
 * database (a server starts again on the same directory and answers).
 */
class StopTest {

  @TempDir
  Path data;

  private RecoveryLinkServer start() throws Exception {
    // A slow body is taken however slow, so only the stop can end this request.
    return RecoveryLinkServer.start(ServerSettings.builder(ServerOptions.defaults(data)
        .toBuilder().port(0).bodyRate(0).build()).build());
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aRequestStillArrivingDoesNotHoldTheStopUp() throws Exception {
    RecoveryLinkServer server = start();
    String token = DevelopmentIssuer.in(data).token(Role.GP, "A81001", Duration.ofMinutes(5),
        server.base().toString());
    AtomicBoolean trickling = new AtomicBoolean(true);
    try (Socket socket = new Socket(server.base().getHost(), server.base().getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(("POST /fhir/QuestionnaireResponse/$assess HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Bearer " + token + "\r\nContent-Type: application/fhir+json\r\n"
          + "Content-Length: 100000\r\n\r\n{\"resourceType\":").getBytes(StandardCharsets.UTF_8));
      out.flush();
      Thread trickle = new Thread(() -> { // a byte every 100 ms: never idle, never whole
        try {
          while (trickling.get()) {
            out.write(' ');
            out.flush();
            Thread.sleep(100);
          }
        } catch (IOException | InterruptedException closed) {
          // the server closed the connection: what the stop is meant to do
        }
      });
      trickle.start();
      Thread.sleep(500);

      long stopping = System.nanoTime();
      server.close(); // must not throw: the open request is the client's, not a failure
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
      trickling.set(false);
      trickle.join();

      assertTrue(took < 30_000, "stopped in " + took + " ms");
    }

    try (RecoveryLinkServer again = start()) {
      assertEquals(200, HttpClient.newHttpClient().send(HttpRequest.newBuilder(again.base()
          .resolve("/health/live")).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode());
    }
  }
}
