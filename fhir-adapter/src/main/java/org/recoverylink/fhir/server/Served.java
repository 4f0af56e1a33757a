package org.recoverylink.fhir.server;

import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;

/** A JAX-RS resource that says what it serves, so the CapabilityStatement is never out of date. */
interface Served {

  /** Adds the resource types, interactions and operations served to the statement. */
  void describe(CapabilityStatementRestComponent rest);
}
