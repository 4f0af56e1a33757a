package org.recoverylink.server.http;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.server.Request;

/**
 * Gives a resource that takes its body as bytes the array {@link WholeBody} already holds,
 * instead of letting Jersey copy it again through its streams and a growing buffer (about a
 * fourteenth of what an {@code $assess} call allocated). A body Jersey reads any other way, or
 * one that did not pass through {@link WholeBody} ({@link Warmup}'s, say), is read as before.
 *
 * <p>The stream Jersey opened on the body is still read to its end, without keeping what it
 * reads: Jetty's stream, closed with bytes left in it, makes an exception (stack trace and all)
 * to fail the body with, which cost a fiftieth of {@code $assess}'s processor time.
 */
public final class HeldBody implements ReaderInterceptor {

  @Inject
  private Provider<Request> jetty;

  @Override
  public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
    if (context.getType() == byte[].class) {
      Request request = jetty.get(); // none for the warm-up's calls, made without Jetty
      if (request != null && request.getAttribute(WholeBody.BODY) instanceof byte[] body) {
        context.getInputStream().transferTo(OutputStream.nullOutputStream());
        return body;
      }
    }
    return context.proceed();
  }
}
