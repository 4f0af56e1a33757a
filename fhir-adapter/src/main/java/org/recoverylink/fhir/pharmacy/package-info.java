/**
 * Needle and syringe programme transactions and take-home naloxone supplies in FHIR R4, both
 * ways: as the {@code Parameters} of the {@code $nsp-transaction} and {@code $naloxone-supply}
 * operations ({@link org.recoverylink.fhir.pharmacy.NspResources},
 * {@link org.recoverylink.fhir.pharmacy.NaloxoneResources}) and as a Bundle of standard
 * resources whose subject is a pseudonymous Patient. Identity data is refused on the way in
 * ({@link org.recoverylink.fhir.pharmacy.IdentityGuard}).
 */
package org.recoverylink.fhir.pharmacy;

