package org.recoverylink.pharmacy;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.Advice;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.InjectedSubstance;
import org.recoverylink.core.pharmacy.nsp.Item;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.nsp.Offers;
import org.recoverylink.core.pharmacy.nsp.Returns;
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

  static final ClientCode CLIENT = ClientCode.parse("JS-19900314-M");
  static final OffsetDateTime AFTERNOON = OffsetDateTime.parse("2026-03-04T16:05:00Z");

  /** A level 2 needle-exchange visit: pick and mix, nothing returned, naloxone offered. */
  static NspTransaction visit(String id, String pharmacy) {
    return new NspTransaction(id, pharmacy, AFTERNOON, CLIENT, NspLevel.LEVEL_2,
        List.of(Item.sized(ItemKind.SYRINGE, "1ml", 10), Item.sized(ItemKind.NEEDLE,
            "25G-16mm", 10), Item.of(ItemKind.FILTER, 10), Item.of(ItemKind.WATER, 10)),
        Returns.NONE, EnumSet.of(InjectedSubstance.HEROIN), EnumSet.of(Advice.SAFER_INJECTING,
            Advice.OVERDOSE_PREVENTION), new Offers(Offers.Outcome.DECLINED,
            Offers.Outcome.NOT_OFFERED, Offers.Outcome.DECLINED, Offers.Outcome.ACCEPTED));
  }

  /** The client's first take-home naloxone kit, with the training. */
  static NaloxoneSupply firstKit(String id, String pharmacy) {
    return new NaloxoneSupply(id, pharmacy, AFTERNOON, NaloxoneSupply.Recipient.PERSON_AT_RISK,
        NaloxoneSupply.Product.INTRANASAL, 1, NaloxoneSupply.Reason.FIRST_SUPPLY,
        EnumSet.allOf(NaloxoneSupply.Training.class), Optional.of(CLIENT), Optional.empty());
  }

  static OstPrescription methadone(String id, String nhsNumber) {
    return new OstPrescription(id, nhsNumber, OstMedicine.METHADONE, new BigDecimal("60"),
        InstalmentSchedule.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY),
        Optional.of(LocalDate.of(2026, 3, 31)), MONDAY_2_MARCH, MONDAY_2_MARCH.plusDays(13),
        new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
        new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));
  }

  /**
   * The {@code n}th valid NHS number of the range 999 000 000 to 999 999 999 set aside for
   * testing, skipping those the modulus-11 check cannot complete.
   */
  static String nhsNumber(int n) {
    for (int base = 999_000_000 + n; ; base += 1_000) {
      String digits = Integer.toString(base);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (digits.charAt(i) - '0') * (10 - i);
      }
      int check = 11 - sum % 11;
      if (check != 10) {
        return digits + (check == 11 ? 0 : check);
      }
    }
  }
}
