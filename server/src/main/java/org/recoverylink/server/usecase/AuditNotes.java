package org.recoverylink.server.usecase;

import org.recoverylink.server.store.AuditTrail;

/**
 * What a use case tells the audit trail about the request it serves: the patient and the
 * resource concerned, and, where the audit row is written in the same transaction as the work,
 * that row and the fact it was written.
 */
public interface AuditNotes {

  /** The patient concerned, by NHS number as written. */
  void patient(String nhsNumber);

  /** The resource read or written, e.g. {@code MedicationDispense/123}. */
  void entity(String reference);

  /** The audit row of the request answered with {@code status}, as noted so far. */
  AuditTrail.Entry entry(int status);

  /** The row from {@link #entry} was committed with the work: no second row is written. */
  void written();
}
