package org.recoverylink.server.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's OAuth token endpoint, as SMART Backend Services describes it, for tests of the
 * hub's {@code private_key_jwt} deliveries: it takes the client credentials grant with a signed
 * JWT assertion, checks the signature against the one client's registered public key (RS384),
 * the {@code kid}, {@code iss} = {@code sub} = the client id, {@code aud} = the URL it was
 * called at, an
 * {@code exp} in the future and at most five minutes on, and a {@code jti} it has not seen, and
 * issues a random access token. {@link #guard()} is the receiving FHIR server's check of those
 * tokens: a request without a token it issued (and that has not expired) is answered 401 and
 * goes no further.
 */
final class TokenEndpoint extends HttpServlet {

  private static final long serialVersionUID = 1L;
  static final String PATH = "/oauth2/token";
  static final String CLIENT_ID = "recoverylink-hub";
  static final String SCOPE = "system/ServiceRequest.write";

  /** One request to the FHIR base as the guard saw it: its headers, and whether it passed. */
  record Seen(Map<String, String> headers, boolean authenticated) {
  }

  private final RSAKey client;
  private final Duration lifetime;
  private final Set<String> jtis = Collections.synchronizedSet(new HashSet<>());
  /** The tokens the receiver takes, until they expire or are revoked. */
  private final Map<String, Instant> valid = new ConcurrentHashMap<>();
  private final AtomicInteger issued = new AtomicInteger();
  private final List<String> refusals = Collections.synchronizedList(new ArrayList<>());
  private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
  /** Answers given instead of the next token requests', in order: status, then body. */
  private final Deque<Map.Entry<Integer, String>> scripted = new ConcurrentLinkedDeque<>();
  private final AtomicInteger requests = new AtomicInteger();

  /**
   * @param client   the client's registered public key
   * @param lifetime how long its tokens last
   */
  TokenEndpoint(RSAKey client, Duration lifetime) {
    this.client = client.toPublicJWK();
    this.lifetime = lifetime;
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    requests.incrementAndGet();
    Map.Entry<Integer, String> script = scripted.poll();
    if (script != null) {
      response.setStatus(script.getKey());
      response.setContentType("application/json");
      response.getOutputStream().write(script.getValue().getBytes(StandardCharsets.UTF_8));
      return;
    }
    String problem = check(request);
    if (problem != null) {
      refusals.add(problem);
      answer(response, 401, Map.of("error", "invalid_client", "error_description", problem));
      return;
    }
    String token = UUID.randomUUID().toString();
    valid.put(token, Instant.now().plus(lifetime));
    issued.incrementAndGet();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("access_token", token);
    body.put("token_type", "bearer");
    body.put("expires_in", lifetime.toSeconds());
    body.put("scope", SCOPE);
    answer(response, 200, body);
  }

  private String check(HttpServletRequest request) {
    if (!"client_credentials".equals(request.getParameter("grant_type"))) {
      return "grant_type must be client_credentials";
    }
    if (!SCOPE.equals(request.getParameter("scope"))) {
      return "scope must be " + SCOPE;
    }
    if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(
        request.getParameter("client_assertion_type"))) {
      return "client_assertion_type must be jwt-bearer";
    }
    SignedJWT assertion;
    JWTClaimsSet claims;
    try {
      assertion = SignedJWT.parse(request.getParameter("client_assertion"));
      claims = assertion.getJWTClaimsSet();
    } catch (ParseException | NullPointerException e) {
      return "client_assertion is not a signed JWT";
    }
    try {
      if (!JWSAlgorithm.RS384.equals(assertion.getHeader().getAlgorithm())
          || !client.getKeyID().equals(assertion.getHeader().getKeyID())
          || !assertion.verify(new RSASSAVerifier(client))) {
        return "the assertion is not signed RS384 by the registered key";
      }
    } catch (JOSEException e) {
      return "the assertion's signature cannot be checked";
    }
    Instant now = Instant.now();
    if (!CLIENT_ID.equals(claims.getIssuer()) || !CLIENT_ID.equals(claims.getSubject())) {
      return "iss and sub must be the client id";
    }
    // aud: the URL this endpoint was called at
    if (!List.of(request.getRequestURL().toString()).equals(claims.getAudience())) {
      return "aud must be the token URL";
    }
    if (claims.getExpirationTime() == null || !claims.getExpirationTime().toInstant().isAfter(now)
        || claims.getExpirationTime().toInstant().isAfter(now.plus(Duration.ofMinutes(5))
            .plusSeconds(5))) {
      return "exp must be in the next five minutes";
    }
    if (claims.getJWTID() == null || !jtis.add(claims.getJWTID())) {
      return "jti must be new";
    }
    return null;
  }

  private static void answer(HttpServletResponse response, int status, Map<String, Object> body)
      throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.getOutputStream().write(JSONObjectUtils.toJSONString(body)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The next token request is answered this, whatever it asks; calls queue up. */
  void answerNext(int status, String body) {
    scripted.add(Map.entry(status, body));
  }

  /** Token requests so far, answered or refused. */
  int requests() {
    return requests.get();
  }

  /** Tokens issued so far, revoked ones included. */
  int issued() {
    return issued.get();
  }

  /** Why each refused assertion was refused. */
  List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** Every request that reached the FHIR base, in order. */
  List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Forgets every token issued: the receiver answers 401 to them from now on. */
  void revokeAll() {
    valid.clear();
  }

  /** The receiving server's bearer check, before its FHIR base. */
  Filter guard() {
    return new Filter() {
      @Override
      public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse,
          FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        Map<String, String> headers = new LinkedHashMap<>();
        Collections.list(request.getHeaderNames()).forEach(name ->
            headers.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name)));
        String authorization = request.getHeader("Authorization");
        String token = authorization != null && authorization.startsWith("Bearer ")
            ? authorization.substring("Bearer ".length()) : null;
        Instant expires = token == null ? null : valid.get(token);
        boolean valid = expires != null && Instant.now().isBefore(expires);
        seen.add(new Seen(headers, valid));
        if (!valid) {
          HttpServletResponse response = (HttpServletResponse) servletResponse;
          response.setHeader("WWW-Authenticate", "Bearer");
          response.sendError(401);
          return;
        }
        chain.doFilter(servletRequest, servletResponse);
      }
    };
  }
}
