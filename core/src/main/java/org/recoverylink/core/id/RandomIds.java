package org.recoverylink.core.id;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs, as {@link UUID#randomUUID} makes them, from a strong generator of
 * each thread's own. {@code randomUUID} draws every id from one generator shared by the whole
 * process, behind one lock, mixing in bytes read from the kernel: under load the threads
 * answering at once queue for it (with eight ids in each assessment's answer, it was a sixtieth
 * of the server's processor time). Each thread's generator is NIST SP 800-90A's Hash_DRBG
 * ({@code DRBG}), seeded by the JDK from the system's entropy, asked for the bits of 32 ids at
 * a time: a request for many bytes costs little more than a request for one id's.
 */
public final class RandomIds {

  private static final int IDS_PER_DRAW = 32;
  private static final ThreadLocal<Bits> BITS = ThreadLocal.withInitial(Bits::new);

  private RandomIds() {
  }

  /** A new random UUID: 122 random bits, version 4, the IETF variant (RFC 9562 §5.4). */
  public static UUID uuid() {
    return BITS.get().uuid();
  }

  /** A thread's generator and the random bits it drew and has not yet used. */
  private static final class Bits {

    private final SecureRandom generator;
    private final byte[] drawn = new byte[16 * IDS_PER_DRAW];
    private int next = drawn.length;

    Bits() {
      try {
        generator = SecureRandom.getInstance("DRBG");
      } catch (NoSuchAlgorithmException e) { // every JDK since 9 has it
        throw new IllegalStateException("no DRBG in this JDK", e);
      }
    }

    UUID uuid() {
      if (next == drawn.length) {
        generator.nextBytes(drawn);
        next = 0;
      }
      long high = 0;
      long low = 0;
      for (int i = 0; i < 8; i++) {
        high = high << 8 | drawn[next + i] & 0xFF;
        low = low << 8 | drawn[next + 8 + i] & 0xFF;
      }
      next += 16;
      high = high & ~0xF000L | 0x4000L; // version 4
      low = low & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // variant 10
      return new UUID(high, low);
    }
  }
}
