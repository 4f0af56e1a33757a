package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key stores and certificates made by the JDK's own {@code keytool}, in a folder of the test:
 * self-signed EC P-256 certificates for 127.0.0.1 (its IP in subjectAltName, so that host name
 * checks pass), PKCS12 stores, one password for all.
 */
final class Keytool {

  static final String PASSWORD = "test-store-password";

  private final Path folder;

  Keytool(Path folder) {
    this.folder = folder;
  }

  /** A key store holding a new key pair and its self-signed certificate, named {@code alias}. */
  Path keyPair(String alias) throws IOException, InterruptedException {
    Path store = folder.resolve(alias + ".p12");
    run("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
        "-sigalg", "SHA256withECDSA", "-dname", "CN=" + alias, "-ext", "SAN=ip:127.0.0.1",
        "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    return store;
  }

  /** A trust store holding the certificates of these key stores (each under its file name). */
  Path trustStore(String name, Path... keyStores) throws IOException, InterruptedException {
    Path store = folder.resolve(name + ".p12");
    for (Path keyStore : keyStores) {
      String alias = keyStore.getFileName().toString().replace(".p12", "");
      Path certificate = folder.resolve(alias + ".cer");
      run("-exportcert", "-alias", alias, "-keystore", keyStore.toString(), "-storetype",
          "PKCS12", "-storepass", PASSWORD, "-file", certificate.toString());
      run("-importcert", "-noprompt", "-alias", alias, "-file", certificate.toString(),
          "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
    }
    return store;
  }

  /** A file holding the stores' password, as the credentials file names it. */
  Path passwordFile() throws IOException {
    return Files.writeString(folder.resolve("store.password"), PASSWORD + "\n",
        StandardCharsets.UTF_8);
  }

  private static void run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
        "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
    String said = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!keytool.waitFor(60, TimeUnit.SECONDS)) {
      keytool.destroyForcibly();
      throw new AssertionError("keytool did not finish: " + command);
    }
    assertEquals(0, keytool.exitValue(), "keytool " + command + ":\n" + said);
  }
}
