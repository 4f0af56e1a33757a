package org.recoverylink.server.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.EssexDirectory;

class SignInSettingsTest {

  @TempDir
  Path dir;

  private Path file(String text) throws Exception {
    return Files.writeString(dir.resolve("staff.properties"), text);
  }

  @Test
  void aGoodFileIsReadWithItsDefaultsAndTheSecretNeverShows() throws Exception {
    SignInSettings settings = SignInSettings.read(file("issuer = https://login.example/staff\n"
        + "client-id = rl\nstaff-roles = a, b\n"), Optional.of("s3cret-value"));
    assertEquals(Set.of("a", "b"), settings.staffRoles());
    assertEquals("organisation", settings.organisationClaim());
    assertEquals(Duration.ofMinutes(15), settings.idle());
    assertEquals(Duration.ofHours(8), settings.absolute());
    assertFalse(settings.toString().contains("s3cret-value"));
  }

  @Test
  void everyProblemIsNamedAtOnce() throws Exception {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () ->
        SignInSettings.read(file("issuer = http://login.example/staff\nidle-minutes = 0\n"
            + "session-hours = many\nsurprise = 1\n"), Optional.empty()));
    for (String problem : List.of("unknown setting surprise", "issuer must be https",
        "client-id is required", "RECOVERYLINK_STAFF_CLIENT_SECRET must be set",
        "staff-roles is required", "idle-minutes must be", "session-hours must be")) {
      assertTrue(refused.getMessage().contains(problem), problem + " in " + refused);
    }
    assertThrows(IllegalArgumentException.class, () -> SignInSettings.read(
        dir.resolve("missing.properties"), Optional.of("x")));
  }

  @Test
  void claimsMapToOneOrganisationsServicesOrAreRefused() throws Exception {
    SignIn signIn = new SignIn(SignInSettings.read(file("issuer = http://localhost:1/x\n"
        + "client-id = rl\nstaff-roles = inbox\norganisation-claim = roles.org\n"
        + "role-claim = roles.role\n"), Optional.of("x")), EssexDirectory.directory());
    // a CIS2-style list of role objects, read by a dotted path
    Staff staff = signIn.staff(Map.of("sub", "u1", "name", "Ann", "roles", List.of(
        Map.of("org", "open-road", "role", "inbox"))));
    assertEquals("open-road", staff.organisation());
    assertTrue(staff.services().size() > 1, "every Open Road service");
    Staff one = signIn.staff(Map.of("sub", "u2", "roles", List.of(Map.of("org",
        "open-road-single-point-of-contact", "role", "inbox"))));
    assertEquals(1, one.services().size());
    assertEquals("u2", one.name(), "no name claim: the subject");
    assertThrows(SignIn.Refused.class, () -> signIn.staff(Map.of("sub", "u3", "roles",
        List.of(Map.of("org", "open-road", "role", "other")))));
    assertThrows(SignIn.Refused.class, () -> signIn.staff(Map.of("sub", "u4", "roles",
        List.of(Map.of("org", "open-road", "role", "inbox"), Map.of("org", "phoenix-futures",
            "role", "inbox")))), "two organisations");
    assertThrows(SignIn.Refused.class, () -> signIn.staff(Map.of("sub", "u5", "roles",
        List.of(Map.of("org", "Z00000", "role", "inbox")))), "no service");
    // the inbox role at a GP practice does not open Phoenix, where they hold another role
    assertThrows(SignIn.Refused.class, () -> signIn.staff(Map.of("sub", "u6", "roles",
        List.of(Map.of("org", "Z00000", "role", "inbox"), Map.of("org", "phoenix-futures",
            "role", "receptionist")))));
    assertEquals("phoenix-futures", signIn.staff(Map.of("sub", "u7", "roles", List.of(
        Map.of("org", "Z00000", "role", "receptionist"), Map.of("org", "phoenix-futures",
            "role", "inbox")))).organisation(), "the role's own organisation");
  }
}
