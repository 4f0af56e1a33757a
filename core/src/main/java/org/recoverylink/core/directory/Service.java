package org.recoverylink.core.directory;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One service in the directory.
 *
 * @param id          stable id, also the FHIR HealthcareService id
 * @param name        name
 * @param provider    the organisation that provides it
 * @param kinds       what it does
 * @param eligibility who it is for
 * @param coverage    where it takes people from
 * @param endpoint    base URL of its FHIR endpoint, where referrals are delivered directly
 * @param description what the service offers, in plain words, with its source
 * @param contact     how the public reaches it, where known
 */
public record Service(String id, String name, Organisation provider, Set<ServiceKind> kinds,
    Eligibility eligibility, Coverage coverage, Optional<String> endpoint, String description,
    Contact contact) {

  public Service {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    kinds = Set.copyOf(kinds);
    Objects.requireNonNull(eligibility, "eligibility");
    Objects.requireNonNull(coverage, "coverage");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(contact, "contact");
  }

  /** A service whose contact details the directory does not know. */
  public Service(String id, String name, Organisation provider, Set<ServiceKind> kinds,
      Eligibility eligibility, Coverage coverage, Optional<String> endpoint, String description) {
    this(id, name, provider, kinds, eligibility, coverage, endpoint, description,
        Contact.none());
  }

  public boolean is(ServiceKind kind) {
    return kinds.contains(kind);
  }

  @Override
  public String toString() {
    return name + " [" + id + "]";
  }
}
