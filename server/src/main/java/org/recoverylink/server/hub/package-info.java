/**
 * The referral hub's application services, one per use case: taking a referral in
 * ({@link org.recoverylink.server.hub.ReferralIntakeService}, and from a BaRS message
 * {@link org.recoverylink.server.hub.MessageIntakeService}), and reading and changing the Tasks
 * of the worklist, re-routing on a rejection
 * ({@link org.recoverylink.server.hub.TaskService}). The rules are {@code core}'s; the HTTP
 * resources parse, call one of these and write the answer.
 */
package org.recoverylink.server.hub;
