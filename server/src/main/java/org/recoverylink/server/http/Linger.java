package org.recoverylink.server.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Reads and throws away what is left of a request body once the request has been answered,
 * before Jetty may close the connection. A request is often answered before its body has all
 * arrived, or unread: a body over the 1 MiB limit (413, declared here or found as it arrives by
 * {@link WholeBody}), a caller without a valid token (401). Were the connection closed while the
 * client is still sending, its operating system would meet the rest with a reset that throws the
 * waiting answer away, and the client would report a broken connection instead of the 413 or
 * 401. So the handlers below see a request whose unread body Jetty and Jersey may not fail, and
 * the rest is read here after the answer has gone: at most {@link #BYTES}, for at most
 * {@link #TIME}, so a client cannot hold a connection by sending for ever; nothing is kept.
 */
public final class Linger extends Handler.Wrapper {

  /** The most of a left-over body read before the connection is let go regardless. */
  static final long BYTES = 16 * WholeBody.MAX_BODY;
  /** The longest a connection waits for the rest of a left-over body. */
  static final Duration TIME = Duration.ofSeconds(5);

  @Override
  public boolean handle(Request request, Response response, Callback callback)
      throws Exception {
    if (!WholeBody.hasBody(request)) {
      return super.handle(request, response, callback); // nothing can be left over
    }
    if (request.getLength() > WholeBody.MAX_BODY && request.getHeaders().contains(
        HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
      Response.writeError(request, response, callback, 413); // it waits: the body never comes
      return true;
    }
    Request kept = new Request.Wrapper(request) {
      @Override
      public boolean consumeAvailable() {
        return true; // the rest is read after the answer instead
      }

      @Override
      public void fail(Throwable failure) {
        // an unread body is read after the answer, not failed
      }
    };
    Callback rest = Callback.from(() -> new Leftover(request, callback).read(),
        callback::failed);
    if (request.getLength() > WholeBody.MAX_BODY) {
      Response.writeError(kept, response, rest, 413);
      return true;
    }
    return super.handle(kept, response, rest);
  }

  /** One answered request's unread body. */
  private static final class Leftover {

    private final Request request;
    private final Callback callback;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Scheduler.Task deadline; // set once reading has to wait
    private long read;

    Leftover(Request request, Callback callback) {
      this.request = request;
      this.callback = callback;
    }

    /** Reads what has arrived; Jetty calls again when more does. */
    void read() {
      while (!done.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          if (deadline == null) {
            deadline = request.getComponents().getScheduler().schedule(this::finish,
                TIME.toMillis(), TimeUnit.MILLISECONDS);
          }
          request.demand(this::read);
          return;
        }
        read += chunk.remaining();
        boolean last = chunk.isLast() || Content.Chunk.isFailure(chunk);
        chunk.release();
        if (last || read > BYTES) {
          finish();
        }
      }
    }

    /** The body is all read, too big to wait for, or too slow: the request is complete. */
    private void finish() {
      if (done.compareAndSet(false, true)) {
        Scheduler.Task task = deadline;
        if (task != null) {
          task.cancel();
        }
        callback.succeeded();
      }
    }
  }
}
