package org.recoverylink.server.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A real Jetty on loopback for the handlers under test, ending in one that reads each request's
 * body and answers a text made of its size; a request to a path ending {@code /hold} is kept
 * until {@link #close} (or {@link #release}), so that a test can fill the handlers' places.
 */
final class HoldingJetty implements AutoCloseable {

  private final CountDownLatch serving = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Server jetty;
  private final URI base;

  /**
   * @param threads the pool's threads
   * @param answer  the answer's text, from the size of the body read
   * @param chain   the handlers under test, outermost first
   */
  HoldingJetty(int threads, LongFunction<String> answer, Handler.Wrapper... chain)
      throws Exception {
    jetty = new Server(new QueuedThreadPool(threads));
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    jetty.addConnector(connector);
    Handler.Wrapper last = chain[chain.length - 1];
    for (int i = 1; i < chain.length; i++) {
      chain[i - 1].setHandler(chain[i]);
    }
    last.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback)
          throws Exception {
        long size = Content.Source.asByteBuffer(request).remaining();
        if (request.getHttpURI().getPath().endsWith("/hold")) {
          serving.countDown();
          release.await();
        }
        response.write(true, ByteBuffer.wrap(answer.apply(size)
            .getBytes(StandardCharsets.UTF_8)), callback);
        return true;
      }
    });
    jetty.setHandler(chain[0]);
    jetty.start();
    base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
  }

  URI base() {
    return base;
  }

  /** Whether a held request reached the end of the chain within {@code seconds}. */
  boolean serving(long seconds) throws InterruptedException {
    return serving.await(seconds, TimeUnit.SECONDS);
  }

  /** Lets the held request be answered. */
  void release() {
    release.countDown();
  }

  @Override
  public void close() throws Exception {
    release();
    jetty.stop();
  }
}
