/**
 * Routing in FHIR terms: the Parameters of {@code ServiceRequest/$route} in, the decision of the
 * core router out.
 */
package org.recoverylink.fhir.routing;
