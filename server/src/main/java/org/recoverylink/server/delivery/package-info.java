/**
 * Delivering referrals: the dispatcher takes what the outbox holds, sends each to its provider's
 * FHIR endpoint as a BaRS message, retries with back-off, and leases rows so that several server
 * processes never send one twice.
 */
package org.recoverylink.server.delivery;
