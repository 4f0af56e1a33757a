package org.recoverylink.server.hub;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.directory.Capacities;
import org.recoverylink.core.directory.Capacity;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.text.Quote;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.CapacityStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * Each service's capacity (docs/http-api.md "Capacity"): accepting, a waiting list of some
 * weeks, or paused, as the service's own staff set it (the provider inbox), read by every
 * routing call the server makes and shown on the map and the HealthcareService. A service that
 * never set it is accepting. Only the service's own organisation sets it; every change, and
 * every refused one, is audited.
 */
public final class CapacityService {

  private final CapacityStore store;
  private final Directory directory;
  private final AuditTrail trail;
  private final Clock clock;
  /** What {@link #recent} answers, and when it was read (System.nanoTime). */
  private volatile Recent recent;

  private record Recent(Capacities capacities, long read) {
  }

  /** How long {@link #recent} answers without reading the store again. */
  private static final long RECENT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  public CapacityService(CapacityStore store, Directory directory, AuditTrail trail,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.trail = Objects.requireNonNull(trail, "trail");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A service's capacity now: as set, or accepting.
   *
   * @throws Refused NOT_FOUND when the directory has no such service
   */
  public Capacity current(String serviceId) {
    return setting(serviceId).map(CapacityStore.Setting::capacity)
        .orElse(Capacity.accepting());
  }

  /**
   * Who set a service's capacity, when, and to what; empty when it never was (accepting).
   *
   * @throws Refused NOT_FOUND when the directory has no such service
   */
  public Optional<CapacityStore.Setting> setting(String serviceId) {
    return store.find(service(serviceId).id());
  }

  /**
   * Every service's capacity now, for one routing decision; rows of services no longer in the
   * directory are left out.
   */
  public Capacities all() {
    Map<String, Capacity> set = new HashMap<>();
    for (CapacityStore.Setting setting : store.all()) {
      if (directory.service(setting.service()).isPresent()) {
        set.put(setting.service(), setting.capacity());
      }
    }
    return Capacities.of(set);
  }

  /**
   * Every service's capacity as read at most a few seconds ago (a change made here, at once):
   * for the public map, which anyone may ask for as often as they like; routing reads
   * {@link #all}.
   */
  public Capacities recent() {
    Recent last = recent;
    long now = System.nanoTime();
    if (last == null || now - last.read() > RECENT_NANOS) {
      last = new Recent(all(), now);
      recent = last;
    }
    return last.capacities();
  }

  /** Every capacity set, by service id, with who set it and when. */
  public Map<String, CapacityStore.Setting> settings() {
    Map<String, CapacityStore.Setting> settings = new HashMap<>();
    for (CapacityStore.Setting setting : store.all()) {
      if (directory.service(setting.service()).isPresent()) {
        settings.put(setting.service(), setting);
      }
    }
    return Map.copyOf(settings);
  }

  /** The services whose capacity this caller may set: their organisation's, in directory order. */
  public List<Service> servicesOf(Caller staff) {
    return directory.services().stream().filter(service -> mayChange(staff, service)).toList();
  }

  /**
   * Sets a service's capacity, durably, with its audit row in the same commit.
   *
   * @param staff a caller of the service's own organisation ({@link Tasks#owner}: its ODS code
   *              or directory id), as a provider (or a system known by its scopes)
   * @throws Refused NOT_FOUND when the directory has no such service; FORBIDDEN when the
   *     caller is not of its organisation. Either refusal is audited before it is thrown.
   */
  public CapacityStore.Setting set(String serviceId, Capacity capacity, Caller staff,
      AuditNotes audit) {
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(staff, "staff");
    Objects.requireNonNull(audit, "audit");
    Optional<Service> service = serviceId == null ? Optional.empty()
        : directory.service(serviceId);
    if (service.isEmpty()) {
      throw refused(audit, new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND,
          "no service " + Quote.of(String.valueOf(serviceId)) + " in the directory"));
    }
    audit.entity("HealthcareService/" + service.get().id());
    if (!mayChange(staff, service.get())) {
      throw refused(audit, new Refused(Refused.Reason.FORBIDDEN,
          IssueType.FORBIDDEN, "only " + service.get().provider().name() + " sets the"
              + " capacity of " + service.get().name()));
    }
    // What both databases keep: the row read back equals the one answered.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    CapacityStore.Setting set = store.set(service.get().id(), capacity, staff.subject(),
        staff.organisation(), now, audit.entry(200));
    audit.written();
    recent = null; // the map shows it at once
    return set;
  }

  private static boolean mayChange(Caller staff, Service service) {
    return (staff.role() == Role.PROVIDER || staff.role() == Role.SYSTEM)
        && staff.organisation().equals(Tasks.owner(service));
  }

  /** Writes the refusal's audit row (capacity is no patient data: no filter would). */
  private Refused refused(AuditNotes audit, Refused refusal) {
    trail.record(audit.entry(refusal.reason().status()));
    audit.written();
    return refusal;
  }

  private Service service(String serviceId) {
    return directory.service(Objects.requireNonNull(serviceId, "serviceId")).orElseThrow(() ->
        new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND, "no service "
            + Quote.of(serviceId) + " in the directory"));
  }
}
