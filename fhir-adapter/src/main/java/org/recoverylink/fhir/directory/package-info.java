/**
 * The service directory as a FHIR Bundle (Organization, HealthcareService, Location), written
 * from core's directory and read back into one, with every problem reported at once.
 */
package org.recoverylink.fhir.directory;
