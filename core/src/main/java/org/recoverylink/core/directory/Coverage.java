package org.recoverylink.core.directory;

import java.util.Objects;
import java.util.Set;

/**
 * Where a service takes referrals from. Routing prefers the service whose coverage is narrowest
 * (a district's own service before its area's, before a county-wide one): the nearest.
 */
public sealed interface Coverage {

  /** Whether a person living in {@code district} is covered. */
  boolean covers(District district);

  /** 0 for named districts, 1 for areas, 2 for the whole directory: lower is nearer. */
  int reach();

  static Coverage districts(String... onsCodes) {
    return new Districts(Set.of(onsCodes));
  }

  static Coverage areas(String... areas) {
    return new Areas(Set.of(areas));
  }

  static Coverage whole() {
    return Whole.INSTANCE;
  }

  /** Named districts (ONS codes); may include neighbouring, non-local ones. */
  record Districts(Set<String> codes) implements Coverage {
    public Districts {
      codes = Set.copyOf(codes);
    }

    @Override
    public boolean covers(District district) {
      return codes.contains(district.code());
    }

    @Override
    public int reach() {
      return 0;
    }
  }

  /** Every local district of the named areas (Essex: quadrants). */
  record Areas(Set<String> names) implements Coverage {
    public Areas {
      names = Set.copyOf(names);
    }

    @Override
    public boolean covers(District district) {
      return district.local() && names.contains(district.area());
    }

    @Override
    public int reach() {
      return 1;
    }
  }

  /** Every local district (county-wide). */
  enum Whole implements Coverage {
    INSTANCE;

    @Override
    public boolean covers(District district) {
      return Objects.requireNonNull(district).local();
    }

    @Override
    public int reach() {
      return 2;
    }
  }
}
