/**
 * FHIR R4 in and out of RecoveryLink core, with HAPI FHIR. One {@code FhirContext} per process
 * ({@code FhirContext.forR4Cached()}); parsers are made per use, as they are not thread-safe.
 * Start from {@link org.recoverylink.fhir.RecoveryLinkFhir}.
 */
package org.recoverylink.fhir;
