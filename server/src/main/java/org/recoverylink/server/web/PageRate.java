package org.recoverylink.server.web;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many requests one client (by address) may make to the public pages a minute
 * ({@code --page-rate}): a fixed one-minute window per client, forgotten when it ends. Enough for
 * a person; a script sending referrals in bulk gets the "try again later" page. Thread-safe.
 */
public final class PageRate {

  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Past this many clients in the table, ended windows are swept before a new one is added. */
  private static final int SWEEP_AT = 10_000;

  private record Window(long start, int count) {
  }

  private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
  private final int perMinute;
  private final Clock clock;

  public PageRate(int perMinute, Clock clock) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("a page rate is at least 1 a minute");
    }
    this.perMinute = perMinute;
    this.clock = clock;
  }

  /** Counts a request from {@code client}; false when it is over the rate. */
  public boolean allow(String client) {
    long now = clock.millis();
    if (windows.size() > SWEEP_AT) {
      windows.values().removeIf(w -> now - w.start() >= WINDOW.toMillis());
    }
    Window window = windows.compute(client, (key, w) ->
        w == null || now - w.start() >= WINDOW.toMillis() ? new Window(now, 1)
            : new Window(w.start(), w.count() + 1));
    return window.count() <= perMinute;
  }

  /** Seconds until {@code client}'s window ends: the Retry-After of a refusal. */
  public long retryAfter(String client) {
    Window window = windows.get(client);
    long left = window == null ? 0 : WINDOW.toMillis() - (clock.millis() - window.start());
    return Math.max(1, (left + 999) / 1000);
  }
}
