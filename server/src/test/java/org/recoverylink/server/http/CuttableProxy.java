package org.recoverylink.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy on a loopback port of its own, forwarding to a host and port, that a test can cut
 * (every connection through it closed, new ones closed as soon as they are accepted) and restore:
 * a database made unreachable for one server without touching the database itself, which other
 * tests share.
 */
final class CuttableProxy implements AutoCloseable {

  private final ServerSocket listening;
  private final String host;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;

  CuttableProxy(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port it listens on. */
  int port() {
    return listening.getLocalPort();
  }

  /** Closes every connection through it and closes new ones at once. */
  void cut() {
    cut = true;
    open.forEach(CuttableProxy::quietlyClose);
    open.clear();
  }

  /** Forwards new connections again. */
  void restore() {
    cut = false;
  }

  private void accept() {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket server = new Socket(host, port);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side went away
      } finally {
        quietlyClose(from);
        quietlyClose(to);
        open.remove(from);
        open.remove(to);
      }
    }, "proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void quietlyClose(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closed already
    }
  }

  @Override
  public void close() throws IOException {
    cut();
    listening.close();
  }
}
