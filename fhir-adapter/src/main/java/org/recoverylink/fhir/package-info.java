/**
 * FHIR R4 in and out of RecoveryLink core, with HAPI FHIR. Start from
 * {@link org.recoverylink.fhir.RecoveryLinkFhir}, the one entry point; the packages below it hold
 * one job each and never depend on this one. One {@code FhirContext} per process
 * ({@code FhirContext.forR4Cached()}); parsers are made per use, as they are not thread-safe.
 */
package org.recoverylink.fhir;

