/**
 * Referrals in FHIR: reading a ServiceRequest
 * ({@link org.recoverylink.fhir.referral.ReferralIntake}) and a Task change ({@link org.recoverylink.fhir.referral.TaskChange}) for the referral rules of
 * {@code org.recoverylink.core.referral}, answering their problems as OperationOutcome issues
 * ({@link org.recoverylink.fhir.referral.ReferralIssues}), and the BaRS-shaped message the hub
 * sends a provider ({@link org.recoverylink.fhir.referral.BarsMessage}).
 */
package org.recoverylink.fhir.referral;
