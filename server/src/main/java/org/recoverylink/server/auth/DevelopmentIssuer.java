package org.recoverylink.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.recoverylink.server.store.SecretFiles;

/**
 * The development token issuer kept in the data directory: an EC P-256 key pair, created on first
 * start (readable by its owner only), and the issuer URI derived from its key id. The server
 * trusts it unless {@code --jwks} names other keys; the {@code token} sub-command signs with it.
 */
public final class DevelopmentIssuer {

  public static final String FILE = "development-issuer-key.json";
  private static final String ISSUER_PREFIX = "urn:recoverylink:development-issuer:";

  private final ECKey key;
  private final Clock clock;

  private DevelopmentIssuer(ECKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
  }

  /** The issuer in {@code dataDirectory}, created there if it is not yet. */
  public static DevelopmentIssuer in(Path dataDirectory) {
    return in(dataDirectory, Clock.systemUTC());
  }

  /**
   * The issuer in {@code dataDirectory}, stamping its tokens by {@code clock}: a server on a
   * fixed clock accepts tokens issued by the same clock.
   */
  public static DevelopmentIssuer in(Path dataDirectory, Clock clock) {
    Path file = dataDirectory.resolve(FILE);
    try {
      Files.createDirectories(dataDirectory);
      if (!Files.exists(file)) {
        create(file);
      }
      JWKSet set = JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8));
      return new DevelopmentIssuer(set.getKeys().get(0).toECKey(), clock);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalStateException(file + " is not a development issuer key; remove it to"
          + " have a new one made", e);
    }
  }

  private static void create(Path file) throws IOException {
    ECKey key;
    try {
      key = new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE)
          .algorithm(JWSAlgorithm.ES256).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate a P-256 key", e);
    }
    SecretFiles.writeOnce(file, new JWKSet(key).toString(false));
  }

  /** The issuer URI that tokens carry as {@code iss}. */
  public String issuer() {
    return ISSUER_PREFIX + key.getKeyID();
  }

  /** The public key, for the verifier. */
  public JWKSet publicKeys() {
    return new JWKSet(key.toPublicJWK());
  }

  /**
   * A signed bearer token for a role and organisation, valid for {@code ttl}, for the server
   * whose public base URL is {@code audience} (its {@code aud}).
   */
  public String token(Role role, String organisation, Duration ttl, String audience) {
    return token(Optional.of(role), Optional.empty(), organisation, ttl, audience);
  }

  /**
   * The same with a role, SMART system scopes (space-separated), or both (docs/http-api.md
   * "Scopes").
   */
  public String token(Optional<Role> role, Optional<String> scope, String organisation,
      Duration ttl, String audience) {
    Instant now = clock.instant();
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
        .issuer(issuer())
        .audience(audience)
        .subject("development-" + role.map(Role::claim).orElse("system") + "@" + organisation)
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(ttl)))
        .jwtID(UUID.randomUUID().toString())
        .claim("org", organisation);
    role.ifPresent(r -> claims.claim("role", r.claim()));
    scope.ifPresent(s -> claims.claim("scope", s));
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
        .keyID(key.getKeyID()).build(), claims.build());
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign a token", e);
    }
    return jwt.serialize();
  }
}
