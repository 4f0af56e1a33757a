package org.recoverylink.server.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling, from a verified token.
 *
 * @param subject      the token's {@code sub} (a user or system id; never patient data)
 * @param role         what they may do: their {@code role} claim, or {@link Role#SYSTEM} for a
 *                     token with scopes and no role
 * @param organisation their organisation: ODS code, or the directory's Organization id
 * @param scopes       the token's {@code scope} claim, when it has one: then the scopes must
 *                     allow a call too, whatever the role
 */
public record Caller(String subject, Role role, String organisation, Optional<Scopes> scopes) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisation, "organisation");
    Objects.requireNonNull(scopes, "scopes");
    if (role == Role.SYSTEM && scopes.isEmpty()) {
      throw new IllegalArgumentException("a caller without a role needs scopes");
    }
  }

  /** A caller known by role alone, as before scopes. */
  public Caller(String subject, Role role, String organisation) {
    this(subject, role, organisation, Optional.empty());
  }
}
