/**
 * Delivering referrals: the dispatcher takes what the outbox holds, sends each to its provider's
 * FHIR endpoint as a BaRS message with the BaRS routing headers, authenticated as the
 * provider's Endpoint requires (an access token got with a signed assertion, or a client
 * certificate), retries with back-off, and leases rows so that several server processes never
 * send one twice.
 */
package org.recoverylink.server.delivery;
