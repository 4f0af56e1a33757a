package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * A shared-care OST prescription as the pharmacy holds it (an FP10MDA form in England): the
 * medicine and daily dose, when the patient collects, until when consumption is supervised, the
 * dates it is valid and who to tell when something goes wrong.
 *
 * @param id              the prescription's id, as the PMR system knows it
 * @param patient         the patient's NHS number (ten digits, modulus 11)
 * @param medicine        what is dispensed
 * @param dailyDose       milligrams a day (methadone oral solution 1 mg/ml: millilitres too),
 *                        to at most {@value OstSettings#DECIMAL_PLACES} decimal places; the
 *                        largest taken is a setting ({@link OstRules#check(OstPrescription)})
 * @param schedule        the collection days and so the instalments
 * @param supervisedUntil the last day consumption is supervised on collection days; empty when
 *                        it is not supervised. Set by the prescriber after a risk assessment
 * @param validFrom       the first day of dispensing
 * @param validTo         the last day; at most {@value #MAX_DAYS} days from {@code validFrom}
 *                        inclusive, the most an FP10MDA form may cover
 * @param prescriber      the GP under shared care, or the specialist service's prescriber
 * @param keyworker       the patient's keyworker at the treatment service
 * @throws InvalidPharmacyDataException listing every problem
 */
public record OstPrescription(String id, String patient, OstMedicine medicine,
    BigDecimal dailyDose, InstalmentSchedule schedule, Optional<LocalDate> supervisedUntil,
    LocalDate validFrom, LocalDate validTo, Contact prescriber, Contact keyworker) {

  /** Days one FP10MDA form may cover (Misuse of Drugs Regulations 2001; clinical reference 7.3). */
  public static final int MAX_DAYS = 14;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]{0,63}");

  public OstPrescription {
    List<Problem> problems = new ArrayList<>();
    if (id == null || !ID.matcher(id).matches()) {
      problems.add(new Problem("id", "1 to 64 letters, digits, '.' or '-'"));
    }
    if (patient == null) {
      problems.add(new Problem("patient", "the patient's NHS number is required"));
    } else {
      NhsNumber.problem(patient).ifPresent(p -> problems.add(new Problem("patient", p)));
    }
    required(medicine, "medicine", problems);
    Checks.positiveAmount(dailyDose, OstSettings.DECIMAL_PLACES, "dailyDose",
        "a daily dose in milligrams", problems);
    required(schedule, "schedule", problems);
    if (supervisedUntil == null) {
      problems.add(new Problem("supervisedUntil", "empty when not supervised, never null"));
    }
    required(validFrom, "validFrom", problems);
    required(validTo, "validTo", problems);
    if (validFrom != null && validTo != null) {
      long days = ChronoUnit.DAYS.between(validFrom, validTo) + 1;
      if (days < 1) {
        problems.add(new Problem("validTo", "the prescription ends before it starts"));
      } else if (days > MAX_DAYS) {
        problems.add(new Problem("validTo", "one form covers at most " + MAX_DAYS
            + " days; this one covers " + days));
      }
    }
    if (prescriber == null || !prescriber.role().prescribes()) {
      problems.add(new Problem("prescriber", "a GP shared-care or specialist prescriber"
          + " is required"));
    }
    if (keyworker == null || keyworker.role() != Contact.Role.KEYWORKER) {
      problems.add(new Problem("keyworker", "the patient's keyworker is required"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  /** Whether the dose taken on {@code day}, a collection day, is supervised. */
  public boolean supervisedOn(LocalDate day) {
    return supervisedUntil.map(last -> !day.isAfter(last)).orElse(false);
  }

  /** Whether {@code day} is within the prescription's dates. */
  public boolean validOn(LocalDate day) {
    return !day.isBefore(validFrom) && !day.isAfter(validTo);
  }

  /** Without the NHS number, so a prescription never reaches a log with it. */
  @Override
  public String toString() {
    return "OstPrescription[" + id + ", " + medicine.code() + " " + dailyDose.toPlainString()
        + " mg a day, " + validFrom + " to " + validTo + "]";
  }

  private static void required(Object value, String field, List<Problem> problems) {
    if (value == null) {
      problems.add(new Problem(field, "required"));
    }
  }
}
