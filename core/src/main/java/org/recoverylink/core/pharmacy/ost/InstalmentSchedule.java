package org.recoverylink.core.pharmacy.ost;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * When the patient collects: the weekdays the prescription names as collection days. Each
 * collection day's instalment covers that day and every following day up to the next collection
 * day, so doses due on days the pharmacy is closed are dispensed on a prior suitable day as
 * take-away doses (Home Office approved instalment wording, 2015, phrase 1). The first day of a
 * prescription always starts an instalment.
 *
 * <p>Daily collection except Sunday: {@code of(MONDAY, ..., SATURDAY)}; Saturday's instalment is
 * Saturday's dose and Sunday's take-away.
 *
 * @param collectionDays at least one weekday
 */
public record InstalmentSchedule(Set<DayOfWeek> collectionDays) {

  public InstalmentSchedule {
    Objects.requireNonNull(collectionDays, "collectionDays");
    if (collectionDays.isEmpty()) {
      throw new IllegalArgumentException("an instalment schedule has at least one collection day");
    }
    collectionDays = Collections.unmodifiableSet(EnumSet.copyOf(collectionDays)); // weekday order
  }

  public static InstalmentSchedule of(DayOfWeek first, DayOfWeek... more) {
    return new InstalmentSchedule(EnumSet.of(first, more));
  }

  /** Collection every day of the week: no take-away doses. */
  public static InstalmentSchedule daily() {
    return new InstalmentSchedule(EnumSet.allOf(DayOfWeek.class));
  }

  public boolean isCollectionDay(LocalDate day) {
    return collectionDays.contains(day.getDayOfWeek());
  }

  /** The first day of the instalment {@code day} belongs to, not before {@code validFrom}. */
  LocalDate instalmentStart(LocalDate day, LocalDate validFrom) {
    LocalDate start = day;
    while (start.isAfter(validFrom) && !isCollectionDay(start)) {
      start = start.minusDays(1);
    }
    return start;
  }

  /** The last day of the instalment starting on {@code start}, not after {@code validTo}. */
  LocalDate instalmentEnd(LocalDate start, LocalDate validTo) {
    LocalDate end = start;
    while (end.isBefore(validTo) && !isCollectionDay(end.plusDays(1))) {
      end = end.plusDays(1);
    }
    return end;
  }
}
