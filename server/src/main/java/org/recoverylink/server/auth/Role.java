package org.recoverylink.server.auth;

import java.util.Optional;

/**
 * What a caller may do (docs/http-api.md "Authentication and roles"), from the token's {@code role}
 * claim.
 */
public enum Role {
  GP("gp"), PHARMACY("pharmacy"), PROVIDER("provider"), COMMISSIONER("commissioner");

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  /** The value of the {@code role} claim. */
  public String claim() {
    return claim;
  }

  public static Optional<Role> fromClaim(String claim) {
    for (Role role : values()) {
      if (role.claim.equals(claim)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
