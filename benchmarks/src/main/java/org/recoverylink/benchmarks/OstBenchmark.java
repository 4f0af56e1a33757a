package org.recoverylink.benchmarks;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.Presentation;

/**
 * Cost of one OST decision at the counter with 90 days of the patient's history: collection
 * Monday to Saturday (Saturday's instalment carrying Sunday's take-away), supervised, a dose a
 * day for 90 days over seven earlier forms, two missed runs with their notifications raised and
 * a prescriber's review. See README.md for the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class OstBenchmark {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23); // a Monday
  private static final BigDecimal DOSE = new BigDecimal("60");

  private final OstRules rules = new OstRules(OstSettings.ukDefault());
  private final OstPrescription prescription = new OstPrescription("rx-7", "9434765919",
      OstMedicine.METHADONE, DOSE, InstalmentSchedule.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY,
          DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY),
      Optional.of(TODAY.plusDays(60)), TODAY.minusDays(6), TODAY.plusDays(7),
      new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
      new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));
  private final List<OstEvent> history = history();

  private static List<OstEvent> history() {
    List<OstEvent> events = new ArrayList<>();
    for (LocalDate day = TODAY.minusDays(90); day.isBefore(TODAY); day = day.plusDays(1)) {
      long daysAgo = TODAY.toEpochDay() - day.toEpochDay();
      boolean missed = (daysAgo >= 60 && daysAgo < 63) || (daysAgo >= 30 && daysAgo < 32);
      if (daysAgo == 60 || daysAgo == 30) {
        events.add(new OstEvent.NotificationRaised("missed-doses/" + day, day));
      }
      if (daysAgo == 59) {
        events.add(new OstEvent.PrescriberReviewed(day));
      }
      if (missed || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      List<LocalDate> days = day.getDayOfWeek() == DayOfWeek.SATURDAY
          ? List.of(day, day.plusDays(1)) : List.of(day);
      events.add(new OstEvent.Dispensed("rx-" + (daysAgo / 14), day, days, true,
          DOSE.multiply(BigDecimal.valueOf(days.size()))));
    }
    return List.copyOf(events);
  }

  @Benchmark
  public DispenseDecision beforeDispenseWith90DaysOfHistory() {
    return rules.beforeDispense(prescription, history, TODAY, Presentation.USUAL);
  }
}
