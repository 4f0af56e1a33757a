/** Brief alcohol interventions recorded as FHIR {@code Procedure}s. */
package org.recoverylink.fhir.intervention;
