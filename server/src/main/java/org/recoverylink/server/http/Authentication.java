package org.recoverylink.server.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.auth.TokenRefused;
import org.recoverylink.server.auth.TokenVerifier;

/**
 * Every request but {@code GET metadata} and our definitions ({@link ConformanceResource}), the
 * treatment system map ({@code GET map}), the health probes, {@code GET metrics} (which takes
 * its own token) and the public pages ({@link PublicPages}) needs a verified bearer token; the
 * caller it names is kept on the request for the resources' role checks. The server's own
 * warm-up requests ({@link Warmup}) carry their caller in a request property instead, which no
 * HTTP request can set.
 */
@Priority(Priorities.AUTHENTICATION)
public final class Authentication implements ContainerRequestFilter {

  private static final String CALLER = Caller.class.getName();
  private static final String BEARER = "Bearer ";
  private static final String NO_TOKEN = "an Authorization: Bearer token is required";

  private final TokenVerifier verifier;

  public Authentication(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    if (isPublic(request.getMethod(), request.getUriInfo().getPath())
        || PublicPages.isPublic(request) || InboxPages.isInbox(request)) {
      return;
    }
    Optional<Caller> warmUp = Warmup.caller(request); // set in this process only, never by HTTP
    if (warmUp.isPresent()) {
      request.setProperty(CALLER, warmUp.get());
      return;
    }
    String token = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION))
        .orElseThrow(() -> new FhirProblem(401, IssueType.LOGIN, NO_TOKEN));
    try {
      request.setProperty(CALLER, verifier.verify(token));
    } catch (TokenRefused refused) {
      throw new FhirProblem(401, IssueType.LOGIN, refused.getMessage());
    }
  }

  /** Whether an {@code Authorization} header (null: none) carries a token that is accepted. */
  public boolean accepts(String header) {
    return bearer(header).filter(token -> {
      try {
        verifier.verify(token);
        return true;
      } catch (TokenRefused refused) {
        return false;
      }
    }).isPresent();
  }

  private static Optional<String> bearer(String header) {
    return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        ? Optional.of(header.substring(BEARER.length()).strip()) : Optional.empty();
  }

  /**
   * Reading the CapabilityStatement and our definitions ({@link ConformanceResource}), the
   * treatment system map or the health probes: anyone,
   * without a token; {@code GET metrics} checks its own token.
   */
  private static boolean isPublic(String method, String path) {
    return method.equals("GET") && (path.equals(FhirIo.BASE + "metadata")
            || ConformanceResource.serves(path))
        || (method.equals("GET") || method.equals("HEAD")) && (MapResource.PUBLIC.contains(path)
            || HealthResource.PUBLIC.contains(path) || path.equals(MetricsResource.PATH));
  }

  /**
   * Names the caller of a request to the provider inbox, known by their session rather than a
   * token ({@link InboxPages}), for the audit.
   */
  static void signedIn(ContainerRequestContext request, Caller caller) {
    request.setProperty(CALLER, caller);
  }

  /** The caller of a request, if a token was accepted. */
  public static Optional<Caller> caller(ContainerRequestContext request) {
    return Optional.ofNullable((Caller) request.getProperty(CALLER));
  }

  /**
   * The caller of a request, if their role may do this and, when their token has scopes, the
   * scopes allow this endpoint ({@link EndpointScopes}). A caller with scopes and no role
   * ({@link Role#SYSTEM}) is allowed by the scopes alone.
   *
   * @throws FhirProblem 403 naming the roles that may, or the scope that would allow it
   */
  public static Caller require(ContainerRequestContext request, Role... allowed) {
    Caller caller = (Caller) request.getProperty(CALLER);
    if (caller == null) {
      throw new FhirProblem(401, IssueType.LOGIN, NO_TOKEN);
    }
    if (caller.role() != Role.SYSTEM && !Arrays.asList(allowed).contains(caller.role())) {
      List<String> roles = Arrays.stream(allowed).filter(r -> r != Role.SYSTEM)
          .map(Role::claim).toList();
      throw new FhirProblem(403, IssueType.FORBIDDEN, "role " + caller.role().claim()
          + " may not do this; it needs one of " + roles);
    }
    if (caller.scopes().isPresent()) {
      Optional<EndpointScopes.Need> need = EndpointScopes.of(request);
      if (need.isEmpty()) { // an endpoint left out of the table: no scope allows it
        throw new FhirProblem(403, IssueType.FORBIDDEN, "no scope allows this request");
      }
      if (!caller.scopes().get().allow(need.get().type(), need.get().interaction())) {
        throw new FhirProblem(403, IssueType.FORBIDDEN, "the token's scopes do not allow"
            + " this; it needs " + need.get().scopes());
      }
    }
    return caller;
  }
}
