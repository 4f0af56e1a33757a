package org.recoverylink.server.http;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.ByteBufferContentSource;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Scheduler;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Receives a request's whole body before Jersey sees the request, without holding a request
 * thread meanwhile: Jersey reads bodies by blocking, so a dozen clients sending a byte a second
 * would otherwise hold every request thread and starve everyone else. A body must keep pace
 * with {@code --body-rate} (after a {@link #GRACE} for the connection to get going) and be
 * whole within {@code --body-deadline}; otherwise it is answered 408 and the connection
 * closed. Bodies being received, waiting their turn ({@link Admission}) or being served hold
 * at most {@link #BUDGET} of memory between them; beyond that a request is answered 503 and
 * may be retried. Only a caller whose token is accepted, or a form sent to the public pages
 * (which need no token), gets that far: any other request goes straight to Jersey, which
 * refuses it (401) unread.
 */
public final class WholeBody extends Handler.Wrapper {

  /** The first seconds of a body are not held to the rate: slow starts of mobile links. */
  static final Duration GRACE = Duration.ofSeconds(5);
  /** The largest body taken; over it 413, declared ({@link Linger}) or as it arrives (here). */
  public static final long MAX_BODY = 1024 * 1024;
  /** Memory for the bodies held at once: 64 bodies of the 1 MiB maximum. */
  static final long BUDGET = 64 * MAX_BODY;
  /** The request attribute holding a body received whole, as bytes ({@link HeldBody}). */
  static final String BODY = WholeBody.class.getName() + ".body";

  private final long rate;
  private final long deadlineNanos;
  private final Predicate<String> authorised;
  private final AtomicLong buffered = new AtomicLong();

  /**
   * @param rate       bytes a second a body must average after {@link #GRACE}; 0: any rate
   * @param deadline   how long a whole body may take, from the end of the request's headers
   * @param authorised whether an {@code Authorization} header (or null) names an accepted caller
   */
  public WholeBody(long rate, Duration deadline, Predicate<String> authorised) {
    this.rate = rate;
    this.deadlineNanos = deadline.toNanos();
    this.authorised = authorised;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback)
      throws Exception {
    if (!hasBody(request)
        || !authorised.test(request.getHeaders().get(HttpHeader.AUTHORIZATION))
        && !PublicPages.takesForm(request.getMethod(), request.getHttpURI().getPath())) {
      return super.handle(request, response, callback);
    }
    new Receiver(request, response, callback).readAvailable();
    return true;
  }

  /** Whether the request declares a body: a length, or chunks to come. */
  static boolean hasBody(Request request) {
    return request.getLength() > 0 || request.getLength() < 0
        && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
  }

  /** One request's body on its way in. */
  private final class Receiver {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final List<ByteBuffer> parts = new ArrayList<>();
    // guarded by this: the reading thread and the scheduler's both look
    private Scheduler.Task pace; // null until the body keeps us waiting
    private long received;
    private boolean finished;

    Receiver(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
    }

    /** Takes in what has arrived; called again by Jetty when more does. */
    void readAvailable() {
      while (true) {
        synchronized (this) {
          if (finished) {
            return; // answered already: Jetty discards the rest with the connection
          }
        }
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          synchronized (this) {
            if (pace == null) { // most bodies are here at once and need no watching
              pace = schedule(Math.min(deadlineNanos, due()));
            }
          }
          request.demand(this::readAvailable);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          refused(chunk.getFailure());
          return;
        }
        boolean last = chunk.isLast();
        boolean kept = keep(chunk.getByteBuffer());
        chunk.release();
        if (!kept) {
          return;
        }
        if (last) {
          whole();
          return;
        }
      }
    }

    /**
     * Copies a part (Jetty's network buffers go back to its pool); false: the body is refused,
     * over the size limit (413) or over the memory budget (503), and {@link Linger} reads the
     * rest away after the answer.
     */
    private boolean keep(ByteBuffer part) {
      int size = part.remaining();
      boolean tooLong = false;
      synchronized (this) {
        if (finished) {
          return false;
        }
        if (received + size > MAX_BODY) {
          tooLong = true;
          finish();
        } else if (size > 0 && buffered.addAndGet(size) > BUDGET) {
          buffered.addAndGet(-size);
          finish();
        } else {
          if (size > 0) { // the last chunk is often empty: a part of nothing would be joined
            parts.add(ByteBuffer.allocate(size).put(part).flip());
            received += size;
          }
          return true;
        }
      }
      if (tooLong) {
        Response.writeError(request, response, callback, 413);
      } else {
        OutcomeErrorHandler.answer(response, callback, 503, IssueType.TRANSIENT, "the server is"
            + " holding too many request bodies at once; nothing was done: retry shortly");
      }
      return false;
    }

    /** The body is all here: Jersey reads it from memory. */
    private void whole() {
      synchronized (this) {
        if (finished) {
          return;
        }
        stop();
      }
      // The body keeps its share of the budget until it is answered: waiting its turn
      // (Admission) and being served, it is still held.
      Callback answered = Callback.from(callback, () -> buffered.addAndGet(-received));
      byte[] body = joined();
      parts.clear(); // the body has them now: a joined body's parts can go sooner
      request.setAttribute(BODY, body);
      Content.Source content = new ByteBufferContentSource(ByteBuffer.wrap(body));
      Request buffered = new Request.Wrapper(request) {
        @Override
        public Content.Chunk read() {
          return content.read();
        }

        @Override
        public void demand(Runnable demandCallback) {
          content.demand(demandCallback);
        }

        @Override
        public void fail(Throwable failure) {
          content.fail(failure);
        }
      };
      try {
        if (!WholeBody.super.handle(buffered, response, answered)) {
          Response.writeError(buffered, response, answered, 404);
        }
      } catch (Throwable failure) {
        answered.failed(failure);
      }
    }

    /** The parts as one array: most bodies come in one part, whose array is taken as it is. */
    private byte[] joined() {
      if (parts.size() == 1) { // each part's array is exactly its size
        return parts.get(0).array();
      }
      byte[] body = new byte[(int) received];
      int at = 0;
      for (ByteBuffer part : parts) {
        int size = part.remaining();
        part.get(body, at, size);
        at += size;
      }
      return body;
    }

    /** Reading failed: bad chunked encoding (400), silent too long (408), or the client left. */
    private void refused(Throwable failure) {
      synchronized (this) {
        if (finished) {
          return;
        }
        finish();
      }
      if (failure instanceof HttpException http) {
        Response.writeError(request, response, callback, http.getCode());
      } else if (failure instanceof TimeoutException) {
        late();
      } else {
        callback.failed(failure);
      }
    }

    /** On the scheduler: cut a body that has fallen behind, or look again when it may. */
    private void check() {
      long elapsed = NanoTime.since(request.getHeadersNanoTime());
      synchronized (this) {
        if (finished) {
          return;
        }
        if (elapsed < deadlineNanos && received >= owed(elapsed)) {
          pace = schedule(Math.min(deadlineNanos, due()));
          return;
        }
        finish();
      }
      late();
    }

    private void late() {
      OutcomeErrorHandler.answer(response, callback, 408, IssueType.TIMEOUT, "the request body"
          + " did not arrive in time (at least " + rate + " bytes a second after the first "
          + GRACE.toSeconds() + " s, whole within " + deadlineNanos / 1_000_000_000L
          + " s, never silent for the connection timeout); nothing was done");
    }

    /** Marks the body done with (caller holds the lock) and lets go of its share of memory. */
    private void finish() {
      stop();
      buffered.addAndGet(-received);
    }

    /** Marks the body received or refused (caller holds the lock): no more reading or pace. */
    private void stop() {
      finished = true;
      if (pace != null) {
        pace.cancel();
      }
    }

    /** Bytes due by {@code elapsed} nanoseconds after the headers. */
    private long owed(long elapsed) {
      return rate * Math.max(0, elapsed - GRACE.toNanos()) / 1_000_000_000L;
    }

    /** When, after the headers, more bytes than have arrived are due. */
    private long due() {
      return rate == 0 ? Long.MAX_VALUE
          : GRACE.toNanos() + (received + 1) * 1_000_000_000L / rate;
    }

    private Scheduler.Task schedule(long afterHeaders) {
      long delay = Math.max(1_000_000L, afterHeaders
          - NanoTime.since(request.getHeadersNanoTime()));
      return request.getComponents().getScheduler().schedule(this::check, delay,
          TimeUnit.NANOSECONDS);
    }
  }
}
