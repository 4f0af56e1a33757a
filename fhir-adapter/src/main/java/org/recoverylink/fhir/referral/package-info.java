/**
 * Referrals in FHIR: reading a ServiceRequest ({@code ReferralIntake}) and a Task change
 * ({@code TaskChange}) for the referral rules of {@code org.recoverylink.core.referral},
 * answering their problems as OperationOutcome issues ({@code ReferralIssues}), and the
 * BaRS-shaped message the hub sends a provider ({@code BarsMessage}).
 */
package org.recoverylink.fhir.referral;
