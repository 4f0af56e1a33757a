package org.recoverylink.server.delivery;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
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
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The signed JWT a client proves itself with at a token endpoint ({@code private_key_jwt}:
 * RFC 7523 2.2, as SMART Backend Services uses it): {@code iss} and {@code sub} the client id,
 * {@code aud} the token URL, a fresh {@code jti}, and an expiry {@link #LIFETIME} on; signed
 * RS384 with an RSA key or ES384 with an EC P-384 key, the header naming the key's {@code kid}.
 */
final class ClientAssertion {

  /** SMART Backend Services: an assertion expires no more than five minutes after it is made. */
  static final Duration LIFETIME = Duration.ofMinutes(5);

  private final JWK key;
  private final JWSSigner signer;
  private final JWSAlgorithm algorithm;

  private ClientAssertion(JWK key, JWSSigner signer, JWSAlgorithm algorithm) {
    this.key = key;
    this.signer = signer;
    this.algorithm = algorithm;
  }

  /**
   * The signer of the private key in {@code file}: a JWK, or a JWK set holding one private key.
   *
   * @throws CredentialsUnavailable when the file cannot be read or holds no usable key
   */
  static ClientAssertion read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CredentialsUnavailable("the signing key " + file.getFileName()
          + " cannot be read");
    }
    JWK key;
    try {
      JWKSet set = text.contains("\"keys\"") ? JWKSet.parse(text) : new JWKSet(JWK.parse(text));
      key = set.getKeys().stream().filter(JWK::isPrivate).findFirst().orElse(null);
    } catch (ParseException e) {
      key = null;
    }
    if (key == null || key.getKeyID() == null) {
      throw new CredentialsUnavailable("the signing key " + file.getFileName()
          + " is no private JWK with a kid");
    }
    try {
      if (key instanceof RSAKey rsa && rsa.size() >= 2048) {
        return new ClientAssertion(key, new RSASSASigner(rsa), JWSAlgorithm.RS384);
      }
      if (key instanceof ECKey ec && Curve.P_384.equals(ec.getCurve())) {
        return new ClientAssertion(key, new ECDSASigner(ec), JWSAlgorithm.ES384);
      }
    } catch (JOSEException e) {
      // said below
    }
    throw new CredentialsUnavailable("the signing key " + file.getFileName() + " must be RSA"
        + " (2048 bits or more) for RS384 or EC P-384 for ES384");
  }

  /** An assertion for this client at this token endpoint, made at {@code now}. */
  String sign(String clientId, URI tokenUrl, Instant now) {
    JWTClaimsSet claims = new JWTClaimsSet.Builder()
        .issuer(clientId)
        .subject(clientId)
        .audience(tokenUrl.toString())
        .jwtID(UUID.randomUUID().toString())
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(LIFETIME)))
        .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID())
        .type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new CredentialsUnavailable("the client assertion cannot be signed with "
          + key.getKeyID());
    }
    return jwt.serialize();
  }
}
