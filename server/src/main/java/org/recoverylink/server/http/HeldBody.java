package org.recoverylink.server.http;

import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Gives a resource that takes its body as bytes the array {@link WholeBody} already holds,
 * instead of letting Jersey copy it again through its streams and a growing buffer (about a
 * fourteenth of what an {@code $assess} call allocated). A body Jersey reads any other way, or
 * one that did not pass through {@link WholeBody} ({@link Warmup}'s, say), is read as before.
 *
 * <p>The stream Jersey opened on the body is still read to its end, without keeping what it
 * reads (through a buffer each thread keeps: a fresh one per call was a thirtieth of what
 * {@code $assess} allocated): Jetty's stream, closed with bytes left in it, makes an exception
 * (stack trace and all) to fail the body with, which cost a fiftieth of {@code $assess}'s
 * processor time.
 */
public final class HeldBody implements ReaderInterceptor {

  /** Each thread's buffer to read the unused stream through: a fresh one per call was 3%. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(
      () -> new byte[8192]);

  /** The body {@link WholeBody} held for the request this thread is serving ({@link #around}). */
  private static final ThreadLocal<byte[]> SERVING = new ThreadLocal<>();

  /**
   * Jersey's container, each request's held body handed to the thread that serves it: Jersey
   * reads the body on that thread, which may not be the one that received it ({@link Admission}
   * serves a request that waited its turn on another). Finding the request through Jersey's
   * injection instead cost a hundredth of {@code $assess}'s processor time.
   */
  public static Handler around(Handler jersey) {
    return new Handler.Wrapper(jersey) {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        SERVING.set(request.getAttribute(WholeBody.BODY) instanceof byte[] body ? body : null);
        try {
          return super.handle(request, response, callback);
        } finally {
          SERVING.remove();
        }
      }
    };
  }

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (context.getType() == byte[].class) {
      byte[] body = SERVING.get(); // none for the warm-up's calls, made without Jetty
      if (body != null) {
        InputStream unread = context.getInputStream();
        byte[] scratch = SCRATCH.get();
        while (unread.read(scratch) >= 0) {
          // read and let go
        }
        return body;
      }
    }
    return context.proceed();
  }
}
