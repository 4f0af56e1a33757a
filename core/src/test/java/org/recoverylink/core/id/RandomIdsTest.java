package org.recoverylink.core.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RandomIdsTest {

  @Test
  void eachIsAVersionFourUuidOfTheIetfVariant() {
    for (int i = 0; i < 1_000; i++) {
      UUID id = RandomIds.uuid();
      assertEquals(4, id.version(), id.toString());
      assertEquals(2, id.variant(), id.toString());
      assertEquals(id, UUID.fromString(id.toString()));
    }
  }

  @Test
  void noTwoAlikeAcrossThreadsAndEveryRandomBitVaries() {
    Set<UUID> seen = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 200_000).parallel().forEach(i -> seen.add(RandomIds.uuid()));
    assertEquals(200_000, seen.size());
    // Each of the 122 random bits is set in some ids and clear in others.
    Set<Integer> varied = new HashSet<>();
    long[] first = null;
    for (UUID id : seen) {
      long[] bits = {id.getMostSignificantBits(), id.getLeastSignificantBits()};
      if (first == null) {
        first = bits;
        continue;
      }
      for (int bit = 0; bit < 128; bit++) {
        if (((bits[bit / 64] ^ first[bit / 64]) >>> (bit % 64) & 1) == 1) {
          varied.add(bit);
        }
      }
    }
    assertEquals(122, varied.size(), "the version's 4 bits and the variant's 2 stay fixed");
    assertTrue(varied.stream().noneMatch(bit -> bit >= 12 && bit < 16 || bit >= 126));
  }
}
