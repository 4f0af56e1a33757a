package org.recoverylink.benchmarks.load;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A treatment provider's FHIR endpoint reduced to what the hub benchmark needs: {@code POST
 * {base}/$process-message} reads the message, answers 200 with a small OperationOutcome and
 * counts distinct {@code X-Request-ID}s; an id it has seen before gets 409 (BaRS: a duplicate),
 * which the hub counts as delivered. It does not parse the message: the benchmark measures the
 * hub, and a provider's own processing would only take CPU from it on a 2-core machine.
 *
 * <p>Plain Jetty 12 core handler on loopback, no servlet layer. Only for benchmarking.
 */
public final class LocalProvider implements AutoCloseable {

  private static final String PATH = "/fhir/$process-message";
  private static final byte[] OK = ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
      + "\"severity\":\"information\",\"code\":\"informational\",\"diagnostics\":\"received\"}]}")
      .getBytes(StandardCharsets.UTF_8);
  private static final byte[] DUPLICATE = ("{\"resourceType\":\"OperationOutcome\",\"issue\":[{"
      + "\"severity\":\"error\",\"code\":\"duplicate\",\"diagnostics\":\"this X-Request-ID was"
      + " received before\"}]}").getBytes(StandardCharsets.UTF_8);

  private final Server jetty;
  private final ServerConnector connector;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private volatile long target = Long.MAX_VALUE;
  private volatile long reachedNanos;

  private LocalProvider(int port) {
    QueuedThreadPool threads = new QueuedThreadPool(16, 4);
    threads.setName("provider");
    jetty = new Server(threads);
    connector = new ServerConnector(jetty, 1, 1);
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    jetty.addConnector(connector);
    jetty.setHandler(new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        return receive(request, response, callback);
      }
    });
  }

  /** A provider serving {@code http://127.0.0.1:{port}/fhir}. */
  public static LocalProvider start(int port) throws Exception {
    LocalProvider provider = new LocalProvider(port);
    provider.jetty.start();
    return provider;
  }

  /** The FHIR base the directory names as the service's endpoint address. */
  public String base() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/fhir";
  }

  private boolean receive(Request request, Response response, Callback callback) {
    if (!"POST".equals(request.getMethod()) || !PATH.equals(request.getHttpURI().getPath())) {
      other.incrementAndGet();
      Response.writeError(request, response, callback, 404);
      return true;
    }
    String id = request.getHeaders().get("X-Request-ID");
    requests.incrementAndGet();
    boolean first = id != null && seen.add(id);
    if (first && seen.size() >= target && reachedNanos == 0) {
      reachedNanos = System.nanoTime();
    }
    if (!first) {
      duplicates.incrementAndGet();
    }
    // Read the whole message before answering, as a real receiver would.
    Content.Source.consumeAll(request, Callback.from(() -> {
      response.setStatus(first ? 200 : 409);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/fhir+json");
      response.write(true, ByteBuffer.wrap(first ? OK : DUPLICATE), callback);
    }, callback::failed));
    return true;
  }

  /** From now on, remember when {@code count} distinct deliveries have arrived. */
  public void watchFor(long count) {
    reachedNanos = 0;
    target = count;
    if (seen.size() >= count) {
      reachedNanos = System.nanoTime();
    }
  }

  /** {@link System#nanoTime} when the watched count was reached, 0 while it is not. */
  public long reachedNanos() {
    return reachedNanos;
  }

  /** Distinct X-Request-IDs received. */
  public long distinct() {
    return seen.size();
  }

  /** Requests to $process-message, repeats included. */
  public long requests() {
    return requests.get();
  }

  /** Requests whose X-Request-ID had been received before (answered 409). */
  public long duplicates() {
    return duplicates.get();
  }

  /** Requests to anything else. */
  public long other() {
    return other.get();
  }

  @Override
  public void close() throws Exception {
    jetty.stop();
  }
}
