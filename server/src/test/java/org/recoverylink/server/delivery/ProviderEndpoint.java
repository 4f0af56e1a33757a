package org.recoverylink.server.delivery;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * A treatment provider's own FHIR server, for tests of the hub's referral delivery
 * (docs/http-api.md "Refer"): HAPI's {@link RestfulServer} in Jetty on loopback, with a
 * server-level {@code $process-message} that keeps the BaRS receiver rules. The request id is
 * claimed before the message counts as delivered, a repeated {@code X-Request-ID} gets 409
 * {@code REC_CONFLICT} (issue code {@code duplicate}), a missing id or a body that is not a message
 * Bundle with a MessageHeader first gets 400 {@code REC_BAD_REQUEST}, and both ids are echoed on
 * every response.
 *
 * <p>It may serve HTTPS ({@link #tls}), with a filter before the FHIR base ({@link #guard}, e.g.
 * one requiring a bearer token) and servlets of its own beside it ({@link #servlet}, e.g. its
 * token endpoint).
 *
 * <p>Tests can make it fail ({@link #answerNext}), keep its answers back
 * ({@link #holdAnswersAfter}) or go away ({@link #stop}) and come back on the same address
 * ({@link #start}), and read what reached it. Safe for concurrent senders: each
 * request id is accepted exactly once.
 */
public final class ProviderEndpoint implements AutoCloseable {

  public static final String REQUEST_ID = "X-Request-ID";
  public static final String CORRELATION_ID = "X-Correlation-ID";
  public static final String ERROR_CODES = "https://fhir.nhs.uk/Codesystem/http-error-codes";

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  /**
   * One request as it arrived. {@code message} is null when the body was not a FHIR Bundle;
   * callers get a copy of it, so a record cannot be changed after the fact.
   */
  public record Received(String requestId, String correlationId, Bundle message, Instant at) {
    @Override
    public Bundle message() {
      return message == null ? null : message.copy();
    }
  }

  /** Guards everything below; held only for bookkeeping, never while parsing or doing I/O. */
  private final Object lock = new Object();
  private final List<Received> received = new ArrayList<>();
  private final List<Received> delivered = new ArrayList<>();
  private final Set<String> acceptedIds = new HashSet<>();
  private final Deque<Integer> failures = new ArrayDeque<>();
  /** Accepted messages beyond this many get no answer until {@link #release()}. */
  private int answered = Integer.MAX_VALUE;
  private int held;

  private Server jetty;
  /** Chosen by the OS at the first start, then kept so that a restart keeps the address. */
  private int port;
  /** HTTPS when set (and with it, client certificates if it needs them). */
  private SslContextFactory.Server tls;
  /** Runs before the FHIR servlet, e.g. to require a bearer token. */
  private Filter guard;
  private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();

  /** Serves HTTPS with this TLS set-up from the next start on, instead of HTTP. */
  public synchronized ProviderEndpoint tls(SslContextFactory.Server factory) {
    this.tls = factory;
    return this;
  }

  /** A filter every request to the FHIR base passes first, from the next start on. */
  public synchronized ProviderEndpoint guard(Filter filter) {
    this.guard = filter;
    return this;
  }

  /** Serves a servlet beside the FHIR base (e.g. a token endpoint at {@code /oauth2/token}). */
  public synchronized ProviderEndpoint servlet(String path, HttpServlet servlet) {
    servlets.put(path, servlet);
    return this;
  }

  /** The server's root, e.g. {@code https://127.0.0.1:41234}. */
  public synchronized String root() {
    return address().substring(0, address().length() - "/fhir".length());
  }

  /** Starts (or restarts, on the port of the first start) the server; no-op when running. */
  public synchronized ProviderEndpoint start() {
    if (jetty != null) {
      return this;
    }
    RestfulServer fhir = new RestfulServer(FHIR) {
      @Override
      protected void addRequestIdToResponse(ServletRequestDetails details, String ignored) {
        // HAPI would echo only ids it finds safe and invent one when there is none; BaRS wants
        // exactly what the sender sent, so echo the raw headers, on errors too.
        for (String header : List.of(REQUEST_ID, CORRELATION_ID)) {
          String value = details.getHeader(header);
          if (value != null) {
            details.getResponse().addHeader(header, value);
          }
        }
      }
    };
    fhir.setDefaultResponseEncoding(EncodingEnum.JSON);
    fhir.registerProvider(new ProcessMessage());
    Server server = new Server();
    ServerConnector connector = tls == null ? new ServerConnector(server)
        : new ServerConnector(server, tls);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(fhir), "/fhir/*");
    if (guard != null) {
      context.addFilter(new FilterHolder(guard), "/fhir/*", EnumSet.of(DispatcherType.REQUEST));
    }
    servlets.forEach((path, servlet) -> context.addServlet(new ServletHolder(servlet), path));
    server.setHandler(context);
    try {
      server.start();
    } catch (Exception e) {
      try {
        server.stop();
      } catch (Exception alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw new IllegalStateException("provider endpoint could not listen on 127.0.0.1:" + port, e);
    }
    port = connector.getLocalPort();
    jetty = server;
    return this;
  }

  /** Closes the port: senders get connection refused until {@link #start()}. */
  public synchronized void stop() {
    if (jetty == null) {
      return;
    }
    release(); // Jetty would wait for the withheld requests
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException("provider endpoint did not stop", e);
    } finally {
      jetty = null;
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** The FHIR base, e.g. {@code http://127.0.0.1:41234/fhir}; stable across stop and start. */
  public synchronized String address() {
    if (port == 0) {
      throw new IllegalStateException("provider endpoint has never been started");
    }
    return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/fhir";
  }

  /**
   * The next {@code times} requests that would have been accepted get {@code status} and an
   * OperationOutcome instead. They do not count as delivered and do not claim their request id,
   * so the sender's retry of the same message is accepted. Calls queue up in order.
   */
  public void answerNext(int status, int times) {
    if (status < 400 || status > 599 || times < 0) {
      throw new IllegalArgumentException("need a 4xx or 5xx status and times >= 0");
    }
    synchronized (lock) {
      for (int i = 0; i < times; i++) {
        failures.add(status);
      }
    }
  }

  /**
   * From the {@code n+1}th accepted message on, the answer is withheld until {@link #release()}:
   * the message counts as delivered here, but its sender does not hear so. That is the moment a
   * sender can die in, to come back not knowing what was delivered.
   */
  public void holdAnswersAfter(int n) {
    synchronized (lock) {
      answered = n;
    }
  }

  /** Answers every withheld message, and the ones after it, again at once. */
  public void release() {
    synchronized (lock) {
      answered = Integer.MAX_VALUE;
      lock.notifyAll();
    }
  }

  /**
   * Waits until at least {@code n} answers are being withheld at once.
   *
   * @throws AssertionError when the timeout passes first
   */
  public void awaitHeld(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (held < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("provider endpoint: expected " + n + " withheld answers within "
              + timeout + " but " + held + " are, after " + delivered.size() + " deliveries");
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /** Accepted messages, the first acceptance of each request id, in order of acceptance. */
  public List<Received> delivered() {
    synchronized (lock) {
      return List.copyOf(delivered);
    }
  }

  /** Every request that reached {@code $process-message}, refused ones included, in order. */
  public List<Received> received() {
    synchronized (lock) {
      return List.copyOf(received);
    }
  }

  /** How many requests reached {@code $process-message}, refused ones and duplicates included. */
  public int attempts() {
    synchronized (lock) {
      return received.size();
    }
  }

  /**
   * Waits until at least {@code n} distinct messages have been delivered and returns them.
   *
   * @throws AssertionError when the timeout passes first, saying what did arrive
   */
  public List<Received> awaitDelivered(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (delivered.size() < n) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("provider endpoint: expected " + n + " deliveries within "
              + timeout + " but got " + delivered.size() + " "
              + delivered.stream().map(Received::requestId).toList() + " from " + received.size()
              + " requests");
        }
        lock.wait(Math.max(1, left / 1_000_000));
      }
      return List.copyOf(delivered);
    }
  }

  /** {@code POST [base]/$process-message}, the BaRS entry point of every receiver. */
  public final class ProcessMessage {

    /** Manual request: the body is read here, so that any bad body gets our own BaRS 400. */
    @Operation(name = "$process-message", manualRequest = true)
    public OperationOutcome processMessage(ServletRequestDetails details) {
      String requestId = details.getHeader(REQUEST_ID);
      String correlationId = details.getHeader(CORRELATION_ID);
      String body = new String(details.loadRequestContents(), StandardCharsets.UTF_8);
      IBaseResource parsed = null;
      String problem = null;
      try {
        parsed = body.isBlank() ? null : parser(body).parseResource(body);
      } catch (DataFormatException e) {
        problem = "body is not a FHIR resource: " + e.getMessage();
      }
      if (problem == null) {
        problem = messageProblem(parsed);
      }
      if (requestId == null || requestId.isBlank()) {
        problem = REQUEST_ID + " header is missing";
      }
      Bundle message = parsed instanceof Bundle bundle ? bundle : null;
      Received arrival = new Received(requestId, correlationId, message, Instant.now());
      int status;
      synchronized (lock) {
        received.add(arrival);
        // Check and claim in one step: of concurrent duplicates exactly one makes the claim.
        if (problem != null) {
          status = 400;
        } else if (acceptedIds.contains(requestId)) {
          status = 409;
          problem = "message with " + REQUEST_ID + " " + requestId + " already received";
        } else if (!failures.isEmpty()) {
          status = failures.poll();
          problem = "failure set by the test (answerNext)";
        } else {
          status = 200;
          acceptedIds.add(requestId);
          delivered.add(arrival);
          lock.notifyAll();
          withhold(delivered.size());
        }
      }
      if (status != 200) {
        throw error(status, problem);
      }
      OperationOutcome ok = new OperationOutcome();
      ok.addIssue().setSeverity(IssueSeverity.INFORMATION).setCode(IssueType.INFORMATIONAL)
          .setDiagnostics("message " + requestId + " accepted");
      return ok;
    }
  }

  /** Called holding the lock: waits (letting go of it) while the nth acceptance is held. */
  private void withhold(int nth) {
    if (nth <= answered) {
      return;
    }
    held++;
    lock.notifyAll();
    try {
      while (nth > answered) {
        lock.wait();
      }
    } catch (InterruptedException e) { // the server is stopping: answer now
      Thread.currentThread().interrupt();
    } finally {
      held--;
    }
  }

  private static IParser parser(String body) {
    EncodingEnum encoding = EncodingEnum.detectEncodingNoDefault(body);
    return (encoding == null ? EncodingEnum.JSON : encoding).newParser(FHIR);
  }

  private static String messageProblem(IBaseResource parsed) {
    if (!(parsed instanceof Bundle message)) {
      return parsed == null ? "body is empty"
          : "body is a " + parsed.fhirType() + ", not a message Bundle";
    }
    if (message.getType() != Bundle.BundleType.MESSAGE) {
      return "Bundle.type is " + message.getTypeElement().getValueAsString() + ", not message";
    }
    if (message.getEntry().isEmpty()
        || !(message.getEntryFirstRep().getResource() instanceof MessageHeader)) {
      return "the first entry of a message Bundle must be a MessageHeader";
    }
    return null;
  }

  /** An HTTP error with the BaRS OperationOutcome for it ({@code REC_}: the receiver's fault). */
  private static UnclassifiedServerFailureException error(int status, String diagnostics) {
    String code;
    IssueType type;
    switch (status) {
      case 400 -> { code = "REC_BAD_REQUEST"; type = IssueType.INVALID; }
      case 401 -> { code = "REC_UNAUTHORIZED"; type = IssueType.LOGIN; }
      case 403 -> { code = "REC_FORBIDDEN"; type = IssueType.FORBIDDEN; }
      case 404 -> { code = "REC_NOT_FOUND"; type = IssueType.NOTFOUND; }
      case 408 -> { code = "REC_TIMEOUT"; type = IssueType.TIMEOUT; }
      case 409 -> { code = "REC_CONFLICT"; type = IssueType.DUPLICATE; }
      case 422 -> { code = "REC_UNPROCESSABLE_ENTITY"; type = IssueType.BUSINESSRULE; }
      case 429 -> { code = "REC_TOO_MANY_REQUESTS"; type = IssueType.THROTTLED; }
      case 501 -> { code = "REC_NOT_IMPLEMENTED"; type = IssueType.NOTSUPPORTED; }
      case 503 -> { code = "REC_UNAVAILABLE"; type = IssueType.TRANSIENT; }
      default -> {
        code = status < 500 ? "REC_BAD_REQUEST" : "REC_SERVER_ERROR";
        type = status < 500 ? IssueType.INVALID : IssueType.EXCEPTION;
      }
    }
    OperationOutcome outcome = new OperationOutcome();
    outcome.addIssue().setSeverity(IssueSeverity.ERROR).setCode(type).setDiagnostics(diagnostics)
        .getDetails().addCoding().setSystem(ERROR_CODES).setCode(code);
    return new UnclassifiedServerFailureException(status, diagnostics, outcome);
  }
}
