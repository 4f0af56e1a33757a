package org.recoverylink.core.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The capacity values: their bounds, codes and words, and the default of accepting. */
class CapacityTest {

  @Test
  void aWaitingListIsOneToFiftyTwoWeeks() {
    assertEquals(1, new Capacity.WaitingList(1).weeks());
    assertEquals(52, new Capacity.WaitingList(52).weeks());
    for (int weeks : new int[] {0, -1, 53, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> Capacity.waitingList(weeks));
      assertEquals("a waiting list is 1 to 52 weeks, not " + weeks, refused.getMessage());
    }
  }

  @Test
  void eachSaysWhatItIsInPlainWords() {
    assertEquals("accepting referrals", Capacity.accepting().describe());
    assertEquals("waiting list of 1 week", Capacity.waitingList(1).describe());
    assertEquals("waiting list of 6 weeks", Capacity.waitingList(6).describe());
    assertEquals("paused (not taking new referrals)", Capacity.paused().describe());
    assertTrue(Capacity.paused().isPaused());
    assertEquals(Optional.of(6), Capacity.waitingList(6).waitingWeeks());
    assertEquals(Optional.empty(), Capacity.accepting().waitingWeeks());
  }

  @Test
  void codesReadBackAndNothingElseDoes() {
    for (Capacity capacity : new Capacity[] {Capacity.accepting(), Capacity.waitingList(7),
        Capacity.paused()}) {
      assertEquals(Optional.of(capacity), Capacity.of(capacity.code(),
          capacity.waitingWeeks().orElse(null)));
    }
    assertEquals(Optional.empty(), Capacity.of("waiting-list", null));
    assertEquals(Optional.empty(), Capacity.of("waiting-list", 0));
    assertEquals(Optional.empty(), Capacity.of("waiting-list", 53));
    assertEquals(Optional.empty(), Capacity.of("accepting", 3));
    assertEquals(Optional.empty(), Capacity.of("paused", 3));
    assertEquals(Optional.empty(), Capacity.of("Paused", null));
    assertEquals(Optional.empty(), Capacity.of(null, null));
  }

  @Test
  void aServiceNotNamedIsAcceptingAndTheValueIsImmutable() {
    Map<String, Capacity> map = new HashMap<>();
    map.put("stars", Capacity.paused());
    Capacities capacities = Capacities.of(map);
    map.put("sharp", Capacity.paused());

    assertEquals(Capacity.paused(), capacities.capacity("stars"));
    assertEquals(Capacity.accepting(), capacities.capacity("sharp"));
    assertEquals(Capacity.accepting(), Capacities.allAccepting().capacity("stars"));
    Capacities changed = capacities.with("stars", Capacity.waitingList(2));
    assertEquals(Capacity.paused(), capacities.capacity("stars"));
    assertEquals(Capacity.waitingList(2), changed.capacity("stars"));
    map.put(null, Capacity.paused());
    assertThrows(NullPointerException.class, () -> Capacities.of(map));
  }
}
