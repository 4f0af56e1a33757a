package org.recoverylink.fhir.server;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Verifies bearer tokens as API.md asks: RS256, RS384, ES256 or ES384 signatures by a trusted key
 * ({@code none} and HMAC are refused), the trusted issuer, and the claims {@code iss}, {@code sub},
 * {@code iat}, {@code exp}, {@code role} and {@code org}; expired tokens are refused. Thread-safe.
 *
 * <p>A signature check costs about a millisecond of CPU, more than the rest of an assessment, so
 * a token once verified is remembered, by its exact text (signature included), until it expires.
 * Refused tokens are never remembered.
 */
public final class TokenVerifier {

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  /** Tokens remembered at once; beyond this the least used are verified again. */
  private static final int REMEMBERED = 10_000;

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
  private final Cache<String, Verified> verified = Caffeine.newBuilder()
      .maximumSize(REMEMBERED)
      .expireAfter(Expiry.<String, Verified>creating((token, entry) ->
          Duration.between(Instant.now(), entry.expires())))
      .executor(Runnable::run)
      .build();

  /**
   * @param keys   the trusted public keys
   * @param issuer the trusted issuer, exactly as tokens state it
   */
  public TokenVerifier(JWKSet keys, String issuer) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
        new ImmutableJWKSet<>(keys.toPublicJWKSet())));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("iss", "sub", "iat", "exp", "role", "org"));
    // Expired means expired: no leeway, so a remembered token and a fresh check agree.
    claims.setMaxClockSkew(0);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /**
   * The caller a token names.
   *
   * @throws FhirProblem 401 saying why the token is refused (never echoing it)
   */
  Caller verify(String token) {
    Verified known = verified.getIfPresent(token); // never one past its expiry
    if (known != null) {
      return known.caller();
    }
    Verified fresh = check(token);
    if (Instant.now().isBefore(fresh.expires())) {
      verified.put(token, fresh);
    }
    return fresh.caller();
  }

  private Verified check(String token) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw unauthorized("the bearer token is not a JWT");
    } catch (BadJOSEException e) {
      throw unauthorized("the bearer token is refused: " + e.getMessage());
    } catch (JOSEException e) {
      throw unauthorized("the bearer token cannot be verified");
    }
    Object role = claims.getClaim("role");
    Object org = claims.getClaim("org");
    if (!(role instanceof String roleClaim) || Role.fromClaim(roleClaim).isEmpty()) {
      throw unauthorized("the token's role claim is not one of gp, pharmacy, provider,"
          + " commissioner");
    }
    if (!(org instanceof String organisation) || organisation.isBlank()) {
      throw unauthorized("the token's org claim must name the caller's organisation");
    }
    return new Verified(new Caller(claims.getSubject(), Role.fromClaim(roleClaim).get(),
        organisation), claims.getExpirationTime().toInstant());
  }

  private record Verified(Caller caller, Instant expires) {
  }

  private static FhirProblem unauthorized(String diagnostics) {
    return new FhirProblem(401, IssueType.LOGIN, diagnostics);
  }
}
