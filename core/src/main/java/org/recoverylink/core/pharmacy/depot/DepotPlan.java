package org.recoverylink.core.pharmacy.depot;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * A patient's current depot buprenorphine prescription: how often, how much, from when. A change of
 * interval or dose is a new plan from its first injection.
 *
 * @param patient        the patient's NHS number (ten digits, modulus 11)
 * @param interval       weekly or monthly
 * @param doseMg         milligrams, one of the interval's presentations
 * @param firstInjection the day of the plan's first injection
 * @throws InvalidPharmacyDataException listing every problem
 */
public record DepotPlan(String patient, DepotInterval interval, int doseMg,
    LocalDate firstInjection) {

  public DepotPlan {
    List<Problem> problems = new ArrayList<>();
    if (patient == null) {
      problems.add(new Problem("patient", "the patient's NHS number is required"));
    } else {
      NhsNumber.problem(patient).ifPresent(p -> problems.add(new Problem("patient", p)));
    }
    Checks.required(interval, "interval", problems);
    if (interval != null && !interval.dosesMg().contains(doseMg)) {
      problems.add(new Problem("doseMg", "a " + interval.code() + " dose is one of "
          + interval.dosesMg() + " mg"));
    }
    Checks.required(firstInjection, "firstInjection", problems);
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /** Without the NHS number, so a plan never reaches a log with it. */
  @Override
  public String toString() {
    return "DepotPlan[" + interval.code() + " " + doseMg + " mg from " + firstInjection + "]";
  }
}
