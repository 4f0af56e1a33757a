package org.recoverylink.server.web;

import java.util.OptionalDouble;

/**
 * How long a service typically takes to accept a referral, as the commissioner's referral
 * report knows it (its days to acceptance, for one service), for the confirmation page.
 */
@FunctionalInterface
public interface TypicalWait {

  /** Nothing known: the confirmation says nothing of when. */
  TypicalWait UNKNOWN = service -> OptionalDouble.empty();

  /** The median days from referral to acceptance at {@code service}, or empty if unknown. */
  OptionalDouble medianDays(String service);
}
