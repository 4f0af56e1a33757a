/**
 * The {@code $assess} use case: assess with the configured rules, count each finished screening
 * once for the IBA report, and answer when it was assessed (by the injected clock).
 */
package org.recoverylink.server.assessment;
