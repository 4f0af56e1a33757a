package org.recoverylink.core.pharmacy.depot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * A depot injection given, always by a healthcare professional: the product is never taken home
 * (Buvidal SmPC, clinical reference 7.1).
 *
 * @param date       the day it was given
 * @param doseMg     milligrams: a weekly or monthly presentation
 * @param additional an extra dose on top of the scheduled ones (e.g. 8 mg during the first
 *                   week): it does not move the next appointment
 * @throws InvalidPharmacyDataException listing every problem, fields named {@code injection.*}
 */
public record Injection(LocalDate date, int doseMg, boolean additional) {

  public Injection {
    List<Problem> problems = new ArrayList<>();
    if (date == null) {
      problems.add(new Problem("injection.date", "required"));
    }
    if (!DepotInterval.WEEKLY.dosesMg().contains(doseMg)
        && !DepotInterval.MONTHLY.dosesMg().contains(doseMg)) {
      problems.add(new Problem("injection.doseMg", "a presentation: weekly "
          + DepotInterval.WEEKLY.dosesMg() + " or monthly " + DepotInterval.MONTHLY.dosesMg()
          + " mg"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /** A scheduled injection, the usual case. */
  public static Injection scheduled(LocalDate date, int doseMg) {
    return new Injection(date, doseMg, false);
  }
}
