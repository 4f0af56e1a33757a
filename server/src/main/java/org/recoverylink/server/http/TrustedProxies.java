package org.recoverylink.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpScheme;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.recoverylink.server.config.AddressRange;

/**
 * {@code --trusted-proxy}: the client's address, scheme and host from {@code Forwarded} (RFC
 * 7239) or {@code X-Forwarded-*}, but only on a connection from one of the proxies named. Jetty's
 * own customizer believes whoever sends the headers, so anyone could claim to be any host over
 * https; here the headers of every other peer are left as they are, unread. The TLS-detail
 * headers ({@code Proxy-auth-cert}, {@code Proxy-ssl-id}) are never believed: they would let a
 * caller claim a client certificate.
 */
public final class TrustedProxies implements HttpConfiguration.Customizer {

  private final List<AddressRange> proxies;
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  public TrustedProxies(List<AddressRange> proxies) {
    this.proxies = List.copyOf(proxies);
    forwarded.setForwardedCipherSuiteHeader(null);
    forwarded.setForwardedSslSessionIdHeader(null);
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress peer = request.getConnectionMetaData().getRemoteSocketAddress();
    if (peer instanceof InetSocketAddress address && address.getAddress() != null
        && proxies.stream().anyMatch(range -> range.contains(address.getAddress()))) {
      return defaultPort(request, forwarded.customize(request, responseHeaders));
    }
    return request;
  }

  /**
   * RFC 7239's {@code host=} without a port means the scheme's default port, as a Host header
   * does; Jetty keeps the port the proxy connected to instead, so links would name it.
   */
  private static Request defaultPort(Request received, Request forwarded) {
    String header = received.getHeaders().get(HttpHeader.FORWARDED);
    if (header == null) {
      return forwarded;
    }
    String first = header.split(",")[0];
    for (String pair : first.split(";")) {
      String[] parts = pair.strip().split("=", 2);
      if (parts.length == 2 && parts[0].equalsIgnoreCase("host")) {
        String host = parts[1].replace("\"", "");
        boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
        HttpURI uri = forwarded.getHttpURI();
        if (!hasPort && uri.getPort() != HttpScheme.getDefaultPort(uri.getScheme())) {
          HttpURI withDefault = HttpURI.build(uri).port(-1).asImmutable();
          return new Request.Wrapper(forwarded) {
            @Override
            public HttpURI getHttpURI() {
              return withDefault;
            }
          };
        }
      }
    }
    return forwarded;
  }
}
