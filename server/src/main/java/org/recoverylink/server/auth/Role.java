package org.recoverylink.server.auth;

import java.util.Optional;

/**
 * What a caller may do (docs/http-api.md "Authentication and roles"), from the token's {@code role}
 * claim. {@link #SYSTEM} is no claim: it is the caller whose token has scopes and no role, and
 * may do what its scopes allow.
 */
public enum Role {
  GP("gp"), PHARMACY("pharmacy"), PROVIDER("provider"), COMMISSIONER("commissioner"),
  /** A system known by its scopes alone (SMART Backend Services); never a {@code role} claim. */
  SYSTEM("system");

  private final String claim;

  Role(String claim) {
    this.claim = claim;
  }

  /** The value of the {@code role} claim. */
  public String claim() {
    return claim;
  }

  /** The role a {@code role} claim names; never {@link #SYSTEM}, which no claim names. */
  public static Optional<Role> fromClaim(String claim) {
    for (Role role : values()) {
      if (role != SYSTEM && role.claim.equals(claim)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
