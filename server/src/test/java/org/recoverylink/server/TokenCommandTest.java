package org.recoverylink.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.DevelopmentIssuer;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.auth.Scopes.Interaction;
import org.recoverylink.server.auth.TokenVerifier;

/** The {@code token} sub-command's scopes (docs/http-api.md "Running"), as a server reads them. */
class TokenCommandTest {

  @TempDir
  Path data;

  private Caller verified(String token) {
    DevelopmentIssuer issuer = DevelopmentIssuer.in(data);
    return new TokenVerifier(issuer.publicKeys(), issuer.issuer(),
        () -> URI.create(ServerMain.DEFAULT_BASE_URL), Clock.systemUTC()).verify(token);
  }

  @Test
  void scopesAloneMakeASystemCaller() {
    Caller caller = verified(ServerMain.token(List.of("--scope", "system/Task.rs",
        "--org", "A81001", "--data", data.toString())));

    assertEquals(Role.SYSTEM, caller.role());
    assertEquals("A81001", caller.organisation());
    assertTrue(caller.scopes().orElseThrow().allow("Task", Interaction.SEARCH));
    assertFalse(caller.scopes().orElseThrow().allow("Task", Interaction.UPDATE));
  }

  @Test
  void aRoleWithScopesKeepsBoth() {
    Caller caller = verified(ServerMain.token(List.of("--role", "provider", "--scope",
        "system/Task.u", "--org", "phoenix-futures", "--data", data.toString())));

    assertEquals(Role.PROVIDER, caller.role());
    assertTrue(caller.scopes().orElseThrow().allow("Task", Interaction.UPDATE));
  }

  @Test
  void neitherRoleNorScopeIsRefused() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> ServerMain.token(List.of("--org", "A81001", "--data", data.toString())));
    assertEquals("token needs --role or --scope (or both), and --org", refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ServerMain.token(List.of("--role",
        "system", "--org", "A81001", "--data", data.toString())), "system is no role claim");
  }
}
