package org.recoverylink.server.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;

/**
 * A real OpenID Connect provider for staff sign-in, run in the test (NAV's mock-oauth2-server:
 * discovery, the authorization endpoint, the token endpoint and signed ID tokens). Who signs in
 * next is queued with {@link #next}: the provider then answers the authorization request without
 * a login form, as a provider with a signed-in user does.
 */
final class StaffIdentityProvider implements AutoCloseable {

  static final String CLIENT = "recoverylink-inbox";
  static final String SECRET = "a-client-secret-for-tests-only";
  static final String ROLE = "inbox-staff";
  private static final String ISSUER = "staff";

  private final MockOAuth2Server server = new MockOAuth2Server();

  StaffIdentityProvider() {
    server.start(0);
  }

  String issuer() {
    return server.issuerUrl(ISSUER).toString();
  }

  /** The member of staff whose sign-in the provider answers next. */
  void next(String subject, String name, Object organisation, Object roles) {
    server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER, subject, "JWT",
        List.of(CLIENT), Map.of("organisation", organisation, "roles", roles, "name", name),
        3600));
  }

  /** The settings file the server reads with {@code --staff-sign-in}. */
  Path settings(Path dir, String extra) throws IOException {
    Path file = dir.resolve("staff-sign-in.properties");
    Files.writeString(file, "issuer = " + issuer() + "\nclient-id = " + CLIENT
        + "\nstaff-roles = " + ROLE + "\n" + extra, StandardCharsets.UTF_8);
    return file;
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
