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
import java.text.ParseException;
import java.util.Set;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Verifies bearer tokens as API.md asks: RS256, RS384, ES256 or ES384 signatures by a trusted key
 * ({@code none} and HMAC are refused), the trusted issuer, and the claims {@code iss}, {@code sub},
 * {@code iat}, {@code exp}, {@code role} and {@code org}; expired tokens are refused. Thread-safe.
 */
public final class TokenVerifier {

  static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.ES256, JWSAlgorithm.ES384);

  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  /**
   * @param keys   the trusted public keys
   * @param issuer the trusted issuer, exactly as tokens state it
   */
  public TokenVerifier(JWKSet keys, String issuer) {
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS,
        new ImmutableJWKSet<>(keys.toPublicJWKSet())));
    processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
        new JWTClaimsSet.Builder().issuer(issuer).build(),
        Set.of("iss", "sub", "iat", "exp", "role", "org")));
  }

  /**
   * The caller a token names.
   *
   * @throws FhirProblem 401 saying why the token is refused (never echoing it)
   */
  Caller verify(String token) {
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
    return new Caller(claims.getSubject(), Role.fromClaim(roleClaim).get(), organisation);
  }

  private static FhirProblem unauthorized(String diagnostics) {
    return new FhirProblem(401, IssueType.LOGIN, diagnostics);
  }
}
