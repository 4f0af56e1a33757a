/**
 * Pharmacy events in FHIR R4: shared-care OST prescriptions ({@code MedicationRequest}), what
 * happened at the counter ({@code MedicationDispense}), notifications to the prescriber and
 * keyworker ({@code Communication}, {@code Flag}) and dispensing decisions ({@code Parameters}).
 * Start at {@link org.recoverylink.fhir.pharmacy.ost.OstResources}.
 */
package org.recoverylink.fhir.pharmacy.ost;

