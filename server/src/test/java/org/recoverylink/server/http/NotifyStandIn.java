package org.recoverylink.server.http;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.json.JSONObject;

/**
 * A stand-in for GOV.UK Notify's HTTP API, on loopback, for the hub's hearing-back tests: the two
 * calls the hub makes, {@code POST /v2/notifications/sms} and {@code POST
 * /v2/notifications/email}, checked as Notify checks them - a bearer JWT signed HS256 with the
 * API key's secret, whose {@code iss} is the service id and whose {@code iat} is within 30
 * seconds (403 otherwise), a JSON body with the template id, the number or address and the
 * personalisation (400 otherwise) - and answered 201 with the body Notify gives. It can be told
 * to fail the next requests with 500, and records what it took.
 */
final class NotifyStandIn implements AutoCloseable {

  /** One notification taken. */
  record Taken(String kind, String to, String template, String message, String reference) {
  }

  static final String SERVICE_ID = "5b3b7a1e-6c2d-4a8e-9f10-2b3c4d5e6f70";
  static final String SECRET = "9e8d7c6b-5a49-4837-a261-504f3e2d1c0b";
  /** An API key as Notify issues them: its name, the service id, the secret. */
  static final String API_KEY = "hub_test-" + SERVICE_ID + "-" + SECRET;

  private final HttpServer server;
  private final Object lock = new Object();
  private final List<Taken> taken = new ArrayList<>();
  private int requests;
  private int failNext;
  private int failStatus = 500;

  NotifyStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v2/notifications/sms", exchange -> handle(exchange, "sms"));
    server.createContext("/v2/notifications/email", exchange -> handle(exchange, "email"));
    server.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The next {@code n} requests get 500, as Notify does when it is in trouble. */
  void failNext(int n) {
    failNext(n, 500);
  }

  /** The next {@code n} requests get {@code status}, e.g. 400 for a number Notify refuses. */
  void failNext(int n, int status) {
    synchronized (lock) {
      failNext = n;
      failStatus = status;
    }
  }

  List<Taken> taken() {
    synchronized (lock) {
      return List.copyOf(taken);
    }
  }

  int requests() {
    synchronized (lock) {
      return requests;
    }
  }

  /** Waits until {@code n} notifications were taken; fails after {@code timeout}. */
  List<Taken> await(int n, Duration timeout) throws InterruptedException {
    Instant end = Instant.now().plus(timeout);
    synchronized (lock) {
      while (taken.size() < n) {
        long left = Duration.between(Instant.now(), end).toMillis();
        if (left <= 0) {
          throw new AssertionError("Notify took " + taken.size() + " of " + n
              + " notifications: " + taken);
        }
        lock.wait(left);
      }
      return List.copyOf(taken);
    }
  }

  private void handle(HttpExchange exchange, String kind) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        answer(exchange, 405, error("MethodNotAllowed", "POST only"));
        return;
      }
      String body = new String(exchange.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8);
      synchronized (lock) {
        requests++;
        if (failNext > 0) {
          failNext--;
          answer(exchange, failStatus, failStatus == 500
              ? error("Exception", "Internal server error")
              : error("ValidationError", "phone_number Not a UK mobile number"));
          return;
        }
      }
      String problem = authProblem(exchange.getRequestHeaders().getFirst("Authorization"));
      if (problem != null) {
        answer(exchange, 403, error("AuthError", problem));
        return;
      }
      JSONObject request;
      try {
        request = new JSONObject(body);
      } catch (RuntimeException e) {
        answer(exchange, 400, error("BadRequestError", "not JSON"));
        return;
      }
      String to = request.optString(kind.equals("sms") ? "phone_number" : "email_address", "");
      String template = request.optString("template_id", "");
      JSONObject personalisation = request.optJSONObject("personalisation");
      if (to.isEmpty() || template.isEmpty() || personalisation == null
          || !personalisation.has("message")) {
        answer(exchange, 400, error("ValidationError", "Missing personalisation: message"));
        return;
      }
      String reference = request.optString("reference", null);
      String message = personalisation.getString("message");
      String id = UUID.randomUUID().toString();
      JSONObject content = new JSONObject().put("body", message);
      if (kind.equals("sms")) {
        content.put("from_number", "GOVUK");
      } else {
        content.put("from_email", "service@notifications.service.gov.uk")
            .put("subject", "Your referral");
      }
      JSONObject answer = new JSONObject().put("id", id).put("content", content)
          .put("uri", base() + "/v2/notifications/" + id)
          .put("template", new JSONObject().put("id", template).put("version", 1)
              .put("uri", base() + "/v2/template/" + template));
      answer.put("reference", reference == null ? JSONObject.NULL : reference);
      synchronized (lock) {
        taken.add(new Taken(kind, to, template, message, reference));
        lock.notifyAll();
      }
      answer(exchange, 201, answer.toString());
    }
  }

  /** Why Notify would refuse this Authorization; null when it would take it. */
  private static String authProblem(String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return "Unauthorized: authentication token must be provided";
    }
    try {
      SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
      if (!jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.HS256)) {
        return "Invalid token: algorithm used is not HS256";
      }
      if (!jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))) {
        return "Invalid token: signature, api token not found";
      }
      if (!SERVICE_ID.equals(jwt.getJWTClaimsSet().getIssuer())) {
        return "Invalid token: service not found";
      }
      if (jwt.getJWTClaimsSet().getIssueTime() == null || Math.abs(Duration.between(
          jwt.getJWTClaimsSet().getIssueTime().toInstant(), Instant.now()).toSeconds()) > 30) {
        return "Error: Your system clock must be accurate to within 30 seconds";
      }
      return null;
    } catch (Exception e) {
      return "Invalid token: " + e.getClass().getSimpleName();
    }
  }

  private static String error(String error, String message) {
    return new JSONObject().put("status_code", 0).put("errors", List.of(new JSONObject()
        .put("error", error).put("message", message))).toString();
  }

  private static void answer(HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
