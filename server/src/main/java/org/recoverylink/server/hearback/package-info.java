/**
 * Hearing back (issue 24): the sender that tells referrers (BaRS status messages), people
 * (GOV.UK Notify texts and emails, through the {@link
 * org.recoverylink.server.hearback.Notifications} port) and services' leads what happened to a
 * referral, from the {@code hear_back} outbox; and the escalation of Tasks left waiting longer
 * than their service's working days ({@link org.recoverylink.server.hearback.Escalations}).
 */
package org.recoverylink.server.hearback;
