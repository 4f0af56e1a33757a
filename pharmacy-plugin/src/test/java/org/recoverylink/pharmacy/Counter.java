package org.recoverylink.pharmacy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;

/**
 * The pharmacy counter of the tests: a fortnight's methadone form from Monday 2 March 2026,
 * collected Monday to Saturday (Saturday's instalment with Sunday's take-away), supervised.
 */
final class Counter {

  static final String PHARMACY = "FA123";
  static final LocalDate MONDAY_2_MARCH = LocalDate.of(2026, 3, 2);

  private Counter() {
  }

  static OstPrescription methadone(String id, String nhsNumber) {
    return new OstPrescription(id, nhsNumber, OstMedicine.METHADONE, new BigDecimal("60"),
        InstalmentSchedule.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY),
        Optional.of(LocalDate.of(2026, 3, 31)), MONDAY_2_MARCH, MONDAY_2_MARCH.plusDays(13),
        new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
        new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));
  }
}
