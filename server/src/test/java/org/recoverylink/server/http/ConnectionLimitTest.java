package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code --max-connections} over HTTP: with as many connections open as it allows, the server
 * takes no new one, however idle the open ones are, until one of them closes; then the one
 * that waited is served. So a flood of connections cannot fill its memory.
 */
class ConnectionLimitTest {

  private static final int MOST = 8;
  private static final String STATUS = "HTTP/1.1 200";

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.with(s -> s.options(o -> o
      .maxConnections(MOST)));

  /** A connection that has asked for the liveness probe. */
  private static Socket asking() throws IOException {
    Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort());
    socket.setSoTimeout(30_000);
    socket.getOutputStream().write(("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  private static String status(Socket socket) throws IOException {
    return new String(socket.getInputStream().readNBytes(STATUS.length()),
        StandardCharsets.US_ASCII);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void aConnectionBeyondTheLimitWaitsUntilOneCloses() throws Exception {
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < MOST; i++) {
        Socket socket = asking();
        open.add(socket);
        assertEquals(STATUS, status(socket)); // answered, and kept open (HTTP/1.1)
      }
      Socket beyond = asking();
      open.add(beyond);
      beyond.setSoTimeout(2_000);

      assertThrows(SocketTimeoutException.class, () -> status(beyond),
          "not taken while the limit is reached");

      open.remove(0).close();
      beyond.setSoTimeout(30_000);
      assertEquals(STATUS, status(beyond), "taken and answered once one closed");
    } finally {
      for (Socket socket : open) {
        socket.close();
      }
    }
  }
}
