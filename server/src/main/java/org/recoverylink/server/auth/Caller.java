package org.recoverylink.server.auth;

import java.util.Objects;

/**
 * Who is calling, from a verified token.
 *
 * @param subject      the token's {@code sub} (a user or system id; never patient data)
 * @param role         what they may do
 * @param organisation their organisation: ODS code, or the directory's Organization id
 */
public record Caller(String subject, Role role, String organisation) {

  public Caller {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(organisation, "organisation");
  }
}
