/**
 * Our code systems and identifier systems, as URLs and as CodeSystem resources, and the codes
 * the harm-reduction records use. Depends on core only.
 */
package org.recoverylink.fhir.terminology;
