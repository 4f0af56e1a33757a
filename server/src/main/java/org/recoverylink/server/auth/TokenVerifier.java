package org.recoverylink.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Verifies bearer tokens as docs/http-api.md "Authentication and roles" asks: RS256, RS384, ES256
 * or ES384 signatures by a key of the issuer the token names, which must be trusted
 * ({@link TrustedIssuers}; {@code none} and HMAC are refused), and the claims {@code iss},
 * {@code sub}, {@code iat}, {@code exp}, {@code org}, and {@code role} or {@code scope} (SMART
 * system scopes, {@link Scopes}) or both; expired tokens are refused. An {@code aud}, where there
 * is one, must name this server's base URL (RFC 7519 4.1.3: a token meant for another service is
 * refused; tokens without one are taken, the claim being optional). {@code sub} and {@code org}
 * are bounded here, at the edge, so the audit trail and the stores only ever see caller names of
 * a known shape. Thread-safe.
 *
 * <p>A signature check costs about a millisecond of CPU, more than the rest of an assessment, so
 * a token once verified is remembered, by its exact text (signature included), until it expires.
 * Refused tokens are never remembered.
 */
public final class TokenVerifier {

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  /** The longest {@code sub} taken: user and system ids are far shorter. */
  public static final int MAX_SUBJECT = 200;
  /**
   * {@code org}: an ODS code (3 to 10 letters and digits) or, for a directory organisation
   * without one, its Organization id; both fit a FHIR id (R4 id datatype: 1 to 64 of
   * {@code A-Z a-z 0-9 - .}).
   */
  private static final Pattern ORGANISATION = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

  /** Tokens remembered at once; beyond this the least used are verified again. */
  private static final int REMEMBERED = 10_000;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Cache<String, Verified> verified;
  private final TrustedIssuers issuers;
  private final Supplier<URI> audience;
  private final Clock clock;

  /**
   * One trusted issuer with fixed keys, as {@code --jwks} and {@code --issuer} give.
   *
   * @param keys     the trusted public keys
   * @param issuer   the trusted issuer, exactly as tokens state it
   * @param audience this server's public base URL, which an {@code aud} must name
   * @param clock    what a token's {@code exp} and {@code nbf} are checked against
   */
  public TokenVerifier(JWKSet keys, String issuer, Supplier<URI> audience, Clock clock) {
    this(TrustedIssuers.of(issuer, keys), audience, clock);
  }

  /**
   * @param issuers  the trusted issuers and their keys: a token is checked with the keys of
   *                 the issuer it names
   * @param audience this server's public base URL, which an {@code aud} must name
   * @param clock    what a token's {@code exp} and {@code nbf} are checked against
   */
  public TokenVerifier(TrustedIssuers issuers, Supplier<URI> audience, Clock clock) {
    this.issuers = issuers;
    this.audience = audience;
    this.clock = clock;
    this.verified = Caffeine.newBuilder()
        .maximumSize(REMEMBERED)
        .expireAfter(Expiry.<String, Verified>creating((token, entry) ->
            Duration.between(clock.instant(), entry.expires())))
        .executor(Runnable::run)
        .build();
    processor.setJWTClaimsSetAwareJWSKeySelector(issuers.keySelector());
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        null, Set.of("iss", "sub", "iat", "exp", "org")) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    // Expired means expired: no leeway, so a remembered token and a fresh check agree.
    claims.setMaxClockSkew(0);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * The caller a token names.
   *
   * @throws TokenRefused saying why (never echoing the token)
   */
  public Caller verify(String token) {
    Verified known = verified.getIfPresent(token); // never one past its expiry
    if (known != null) {
      return known.caller();
    }
    Verified fresh = check(token);
    if (clock.instant().isBefore(fresh.expires())) {
      verified.put(token, fresh);
    }
    return fresh.caller();
  }

  private Verified check(String token) {
    JWTClaimsSet claims;
    try {
      // Named first, so that a token of an issuer not trusted is told so, not "no key".
      if (!(JWTParser.parse(token) instanceof SignedJWT signed)) {
        throw unauthorized("the bearer token is not a signed JWT");
      }
      if (!issuers.trusts(signed.getJWTClaimsSet().getIssuer())) {
        throw unauthorized("the token's issuer (iss) is not one this server trusts");
      }
      claims = processor.process(signed, null); // parsed once, above
    } catch (ParseException e) {
      throw unauthorized("the bearer token is not a JWT");
    } catch (BadJOSEException e) {
      throw unauthorized("the bearer token is refused: " + e.getMessage());
    } catch (RateLimitReachedException e) { // a key id the set lacks, asked again too soon
      throw unauthorized("the bearer token is refused: its key (kid) is not one its issuer"
          + " publishes");
    } catch (KeySourceException e) { // the issuer's key set URL cannot be fetched
      throw unauthorized("the bearer token cannot be verified now: its issuer's keys cannot"
          + " be fetched");
    } catch (JOSEException e) {
      throw unauthorized("the bearer token cannot be verified");
    }
    // Present, aud must name us: one naming no one (an empty list) is refused too.
    List<String> audiences = claims.getAudience();
    if (claims.getClaim("aud") != null) {
      String ours = normalised(audience.get().toString());
      if (audiences.stream().noneMatch(aud -> normalised(aud).equals(ours))) {
        throw unauthorized("the token was issued for another audience: its aud claim does not"
            + " name this server's base URL " + ours);
      }
    }
    String subject = claims.getSubject();
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT
        || subject.chars().anyMatch(Character::isISOControl)) {
      throw unauthorized("the token's sub claim must be 1 to " + MAX_SUBJECT
          + " characters, without control characters");
    }
    Object role = claims.getClaim("role");
    Object scope = claims.getClaim("scope");
    Object org = claims.getClaim("org");
    List<String> problems = new ArrayList<>();
    if (role == null && scope == null) {
      problems.add("the token needs a role claim (gp, pharmacy, provider, commissioner) or"
          + " a scope claim with system scopes");
    }
    if (role != null && (!(role instanceof String roleClaim)
        || Role.fromClaim(roleClaim).isEmpty())) {
      problems.add("the token's role claim is not one of gp, pharmacy, provider,"
          + " commissioner");
    }
    Optional<Scopes> scopes = Optional.empty();
    if (scope != null) {
      if (!(scope instanceof String scopeClaim)) {
        problems.add("the token's scope claim must be a string of scopes separated by spaces");
      } else {
        try {
          scopes = Optional.of(Scopes.parse(scopeClaim));
        } catch (TokenRefused refused) {
          problems.add(refused.getMessage());
        }
      }
    }
    if (scopes.isPresent() && !scopes.get().any()) {
      if (role == null) {
        problems.add("the token's scope claim names no system scope (system/Type.read ...)"
            + " and it has no role claim: it allows nothing");
      }
      // With a role, scopes of other kinds (openid, profile...) narrow nothing: ignored.
      scopes = Optional.empty();
    }
    if (!(org instanceof String claimed) || !ORGANISATION.matcher(claimed).matches()) {
      problems.add("the token's org claim must name the caller's organisation: its ODS"
          + " code or directory Organization id (1 to 64 letters, digits, '-' or '.')");
    }
    if (!problems.isEmpty()) {
      throw unauthorized(String.join("; ", problems));
    }
    Role caller = role == null ? Role.SYSTEM : Role.fromClaim((String) role).orElseThrow();
    return new Verified(new Caller(subject, caller, (String) org, scopes),
        claims.getExpirationTime().toInstant());
  }

  /**
   * A URL as compared for {@code aud}: scheme and host in lower case, a default port and
   * trailing slashes dropped. What is no URL stays as it is (and names no server of ours).
   */
  static String normalised(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null || uri.getHost() == null) {
        return url;
      }
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      int port = uri.getPort() == 80 && scheme.equals("http")
          || uri.getPort() == 443 && scheme.equals("https") ? -1 : uri.getPort();
      String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
          + (port < 0 ? "" : ":" + port) + path
          + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    } catch (URISyntaxException e) {
      return url;
    }
  }

  private record Verified(Caller caller, Instant expires) {
  }

  private static TokenRefused unauthorized(String diagnostics) {
    return new TokenRefused(diagnostics);
  }
}
