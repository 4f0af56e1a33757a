/**
 * Reading and writing FHIR the way every part of the adapter does: strict parsing of what we are
 * sent ({@code StrictBody}, {@code ResourceParser}, {@code OperationInput}), the extensions we
 * define and the check every reader runs first ({@code Extensions}), problems reported all at
 * once, each at its FHIRPath ({@code FhirIssue}, {@code InvalidFhirInputException}), and compact
 * JSON out ({@code JsonEncoder}). Depends on core only, so every other package may use it.
 */
package org.recoverylink.fhir.io;

