package org.recoverylink.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * The address every link the server writes starts with (Location, a Bundle's fullUrl and paging
 * links): {@code --public-base-url} when given, so that links name the address callers reach the
 * API by rather than the one it listens on behind a load balancer; otherwise the address the
 * request was made to (as a trusted proxy forwarded it), written without a default port. The
 * request is seen as made to that address before anything reads it.
 */
@PreMatching
@Priority(Priorities.HEADER_DECORATOR - 100)
public final class PublicAddress implements ContainerRequestFilter {

  /** The path of the FHIR API under the server's root, which a public base URL ends with. */
  public static final String BASE_PATH = "fhir";

  private final Optional<URI> root;

  /**
   * @param publicBase {@code --public-base-url}, which ends {@code /fhir} as {@code
   *                   ServerOptions} ensures
   */
  public PublicAddress(Optional<URI> publicBase) {
    this.root = publicBase.map(URI::toString)
        .map(base -> URI.create(base.substring(0, base.length() - BASE_PATH.length())));
  }

  @Override
  public void filter(ContainerRequestContext request) {
    URI base = request.getUriInfo().getBaseUri();
    URI relative = base.relativize(request.getUriInfo().getRequestUri());
    URI to = root.orElseGet(() -> withoutDefaultPort(base));
    request.setRequestUri(to, to.resolve(relative));
  }

  /** https://host:443/ as https://host/, as forwarded requests come. */
  private static URI withoutDefaultPort(URI base) {
    boolean defaultPort = base.getPort() == 443 && "https".equals(base.getScheme())
        || base.getPort() == 80 && "http".equals(base.getScheme());
    if (!defaultPort) {
      return base;
    }
    try {
      return new URI(base.getScheme(), base.getUserInfo(), base.getHost(), -1, base.getPath(),
          null, null);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e); // the parts of a URI Jersey made
    }
  }
}
