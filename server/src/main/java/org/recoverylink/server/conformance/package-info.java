/**
 * The server's conformance resources: the library's definitions and the activity reports' own
 * code systems, as the server serves them and the build packages them (a FHIR NPM package,
 * {@code org.recoverylink.fhir}, inside the server jar at {@link
 * org.recoverylink.server.conformance.Definitions#PACKAGE}).
 */
package org.recoverylink.server.conformance;
