package org.recoverylink.server.report;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.recoverylink.core.directory.District;

/**
 * What a report covers: the days of the period (inclusive, on English clocks) and, optionally,
 * one organisation or the organisations of one district.
 *
 * @param start         the first day
 * @param end           the last day
 * @param organisation  only events recorded by this organisation (ODS code)
 * @param district      only events recorded by organisations in this district
 * @param organisations with a district: the organisations configured in it
 */
public record Scope(LocalDate start, LocalDate end, Optional<String> organisation,
    Optional<District> district, Set<String> organisations) {

  /** Days begin and end on English clocks, whatever the server's zone. */
  static final ZoneId ENGLAND = org.recoverylink.core.nhs.England.ZONE;

  public Scope {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("the period ends before it starts");
    }
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(district, "district");
    organisations = Set.copyOf(organisations);
  }

  /** The first instant of the period, in UTC. */
  OffsetDateTime from() {
    return start.atStartOfDay(ENGLAND).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
  }

  /** The first instant after the period, in UTC. */
  OffsetDateTime until() {
    return end.plusDays(1).atStartOfDay(ENGLAND).toOffsetDateTime()
        .withOffsetSameInstant(ZoneOffset.UTC);
  }
}
