package org.recoverylink.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void isAVersion7UuidCarryingItsMillisecond() {
    long millis = 1_763_856_000_123L; // 2025-11-23T00:00:00.123Z
    UUID id = Ids.timeOrdered(millis);
    assertEquals(7, id.version());
    assertEquals(2, id.variant()); // RFC 9562's variant
    assertEquals(millis, id.getMostSignificantBits() >>> 16);
    assertEquals(id, UUID.fromString(id.toString()));
  }

  @Test
  void textSortsByTimeAcrossMilliseconds() {
    List<String> made = new ArrayList<>();
    long start = 1_763_856_000_000L;
    for (long step = 0; step < 2_000; step++) {
      made.add(Ids.timeOrdered(start + step * 37).toString());
    }
    List<String> sorted = new ArrayList<>(made);
    sorted.sort(null);
    assertEquals(made, sorted);
    // and across the point where the millisecond count gains a hex digit's carry
    assertTrue(Ids.timeOrdered(0xFFFF_FFFFL).toString()
        .compareTo(Ids.timeOrdered(0x1_0000_0000L).toString()) < 0);
  }

  @Test
  void idsMadeInTheSameMillisecondDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertTrue(seen.add(Ids.timeOrdered(1_763_856_000_000L).toString()));
    }
  }

  @Test
  void carriesTheTimeItWasMade() {
    long before = System.currentTimeMillis();
    long made = UUID.fromString(Ids.timeOrdered()).getMostSignificantBits() >>> 16;
    long after = System.currentTimeMillis();
    assertTrue(before <= made && made <= after, made + " not in " + before + ".." + after);
  }
}
