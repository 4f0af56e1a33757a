package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.server.config.ServerOptions;

/**
 * Clients that declare a body and then send it a byte a second (more of them than there are
 * request threads) neither hold up other callers nor keep their connections: with the default
 * options, over HTTP. A body is only waited for from a caller whose token is accepted.
 */
class SlowBodyTest {

  /** More slow clients than the default request threads (at least 8). */
  private static final int SLOW_CLIENTS = 2 * ServerOptions.DEFAULT_THREADS;

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  /** The client's own timeout: generous, on a shared machine, for what takes milliseconds. */
  private static final Duration PROMPTLY = Duration.ofSeconds(10);
  private static final String ROUTE = "{\"resourceType\":\"Parameters\",\"parameter\":["
      + "{\"name\":\"patient\",\"resource\":{\"resourceType\":\"Patient\",\"birthDate\":"
      + "\"1979-06-01\",\"address\":[{\"postalCode\":\"CO15 1AA\"}]}},{\"name\":"
      + "\"substance\",\"valueCode\":\"opioids\"}]}";

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return HttpClient.newBuilder().connectTimeout(PROMPTLY).build().send(request
        .timeout(PROMPTLY).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder metadata() {
    return HttpRequest.newBuilder(URI.create(SERVER.base() + "/metadata"));
  }

  private static HttpRequest.Builder route() {
    return HttpRequest.newBuilder(URI.create(SERVER.base() + "/ServiceRequest/$route"))
        .header("Authorization", "Bearer " + SERVER.gpToken())
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(ROUTE));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void slowBodiesAreCutAndStarveNobody() throws Exception {
    // Once before, without a timeout: a fresh JVM takes its time over a first request.
    HttpClient.newHttpClient().send(metadata().build(), HttpResponse.BodyHandlers.ofString());
    HttpClient.newHttpClient().send(route().build(), HttpResponse.BodyHandlers.ofString());
    List<Socket> slow = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort());
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(("POST /fhir/ServiceRequest/$route HTTP/1.1\r\n"
            + "Host: localhost\r\nAuthorization: Bearer " + SERVER.gpToken() + "\r\n"
            + "Content-Type: application/fhir+json\r\nContent-Length: 100000\r\n\r\n{")
            .getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      trickle.scheduleAtFixedRate(() -> slow.forEach(SlowBodyTest::oneByte), 1, 1,
          TimeUnit.SECONDS);
      Thread.sleep(2_000); // every slow body is being read

      // Served as if nothing else were happening: within the client's own timeout.
      assertEquals(200, send(metadata()).statusCode());
      HttpResponse<String> routed = send(route());
      assertEquals(200, routed.statusCode(), routed.body());

      // Each slow client is answered 408 and its connection closed, long before its body
      // could have arrived (100,000 s) or its socket's read timeout (60 s).
      for (Socket socket : slow) {
        String answer = readToEnd(socket.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
        assertTrue(answer.contains("\"resourceType\":\"OperationOutcome\""), answer);
      }
    } finally {
      trickle.shutdownNow();
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void slowFormsToThePublicPagesAreCutAndStarveNobody() throws Exception {
    HttpRequest.Builder start = HttpRequest.newBuilder(SERVER.base().resolve("/"));
    HttpClient.newHttpClient().send(start.build(), HttpResponse.BodyHandlers.ofString());
    List<Socket> slow = new ArrayList<>();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort());
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(("POST /refer/who HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/x-www-form-urlencoded\r\n"
            + "Content-Length: 100000\r\n\r\nw").getBytes(StandardCharsets.US_ASCII));
        slow.add(socket);
      }
      trickle.scheduleAtFixedRate(() -> slow.forEach(SlowBodyTest::oneByte), 1, 1,
          TimeUnit.SECONDS);
      Thread.sleep(2_000); // every slow form is being read

      assertEquals(200, send(start).statusCode());
      for (Socket socket : slow) {
        String answer = readToEnd(socket.getInputStream());
        assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      }
    } finally {
      trickle.shutdownNow();
      for (Socket socket : slow) {
        socket.close();
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aBodyWithoutAnAcceptedTokenIsRefusedWithoutWaitingForIt() throws Exception {
    for (String authorization : List.of("", "Authorization: Bearer not-a-token\r\n")) {
      try (Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort())) {
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(("POST /fhir/ServiceRequest/$route HTTP/1.1\r\n"
            + "Host: localhost\r\n" + authorization + "Content-Type: application/fhir+json\r\n"
            + "Content-Length: 100000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));

        String answer = readUntil(socket.getInputStream(), "OperationOutcome");

        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(answer.contains("\"resourceType\":\"OperationOutcome\""), answer);
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aBodyArrivingInPiecesIsReadWhole() throws Exception {
    byte[] body = ROUTE.getBytes(StandardCharsets.US_ASCII);
    int third = body.length / 3;
    for (boolean chunked : List.of(false, true)) {
      try (Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort())) {
        socket.setSoTimeout(30_000);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /fhir/ServiceRequest/$route HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer " + SERVER.gpToken() + "\r\nConnection: close\r\n"
            + "Content-Type: application/fhir+json\r\n" + (chunked
                ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + body.length
                + "\r\n\r\n")).getBytes(StandardCharsets.US_ASCII));
        for (int from : new int[] {0, third, 2 * third}) {
          int to = from == 2 * third ? body.length : from + third;
          if (chunked) {
            out.write((Integer.toHexString(to - from) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
          }
          out.write(body, from, to - from);
          if (chunked) {
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.flush();
          Thread.sleep(300); // each piece its own read on the server
        }
        if (chunked) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }

        String answer = readToEnd(socket.getInputStream());

        assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
        assertTrue(answer.contains("\"resourceType\":\"Parameters\""), answer);
      }
    }
  }

  private static void oneByte(Socket socket) {
    try {
      OutputStream out = socket.getOutputStream();
      out.write(' ');
      out.flush();
    } catch (IOException cut) {
      // the server has closed it: what the test waits for
    }
  }

  /** What the server sent before closing the connection. */
  private static String readToEnd(InputStream in) throws IOException {
    return readUntil(in, null);
  }

  /** What the server sent until it sent {@code text} (null: until it closed the connection). */
  private static String readUntil(InputStream in, String text) throws IOException {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (text == null || answer.indexOf(text) < 0) && (n = in.read(buffer)) >= 0; ) {
        answer.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
      }
    } catch (java.net.SocketException reset) {
      // closed with bytes of ours unread: what was answered before is what counts
    }
    return answer.toString();
  }
}
