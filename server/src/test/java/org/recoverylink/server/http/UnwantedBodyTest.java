package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A body the server refuses unread - over the 1 MiB limit, or from a caller without a valid
 * token - still gets its answer to a client that sends the whole of it: the server reads the
 * rest away instead of closing the connection under the client, which would have met the rest
 * with a reset and lost the answer (a broken pipe now and then). Over HTTP, with the JDK's
 * client as an integrator's program would send it, many times over.
 */
class UnwantedBodyTest {

  @RegisterExtension
  static final RunningServer SERVER = RunningServer.withDefaults();

  /** Enough sends that a one-in-ten reset would all but surely show. */
  private static final int SENDS = 40;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @ParameterizedTest(name = "{0} bytes, {1}, token: {2} -> {3}")
  @CsvSource({
      "2097152, declared, true, 413",
      "8000000, declared, true, 413",
      "2097152, declared, false, 413",
      "2097152, chunked, true, 413",
      "2097152, chunked, false, 401",
      "900000, declared, false, 401",
      "900000, chunked, false, 401"})
  void theClientHearsTheAnswerEveryTime(int size, String framing, boolean token, int status)
      throws Exception {
    byte[] body = ("{\"resourceType\": \"Parameters\", \"id\": \"" + "x".repeat(size) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < SENDS; i++) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(SERVER.base()
              + "/QuestionnaireResponse/$assess"))
          .header("Content-Type", "application/fhir+json")
          .POST(framing.equals("chunked")
              ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
              : HttpRequest.BodyPublishers.ofByteArray(body));
      if (token) {
        request.header("Authorization", "Bearer " + SERVER.gpToken());
      }

      HttpResponse<String> answer = HTTP.send(request.build(),
          HttpResponse.BodyHandlers.ofString());

      assertEquals(status, answer.statusCode(), answer.body());
      assertTrue(answer.body().contains("\"resourceType\":\"OperationOutcome\""), answer.body());
    }
  }

  /**
   * A client that asks before sending ({@code Expect: 100-continue}) is told 413 at once and
   * never asked for the body. (Over a socket: the JDK 17 client waits for ever when the answer
   * to its question is not 100, JDK-8286171.)
   */
  @Test
  @Timeout(60)
  void aClientExpectingContinueIsRefusedBeforeItSends() throws Exception {
    String answer = exchange("Expect: 100-continue\r\nAuthorization: Bearer " + SERVER.gpToken()
        + "\r\nContent-Length: 3000000\r\n\r\n");

    assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
    assertFalse(answer.contains("100 Continue"), answer);
  }

  /**
   * A client that declares a large body is answered at once, and the server stops reading
   * once it has waited long enough: a client sending a little now and then cannot hold the
   * connection for ever (its writes fail once the server has let go).
   */
  @Test
  @Timeout(60)
  void aBodyTricklingInDoesNotHoldTheConnection() throws Exception {
    try (Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head("Authorization: Bearer " + SERVER.gpToken() + "\r\nContent-Length: "
          + 8 * WholeBody.MAX_BODY + "\r\n\r\n{"));

      String answer = new String(socket.getInputStream().readAllBytes(),
          StandardCharsets.ISO_8859_1); // the server has answered and stopped writing

      assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
      assertThrows(IOException.class, () -> {
        while (true) { // a kilobyte every tenth of a second: far below the 8 MiB declared
          out.write(new byte[1024]);
          out.flush();
          Thread.sleep(100);
        }
      });
    }
  }

  /** An $assess request's head, ending in {@code rest}. */
  private static byte[] head(String rest) {
    return ("POST /fhir/QuestionnaireResponse/$assess HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: application/fhir+json\r\n" + rest).getBytes(StandardCharsets.US_ASCII);
  }

  /** Sends an $assess request's head and {@code rest}; what comes back until the server closes. */
  private static String exchange(String rest) throws Exception {
    try (Socket socket = new Socket(SERVER.base().getHost(), SERVER.base().getPort())) {
      socket.setSoTimeout(30_000);
      socket.getOutputStream().write(head(rest));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
