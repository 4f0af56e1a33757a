/**
 * The screening use cases: {@code $assess} with the configured rules, each finished screening
 * counted once for the IBA report; brief interventions recorded. Time is the injected clock.
 */
package org.recoverylink.server.assessment;
