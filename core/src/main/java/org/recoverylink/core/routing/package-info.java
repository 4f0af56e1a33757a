/**
 * Routing a referral over a {@link org.recoverylink.core.directory.Directory}: exactly one primary
 * destination, co-referrals and signposts, each with the reasons that chose it. The rules ask for
 * kinds of service and eligibility, never for named services, so any county's directory routes.
 *
 * <p>Entry point: {@link org.recoverylink.core.routing.Router}.
 */
package org.recoverylink.core.routing;
