package org.recoverylink.server.hub;

import org.recoverylink.server.store.AuditTrail;

/**
 * The audit of the request a service is serving, as the HTTP layer keeps it: the service names
 * the resource and the patient as it learns them, and writes the audit row in the transaction of
 * what it audits.
 */
public interface Audited {

  /** Names the resource read or written, e.g. {@code Task/123}. */
  void entity(String reference);

  /** Names the patient, by NHS number. */
  void patient(String nhsNumber);

  /** The audit row of the request, answered with {@code status}, to write with the work. */
  AuditTrail.Entry entry(int status);

  /** The row was written with the work: no second one is written after the answer. */
  void written();
}
