package org.recoverylink.server.http;

import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;

/**
 * What a JAX-RS resource serves, added to the CapabilityStatement, so the statement is never out
 * of date. Given as a method reference: a resource that implemented an interface would look to
 * Jersey like a provider of it.
 */
@FunctionalInterface
public interface Served {

  /** Adds the resource types, interactions and operations served to the statement. */
  public void describe(CapabilityStatementRestComponent rest);
}
