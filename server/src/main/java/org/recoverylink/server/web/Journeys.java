package org.recoverylink.server.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journeys in progress, in memory: a journey unused for {@link #IDLE} is gone, with its
 * answers; a server restart ends them all (the person starts again, as after any expiry). At
 * most {@code max} at once ({@code --journeys}), so a flood of new journeys cannot fill the
 * memory. Thread-safe.
 */
public final class Journeys {

  /** How long a journey's answers are kept after their last use. */
  public static final Duration IDLE = Duration.ofMinutes(30);
  /** Letters of a reference: no 0/O, 1/I/L, so it can be read out on the phone. */
  private static final char[] REFERENCE = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

  private final ConcurrentHashMap<String, Journey> journeys = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final int max;
  private final Clock clock;

  /** @param max the most journeys kept at once */
  public Journeys(int max, Clock clock) {
    this.max = max;
    this.clock = clock;
  }

  /** Thrown when the most journeys are in progress. */
  public static final class Full extends RuntimeException {
    Full() {
      super("too many journeys in progress", null, false, false);
    }
  }

  /** A new journey. @throws Full when the most are in progress after expired ones went */
  public Journey start() {
    Instant now = clock.instant();
    if (journeys.size() >= max) {
      sweep(now);
      if (journeys.size() >= max) {
        throw new Full();
      }
    }
    Journey journey = new Journey(token(), token(), reference(), now);
    journeys.put(journey.id(), journey);
    return journey;
  }

  /** The journey with this id, if it is in progress; using it keeps it for {@link #IDLE}. */
  public Optional<Journey> find(String id) {
    if (id == null || id.length() != 43) {
      return Optional.empty();
    }
    Journey journey = journeys.get(id);
    Instant now = clock.instant();
    if (journey == null) {
      return Optional.empty();
    }
    if (expired(journey, now)) {
      journeys.remove(id, journey);
      return Optional.empty();
    }
    journey.touch(now);
    return Optional.of(journey);
  }

  /** How many journeys are kept now (expired ones may still count until swept). */
  public int size() {
    return journeys.size();
  }

  /** Forgets every journey unused for {@link #IDLE}. */
  public void sweep(Instant now) {
    journeys.values().removeIf(journey -> expired(journey, now));
  }

  private static boolean expired(Journey journey, Instant now) {
    return journey.used().plus(IDLE).isBefore(now);
  }

  /** 256 random bits, URL-safe: 43 characters. */
  private String token() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** RL-XXXX-XXXX: 40 random bits, enough that two journeys never share one in practice. */
  private String reference() {
    StringBuilder reference = new StringBuilder("RL-");
    for (int i = 0; i < 8; i++) {
      if (i == 4) {
        reference.append('-');
      }
      reference.append(REFERENCE[random.nextInt(REFERENCE.length)]);
    }
    return reference.toString();
  }
}
