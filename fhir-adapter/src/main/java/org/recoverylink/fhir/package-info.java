/**
 * FHIR R4 in and out of RecoveryLink core, with HAPI FHIR. One {@code FhirContext} per process
 * ({@code FhirContext.forR4Cached()}); parsers are made per use, as they are not thread-safe.
 */
package org.recoverylink.fhir;
