package org.recoverylink.server.store;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * The ids the server gives what it stores: version 7 UUIDs (RFC 9562 §5.7), whose first 48 bits
 * are the milliseconds since 1970 and whose other 74 bits are random. Their text sorts by time,
 * so a new row's key lands at the end of each index rather than on a random page. H2 never
 * overwrites a page: a random key supersedes pages in old chunks and leaves them partly live
 * for compaction to gather up, where a time-ordered key supersedes pages the last few commits
 * wrote. Under full load the hub took in about half as many referrals again a second with these
 * (benchmarks/README.md). The time an id carries is no more than the resource's
 * {@code meta.lastUpdated} already tells.
 */
public final class Ids {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Ids() {
  }

  /** A new version 7 UUID, in its usual text form. */
  public static String timeOrdered() {
    return timeOrdered(System.currentTimeMillis()).toString();
  }

  static UUID timeOrdered(long epochMillis) {
    byte[] random = new byte[10];
    RANDOM.nextBytes(random);
    ByteBuffer bits = ByteBuffer.wrap(random);
    long high = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000 | bits.getShort() & 0x0FFF;
    long low = bits.getLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // variant 10
    return new UUID(high, low);
  }
}
