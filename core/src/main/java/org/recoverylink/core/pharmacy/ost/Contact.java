package org.recoverylink.core.pharmacy.ost;

import java.util.Objects;

/**
 * Someone the pharmacy tells when a dose is withheld or doses are missed: the prescriber (a GP
 * prescribing under shared care, or the specialist service's prescriber) or the keyworker.
 *
 * @param role         who they are to the patient's treatment
 * @param name         as the pharmacy addresses them
 * @param organisation the ODS code (or directory id) of their practice or service
 */
public record Contact(Role role, String name, String organisation) {

  /** Their part in shared care (a "four-way agreement": patient, GP, keyworker, pharmacist). */
  public enum Role {
    GP_SHARED_CARE_PRESCRIBER, SPECIALIST_PRESCRIBER, KEYWORKER;

    public boolean prescribes() {
      return this != KEYWORKER;
    }
  }

  public Contact {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(organisation, "organisation");
  }
}
