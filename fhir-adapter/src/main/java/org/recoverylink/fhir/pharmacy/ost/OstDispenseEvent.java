package org.recoverylink.fhir.pharmacy.ost;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.WithholdReason;

/**
 * What one of our MedicationDispenses says happened at the counter ({@link
 * OstResources#read(org.hl7.fhir.r4.model.MedicationDispense)}): a supply, a day not collected,
 * or a dose withheld. Each carries the idempotency key it was recorded under.
 */
public sealed interface OstDispenseEvent {

  /** The idempotency key: MedicationDispense.identifier in {@link OstResources#EVENT_SYSTEM}. */
  UUID key();

  /** The prescription's id, as the PMR system knows it. */
  String prescription();

  /** The patient's NHS number. */
  String patient();

  OstMedicine medicine();

  /** The day it happened. */
  LocalDate date();

  /** The pharmacy's ODS code (MedicationDispense.performer), when given. */
  Optional<String> pharmacy();

  /** Medicine supplied: completed, the supply as the rules' history needs it. */
  record Dispensed(UUID key, String patient, OstMedicine medicine, Optional<String> pharmacy,
      OstEvent.Dispensed event) implements OstDispenseEvent {

    public Dispensed {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(medicine, "medicine");
      Objects.requireNonNull(pharmacy, "pharmacy");
      Objects.requireNonNull(event, "event");
    }

    @Override
    public String prescription() {
      return event.prescription();
    }

    @Override
    public LocalDate date() {
      return event.date();
    }
  }

  /** The day's dose was not collected: declined, reason {@code not-collected}. */
  record NotCollected(UUID key, String prescription, String patient, OstMedicine medicine,
      LocalDate date, Optional<String> pharmacy) implements OstDispenseEvent {

    public NotCollected {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(medicine, "medicine");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(pharmacy, "pharmacy");
    }
  }

  /** The dose was withheld: declined, with the rules' reason. */
  record Withheld(UUID key, String prescription, String patient, OstMedicine medicine,
      LocalDate date, WithholdReason reason, Optional<String> pharmacy)
      implements OstDispenseEvent {

    public Withheld {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(prescription, "prescription");
      Objects.requireNonNull(patient, "patient");
      Objects.requireNonNull(medicine, "medicine");
      Objects.requireNonNull(date, "date");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(pharmacy, "pharmacy");
    }
  }
}
