package org.recoverylink.core.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;

/**
 * What has happened in a patient's OST at the pharmacy, as the rules need it: the history passed
 * to {@link OstRules}. It spans the patient's prescriptions, not just the current form, so doses
 * missed at the end of one form count on the first day of the next.
 */
public sealed interface OstEvent {

  /** The day the event happened. */
  LocalDate date();

  /**
   * Medicine supplied on {@code date} for {@code days} (that day and any take-away days).
   *
   * @param prescription the prescription it was dispensed on
   * @param quantity     milligrams supplied in all, above zero, to at most
   *                     {@value OstSettings#DECIMAL_PLACES} decimal places; the largest taken is
   *                     a setting ({@link OstRules#check(OstMedicine, Dispensed)})
   * @throws InvalidPharmacyDataException when there are no days or the quantity is not such
   */
  record Dispensed(String prescription, LocalDate date, List<LocalDate> days, boolean supervised,
      BigDecimal quantity) implements OstEvent {
    public Dispensed {
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(date, "date");
      days = List.copyOf(days);
      List<Problem> problems = new ArrayList<>();
      if (days.isEmpty()) {
        problems.add(new Problem("days", "a dispense covers at least one day"));
      }
      Checks.positiveAmount(quantity, OstSettings.DECIMAL_PLACES, "quantity",
          "the quantity supplied in milligrams", problems);
      InvalidPharmacyDataException.throwIfAny(problems);
    }
  }

  /**
   * The prescriber reviewed the patient after missed doses (and re-titrated as needed): from
   * {@code date} dispensing may resume and missed days are counted afresh.
   */
  record PrescriberReviewed(LocalDate date) implements OstEvent {
    public PrescriberReviewed {
      Objects.requireNonNull(date, "date");
    }
  }

  /** A notification was raised, by its {@link Notification#key()}: it is never raised again. */
  record NotificationRaised(String key, LocalDate date) implements OstEvent {
    public NotificationRaised {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(date, "date");
    }
  }
}
