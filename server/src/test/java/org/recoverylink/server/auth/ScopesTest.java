package org.recoverylink.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.recoverylink.server.auth.Scopes.Interaction;

/** The scope claim read as SMART system scopes, v1 and v2 (docs/http-api.md "Scopes"). */
class ScopesTest {

  private static Set<Interaction> allowed(String claim, String type) {
    Scopes scopes = Scopes.parse(claim);
    return Stream.of(Interaction.values()).filter(i -> scopes.allow(type, i))
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Interaction.class)));
  }

  @Test
  void versionOneReadWriteAndStar() {
    assertEquals(EnumSet.of(Interaction.READ, Interaction.SEARCH),
        allowed("system/Task.read", "Task"));
    assertEquals(EnumSet.of(Interaction.CREATE, Interaction.UPDATE, Interaction.DELETE),
        allowed("system/Task.write", "Task"));
    assertEquals(EnumSet.allOf(Interaction.class), allowed("system/Task.*", "Task"));
    assertEquals(EnumSet.of(Interaction.READ, Interaction.SEARCH),
        allowed("system/*.read", "ServiceRequest"));
    assertEquals(Set.of(), allowed("system/Task.read", "ServiceRequest"), "another type");
  }

  @Test
  void versionTwoLettersInTheirOrderOnly() {
    assertEquals(EnumSet.of(Interaction.READ, Interaction.SEARCH),
        allowed("system/Task.rs", "Task"));
    assertEquals(EnumSet.allOf(Interaction.class), allowed("system/Task.cruds", "Task"));
    assertEquals(EnumSet.of(Interaction.UPDATE), allowed("system/Task.u", "Task"));
    assertEquals(Set.of(), allowed("system/Task.sr", "Task"), "out of order: not a scope");
    assertEquals(Set.of(), allowed("system/Task.", "Task"), "no letters: nothing");
  }

  @Test
  void whatIsNotAPlainSystemScopeGrantsNothing() {
    for (String claim : new String[] {"patient/Task.read", "user/Task.*", "launch",
        "system/Task.read?status=requested", "system/task.read", "System/Task.read",
        "system/Task.readwrite", "openid fhirUser"}) {
      assertFalse(Scopes.parse(claim).any(), claim);
    }
    Scopes mixed = Scopes.parse("launch patient/*.read system/Questionnaire.read");
    assertTrue(mixed.allow("Questionnaire", Interaction.SEARCH));
    assertEquals(1, mixed.grants().size());
  }

  @Test
  void aClaimThatIsNoScopeListIsRefused() {
    for (String claim : new String[] {"", "   ", "system/Task.read\tsystem/Task.write",
        "system/Task.read\nsystem/Task.write", "a ".repeat(101)}) {
      assertThrows(TokenRefused.class, () -> Scopes.parse(claim), claim);
    }
  }
}
