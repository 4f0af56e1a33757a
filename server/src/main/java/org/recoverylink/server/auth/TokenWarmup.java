package org.recoverylink.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies tokens of throwaway keys with a throwaway {@link TokenVerifier}, once per signature
 * family the server accepts (ES256, RS256), so that the first caller's token is not the one that
 * loads the JOSE library and the JDK's signature providers (measured: about 100 ms). The keys
 * live in memory only and no verifier that serves trusts them.
 */
public final class TokenWarmup {

  private static final String ISSUER = "urn:recoverylink:warm-up";

  /** Made once per process: a 2048-bit RSA key takes a while, and any key will do. */
  private static final class Keys {
    static final ECKey EC;
    static final RSAKey RSA;

    static {
      try {
        EC = new ECKeyGenerator(Curve.P_256).keyID("warm-up-ec").generate();
        RSA = new RSAKeyGenerator(2048).keyID("warm-up-rsa").generate();
      } catch (JOSEException e) {
        throw new IllegalStateException("cannot make a warm-up key", e);
      }
    }
  }

  private TokenWarmup() {
  }

  /** Makes, then verifies, one token of each family, a few times over. */
  public static void run(Clock clock) {
    try {
      ECKey ec = Keys.EC;
      RSAKey rsa = Keys.RSA;
      URI audience = URI.create("urn:recoverylink:warm-up:audience");
      TokenVerifier verifier = new TokenVerifier(new JWKSet(List.<JWK>of(ec, rsa)), ISSUER,
          () -> audience, clock);
      for (int round = 0; round < 5; round++) {
        verifier.verify(token(JWSAlgorithm.ES256, ec.getKeyID(), new ECDSASigner(ec), clock,
            audience, round));
        verifier.verify(token(JWSAlgorithm.RS256, rsa.getKeyID(), new RSASSASigner(rsa), clock,
            audience, round));
      }
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot make a warm-up token", e);
    }
  }

  private static String token(JWSAlgorithm algorithm, String keyId, JWSSigner signer,
      Clock clock, URI audience, int round) throws JOSEException {
    Instant now = clock.instant();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(keyId).build(),
        new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience.toString())
            .subject("warm-up-" + round).issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(Duration.ofMinutes(1))))
            .claim("role", Role.GP.claim()).claim("org", "warm-up").build());
    jwt.sign(signer);
    return jwt.serialize();
  }
}
