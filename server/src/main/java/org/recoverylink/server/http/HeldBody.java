package org.recoverylink.server.http;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.server.Request;

/**
 * Gives a resource that takes its body as bytes the array {@link WholeBody} already holds,
 * instead of letting Jersey copy it again through its streams and a growing buffer (about a
 * fourteenth of what an {@code $assess} call allocated). A body Jersey reads any other way, or
 * one that did not pass through {@link WholeBody} ({@link Warmup}'s, say), is read as before.
 *
 * <p>The stream Jersey opened on the body is still read to its end, without keeping what it
 * reads (through a buffer each thread keeps: a fresh one per call was a thirtieth of what
 * {@code $assess} allocated): Jetty's stream, closed with bytes left in it, makes an exception (stack trace and all)
 * to fail the body with, which cost a fiftieth of {@code $assess}'s processor time.
 */
public final class HeldBody implements ReaderInterceptor {

  /** Each thread's buffer to read the unused stream through: a fresh one per call was 3%. */
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(
      () -> new byte[8192]);

  @Inject
  private Provider<Request> jetty;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (context.getType() == byte[].class) {
      Request request = jetty.get(); // none for the warm-up's calls, made without Jetty
      if (request != null && request.getAttribute(WholeBody.BODY) instanceof byte[] body) {
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
