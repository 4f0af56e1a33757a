package org.recoverylink.core.directory;

import java.util.Objects;
import java.util.Set;

/**
 * Who a service is for.
 *
 * @param minAge        youngest age accepted, in whole years
 * @param maxAge        oldest age accepted
 * @param substances    substances it treats; empty means any
 * @param circumstances circumstances it is set up for (e.g. a criminal-justice worker); these
 *                      make it preferred, they are not required of the person
 * @param access        whether primary care may refer directly
 */
public record Eligibility(int minAge, int maxAge, Set<Substance> substances,
    Set<Circumstance> circumstances, Access access) {

  /** No upper age limit. */
  public static final int NO_MAX_AGE = 150;

  public Eligibility {
    substances = Set.copyOf(substances);
    circumstances = Set.copyOf(circumstances);
    Objects.requireNonNull(access, "access");
  }

  /** Any age, any substance, direct access. */
  public static Eligibility anyone() {
    return new Eligibility(0, NO_MAX_AGE, Set.of(), Set.of(), Access.DIRECT);
  }

  public boolean acceptsAge(int age) {
    return age >= minAge && age <= maxAge;
  }

  public boolean treats(Substance substance) {
    return substances.isEmpty() || substances.contains(substance);
  }

  public Eligibility ages(int min, int max) {
    return new Eligibility(min, max, substances, circumstances, access);
  }

  public Eligibility substances(Set<Substance> treated) {
    return new Eligibility(minAge, maxAge, treated, circumstances, access);
  }

  public Eligibility circumstances(Set<Circumstance> specialisms) {
    return new Eligibility(minAge, maxAge, substances, specialisms, access);
  }

  public Eligibility access(Access how) {
    return new Eligibility(minAge, maxAge, substances, circumstances, how);
  }
}
