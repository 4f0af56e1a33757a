/**
 * Referrals: taking them in, the BaRS-shaped message the hub sends a provider
 * ({@link org.recoverylink.fhir.referral.BarsMessage}), and their delivery.
 */
package org.recoverylink.fhir.referral;
