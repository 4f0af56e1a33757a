package org.recoverylink.server.store;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.pharmacy.NspResources;

/**
 * The deployment's key for needle exchange client pseudonyms, and the pseudonyms:
 * HMAC-SHA-256 (RFC 2104) of a client code under the key. Without the key a pseudonym cannot
 * be turned back into initials and a date of birth, nor found by trying every date of birth;
 * with the same key the same code always gives the same pseudonym, so distinct clients still
 * count. The key is {@value #ENVIRONMENT} when set (at least 32 characters: every process on
 * one database needs the same), else the {@value #FILE} file of the data directory, created on
 * first start from 32 random bytes, readable by its owner only. Keep it with the backups of the
 * data directory, apart from the database: a lost key splits every client in two (the server
 * refuses to start with another key on a store it has pseudonymised).
 */
public final class ClientPseudonyms implements HarmReductionStore.Pseudonymiser {

  public static final String FILE = "client-pseudonym-key";
  public static final String ENVIRONMENT = "RECOVERYLINK_PSEUDONYM_KEY";
  /** 256 bits written as text: a key of fewer characters is too easily guessed. */
  static final int MIN_LENGTH = 32;
  private static final String ALGORITHM = "HmacSHA256";
  /** Hashed for the fingerprint: no client code reads like this. */
  private static final String FINGERPRINT_LABEL = "recoverylink client pseudonym key";

  private final SecretKeySpec key;
  private final FhirContext fhir;

  private ClientPseudonyms(String secret, FhirContext fhir) {
    if (secret.strip().length() < MIN_LENGTH) {
      throw new IllegalArgumentException("a client pseudonym key is at least " + MIN_LENGTH
          + " characters, e.g. openssl rand -base64 32");
    }
    this.key = new SecretKeySpec(secret.strip().getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.fhir = fhir;
  }

  /** The key given ({@code configured}, from the environment), else the data directory's. */
  public static ClientPseudonyms of(Optional<String> configured, Path dataDirectory,
      FhirContext fhir) {
    return new ClientPseudonyms(configured.filter(s -> !s.isBlank())
        .orElseGet(() -> inDataDirectory(dataDirectory)), fhir);
  }

  private static String inDataDirectory(Path dataDirectory) {
    Path file = dataDirectory.resolve(FILE);
    try {
      Files.createDirectories(dataDirectory);
      if (!Files.exists(file)) {
        create(file);
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }

  private static void create(Path file) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SecretFiles.writeOnce(file, Base64.getEncoder().encodeToString(secret));
  }

  /** The client's pseudonym. */
  public ClientPseudonym of(ClientCode client) {
    return new ClientPseudonym(hmac(client.value()));
  }

  @Override
  public String fingerprint() {
    return hmac(FINGERPRINT_LABEL);
  }

  @Override
  public ClientPseudonym pseudonym(String clientCode) {
    return of(ClientCode.parse(clientCode));
  }

  @Override
  public String answer(String json) {
    return new String(JsonEncoder.encode(NspResources.pseudonymised(fhir.newJsonParser()
        .parseResource(Parameters.class, json), this::of)), StandardCharsets.UTF_8);
  }

  private String hmac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is part of every Java runtime", e);
    }
  }
}
