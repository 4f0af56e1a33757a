/**
 * Opioid substitution therapy at the pharmacy counter: the prescription and its instalments,
 * the check before a dose (withholds for missed doses, expiry, a review), what was supplied,
 * and who is told. Thresholds are in {@code OstSettings}, never in the rules.
 */
package org.recoverylink.core.pharmacy.ost;
