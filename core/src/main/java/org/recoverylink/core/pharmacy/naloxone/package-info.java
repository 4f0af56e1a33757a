/**
 * Take-home naloxone supplied at a pharmacy: the supply as recorded
 * ({@link org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply}) and what it records
 * ({@link org.recoverylink.core.pharmacy.naloxone.NaloxoneRules#record}): a naloxone-used event
 * when a kit used on an overdose is replaced, and prompts for the pharmacist. Fields follow the
 * clinical reference, section 8.3, itself a design proposal.
 */
package org.recoverylink.core.pharmacy.naloxone;
