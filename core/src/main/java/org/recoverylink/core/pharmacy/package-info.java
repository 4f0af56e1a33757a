/**
 * The pharmacy's rules, pure, with the history passed in: shared-care opioid substitution
 * treatment at dispensing ({@code ost}), depot buprenorphine appointments ({@code depot}), needle
 * and syringe programme transactions ({@code nsp}) and take-home naloxone ({@code naloxone}).
 * Main sources: the Home Office approved instalment wording for FP10MDA prescriptions (2015),
 * "Drug misuse and dependence: UK guidelines on clinical management" (DH, 2017), NICE PH52
 * "Needle and syringe programmes" (2014) and local pharmacy service specifications.
 */
package org.recoverylink.core.pharmacy;
