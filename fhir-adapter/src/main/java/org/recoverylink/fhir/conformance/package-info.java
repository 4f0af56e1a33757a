/**
 * RecoveryLink's conformance resources, made from the code that reads and writes what they
 * describe, so the two cannot drift: a StructureDefinition for every extension we define and a
 * profile for every resource shape we emit, a ValueSet for every CodeSystem of ours, and an
 * OperationDefinition for every operation. {@link org.recoverylink.fhir.conformance.Conformance}
 * gathers them; the server serves them and packages them as a FHIR NPM package. The profiles
 * derive from UK Core's where UK Core has one; {@link org.recoverylink.fhir.conformance.UkCore}
 * loads the copied UK Core definitions a validator needs beside ours.
 */
package org.recoverylink.fhir.conformance;
