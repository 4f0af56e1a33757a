package org.recoverylink.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Serves as many requests at once as there are request threads (Jetty's {@link QoSHandler});
 * the rest wait their turn in order, holding no thread, for at most {@code --queue-wait}, and
 * are then answered 503 with {@code Retry-After}: an OperationOutcome under {@code /fhir}, the
 * "busy" page elsewhere. Asked for more than it can do, the server tells callers to come back
 * instead of queueing them without end: a queue without a bound grows until the heap is full,
 * and a request that has waited out its caller's timeout is work thrown away. Such an answer
 * read and changed nothing, so it has no audit row (like a body refused by {@link WholeBody}).
 * The health probes and the metrics are never held back: a load balancer must see an
 * overloaded server as alive.
 */
public final class Admission extends QoSHandler {

  /** Seconds a caller turned away is asked to wait before trying again. */
  static final String RETRY_AFTER = "5";

  private final byte[] busyPage;
  private final AtomicLong turnedAway = new AtomicLong();

  /**
   * @param atOnce      requests served at once: the request threads
   * @param wait        the longest a request waits for its turn
   * @param mostWaiting the most requests waiting at once (no more than there are connections)
   * @param busyPage    the page a person is shown when turned away
   */
  public Admission(int atOnce, Duration wait, int mostWaiting, String busyPage) {
    setMaxRequestCount(atOnce);
    setMaxSuspend(wait);
    setMaxSuspendedRequestCount(mostWaiting);
    excludePath("/health/*", "/metrics");
    this.busyPage = busyPage.getBytes(StandardCharsets.UTF_8);
  }

  /** Its meters: the requests waiting their turn now, and those turned away since the start. */
  public Admission countIn(MeterRegistry registry) {
    Gauge.builder("recoverylink.requests.waiting", this, Admission::getSuspendedRequestCount)
        .description("Requests waiting their turn while --threads others are served")
        .register(registry);
    FunctionCounter.builder("recoverylink.requests.turned.away", turnedAway, AtomicLong::get)
        .description("Requests answered 503 after waiting --queue-wait for their turn")
        .register(registry);
    return this;
  }

  /** A request that waited its time out; any other failure Jetty's way (its error handler). */
  @Override
  protected void failSuspended(Request request, Response response, Callback callback,
      int status, Throwable failure) {
    if (status != 503) {
      super.failSuspended(request, response, callback, status, failure);
      return;
    }
    turnedAway.incrementAndGet();
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER);
    String path = request.getHttpURI().getPath();
    if (path.equals("/fhir") || path.startsWith("/fhir/")) {
      OutcomeErrorHandler.answer(response, callback, 503, IssueType.TRANSIENT, "the server is"
          + " serving as many requests as it can and this one waited its turn too long;"
          + " nothing was done: retry after " + RETRY_AFTER + " s");
      return;
    }
    response.setStatus(503);
    PublicPages.PAGE_HEADERS.forEach(response.getHeaders()::put);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PublicPages.HTML);
    response.write(true, ByteBuffer.wrap(busyPage), callback);
  }
}
