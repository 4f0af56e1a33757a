package org.recoverylink.server.hearback;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Working days in England: Monday to Friday, less the bank holidays of England and Wales (GOV.UK's
 * published list, shipped as data with its source, plus any the configuration adds).
 */
public final class WorkingDays {

  private static final String LIST = "bank-holidays-england-and-wales.txt";

  private final NavigableSet<LocalDate> holidays;

  public WorkingDays(Collection<LocalDate> holidays) {
    this.holidays = new TreeSet<>(holidays);
  }

  /** GOV.UK's published bank holidays, with {@code extra} ones from the configuration. */
  public static WorkingDays england(Collection<LocalDate> extra) {
    TreeSet<LocalDate> all = new TreeSet<>(published());
    all.addAll(extra);
    return new WorkingDays(all);
  }

  /** The dates of the shipped list. */
  static NavigableSet<LocalDate> published() {
    TreeSet<LocalDate> dates = new TreeSet<>();
    try (InputStream in = Objects.requireNonNull(WorkingDays.class.getResourceAsStream(LIST),
        LIST); BufferedReader lines = new BufferedReader(new InputStreamReader(in,
            StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#")) {
          continue;
        }
        try {
          dates.add(LocalDate.parse(text.split("\\s+", 2)[0]));
        } catch (DateTimeParseException e) {
          throw new IllegalStateException(LIST + ": not a date: " + text, e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dates;
  }

  public boolean isWorkingDay(LocalDate day) {
    return day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY
        && !holidays.contains(day);
  }

  /**
   * The {@code n}th working day after {@code day} (the day itself not counted, being partly
   * gone when a referral arrives): a referral taken in on a Monday with 3 working days to be
   * answered is due by the end of Thursday, and escalated from Friday.
   */
  public LocalDate after(LocalDate day, int n) {
    LocalDate at = day;
    for (int counted = 0; counted < n; ) {
      at = at.plusDays(1);
      if (isWorkingDay(at)) {
        counted++;
      }
    }
    return at;
  }

  /** The last bank holiday known: past it, only weekends are skipped. */
  public LocalDate knownUntil() {
    return holidays.isEmpty() ? LocalDate.MIN : holidays.last();
  }
}
