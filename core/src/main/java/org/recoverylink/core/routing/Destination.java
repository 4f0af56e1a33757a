package org.recoverylink.core.routing;

import java.util.List;
import java.util.Objects;
import org.recoverylink.core.directory.Service;

/**
 * One service a person is routed to, and why.
 *
 * @param service the service
 * @param role    primary, co-referral or signpost
 * @param reasons why this service, in plain words; never empty
 * @param urgent  whether it must act the same day
 */
public record Destination(Service service, Role role, List<String> reasons, boolean urgent) {

  public Destination {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(role, "role");
    reasons = List.copyOf(reasons);
    if (reasons.isEmpty()) {
      throw new IllegalArgumentException(service.id() + " needs a reason");
    }
  }

  @Override
  public String toString() {
    return role.code() + " " + service.id() + (urgent ? " (urgent)" : "") + " " + reasons;
  }
}
