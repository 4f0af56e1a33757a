/**
 * Needle and syringe programme transactions at a pharmacy: what was given (packs or pick-and-mix
 * items), what came back, the advice and offers that went with it, for a client known only by a
 * pseudonymous {@link org.recoverylink.core.pharmacy.nsp.ClientCode}. Levels and the principle
 * that equipment meets need, uncapped, come from NICE PH52 (2014); the record's fields from local
 * service specifications (clinical reference, section 8).
 */
package org.recoverylink.core.pharmacy.nsp;
