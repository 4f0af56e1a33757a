package org.recoverylink.core.nhs;

import java.time.ZoneId;

/** Where the service runs: the calendar dates it records and reports by are England's. */
public final class England {

  /**
   * England's civil time: a referral's date, a dispensing day and a report month start at
   * midnight here, in British Summer Time as in winter.
   */
  public static final ZoneId ZONE = ZoneId.of("Europe/London");

  private England() {
  }
}
