package org.recoverylink.core.directory;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The capacity of every service at one moment, by service id: a service not named is
 * accepting. Immutable; routing takes one value for one whole decision, so every destination is
 * chosen over the same picture.
 */
public final class Capacities {

  private static final Capacities ALL_ACCEPTING = new Capacities(Map.of());

  private final Map<String, Capacity> byService;

  private Capacities(Map<String, Capacity> byService) {
    this.byService = Map.copyOf(byService);
  }

  /** Every service accepting: what routing assumes when told nothing. */
  public static Capacities allAccepting() {
    return ALL_ACCEPTING;
  }

  /** These capacities by service id; any other service is accepting. */
  public static Capacities of(Map<String, ? extends Capacity> byService) {
    Map<String, Capacity> copy = new HashMap<>();
    byService.forEach((id, capacity) -> copy.put(Objects.requireNonNull(id, "service id"),
        Objects.requireNonNull(capacity, "capacity of " + id)));
    return new Capacities(copy);
  }

  /** These capacities with one service's replaced. */
  public Capacities with(String serviceId, Capacity capacity) {
    Map<String, Capacity> copy = new HashMap<>(byService);
    copy.put(Objects.requireNonNull(serviceId, "serviceId"),
        Objects.requireNonNull(capacity, "capacity"));
    return new Capacities(copy);
  }

  /** The capacity of a service; accepting when none was set. */
  public Capacity capacity(String serviceId) {
    return byService.getOrDefault(serviceId, Capacity.accepting());
  }

  /** The capacities set, by service id (services not named are accepting). */
  public Map<String, Capacity> asMap() {
    return byService;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Capacities that && byService.equals(that.byService);
  }

  @Override
  public int hashCode() {
    return byService.hashCode();
  }

  @Override
  public String toString() {
    return "Capacities" + byService;
  }
}
