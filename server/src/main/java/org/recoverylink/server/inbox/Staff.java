package org.recoverylink.server.inbox;

import java.util.List;
import java.util.Objects;
import org.recoverylink.core.directory.Service;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;

/**
 * A member of staff signed in to the inbox.
 *
 * @param subject      their id at the identity provider ({@code sub}); never patient data
 * @param name         their name, as the pages greet them
 * @param organisation the organisation whose Tasks they work: ODS code, or directory id
 * @param services     the services whose referrals they see, directory order
 */
public record Staff(String subject, String name, String organisation, List<Service> services) {

  public Staff {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(organisation, "organisation");
    services = List.copyOf(services);
    if (services.isEmpty()) {
      throw new IllegalArgumentException("a member of staff works for at least one service");
    }
  }

  /** Who they are to the hub's use cases: the receiving organisation's staff. */
  public Caller caller() {
    return new Caller(subject, Role.PROVIDER, organisation);
  }

  /** Whether they work for this service. */
  public boolean worksFor(String serviceId) {
    return services.stream().anyMatch(s -> s.id().equals(serviceId));
  }
}
