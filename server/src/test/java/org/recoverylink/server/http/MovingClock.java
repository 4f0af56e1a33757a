package org.recoverylink.server.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves on; the server, its tokens, journeys and sessions all read it. */
final class MovingClock extends Clock {

  private volatile Instant now;

  MovingClock(Instant start) {
    this.now = start;
  }

  void forward(Duration by) {
    now = now.plus(by);
  }

  void set(Instant at) {
    now = at;
  }

  void back(Duration by) {
    now = now.minus(by);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
