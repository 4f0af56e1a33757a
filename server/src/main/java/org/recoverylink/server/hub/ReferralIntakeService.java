package org.recoverylink.server.hub;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.referral.Admission;
import org.recoverylink.core.referral.TaskLifecycle;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.usecase.AuditNotes;

/**
 * Takes in a referral (docs/http-api.md "Refer"), posted on its own or unpacked from a BaRS
 * message: the intake rules over the services' capacities now (no one is routed to a paused
 * service, the single point of contact aside), then the referral stored with its routing facts, its first Task, its
 * delivery (when the service has an endpoint) and its audit row in one transaction. The same
 * identifier from the same organisation again gets the stored referral back, never a second one.
 */
public final class ReferralIntakeService {

  private static final ZoneId ENGLAND = England.ZONE;

  private final ReferralIntake intake;
  private final CapacityService capacities;
  private final ReferralStore referrals;
  private final Clock clock;
  private final Runnable queued;

  /**
   * @param capacities the services' capacities, read for each referral routed
   * @param queued     told when a referral waits in the outbox (the dispatcher wakes)
   */
  public ReferralIntakeService(ReferralIntake intake, CapacityService capacities,
      ReferralStore referrals, Clock clock, Runnable queued) {
    this.intake = Objects.requireNonNull(intake, "intake");
    this.capacities = Objects.requireNonNull(capacities, "capacities");
    this.referrals = Objects.requireNonNull(referrals, "referrals");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queued = Objects.requireNonNull(queued, "queued");
  }

  /**
   * A referral as stored.
   *
   * @param id      its id, as in {@code ServiceRequest/{id}}
   * @param json    the ServiceRequest as answered, with the receiving service as performer
   * @param created true when this request stored it; false when the same identifier had
   *                stored it before, and this is that one
   * @param service the receiving service, as the rules chose it for this request
   * @param why     why that service
   */
  public record Taken(String id, String json, boolean created, Service service,
      List<String> why) {

    public Taken {
      why = List.copyOf(why);
    }
  }

  /**
   * Takes in a referral from {@code caller}.
   *
   * @param messageId the X-Request-ID of the BaRS message it came in, if it did
   * @throws org.recoverylink.fhir.io.InvalidFhirInputException listing every problem
   * @throws org.recoverylink.server.store.DuplicateMessageException when the message was taken
   *     in before
   */
  public Taken take(ServiceRequest sent, Caller caller, Optional<String> messageId,
      AuditNotes audit) {
    Instant now = clock.instant();
    ReferralIntake.Admitted admitted = intake.admit(sent, caller.organisation(),
        LocalDate.ofInstant(now, ENGLAND), Set.of(), Optional.empty(), capacities.all());
    // A system known by its scopes alone is no GP or pharmacy: counted as another source.
    String source = caller.role() == Role.SYSTEM ? "other" : caller.role().claim();
    return store(sent, admitted, messageId, source, Optional.empty(), Optional.empty(), audit,
        now);
  }

  /**
   * Takes in a referral made on the public pages, under the same rules, in the same one
   * transaction with its Task, outbox row and audit row, as {@link #take}; the router also
   * hears the circumstances and who is referring, and the NHS number may be left out. Made again
   * with the same reference (a form sent twice), the stored referral is answered.
   *
   * @throws org.recoverylink.fhir.io.InvalidFhirInputException listing every problem
   */
  public Taken takePublic(PublicReferral referral, AuditNotes audit) {
    Instant now = clock.instant();
    ServiceRequest sent = referral.serviceRequest();
    ReferralIntake.Admitted admitted = intake.admit(sent, PublicReferral.ORGANISATION,
        LocalDate.ofInstant(now, ENGLAND), referral.circumstances(),
        Optional.of(referral.source()), capacities.all());
    return store(sent, admitted, Optional.empty(), referral.source().code(),
        referral.agency(), contact(referral), audit, now);
  }

  /**
   * How the person may be told how their referral goes: for a referral by themselves or by
   * family or friends (an agency hears back through its own worker, not through the person),
   * by text only when texts are marked safe, by email only when email is, and not at all when
   * they said no message may be left (a text or email is a message left, and read by whoever
   * holds the phone or the inbox) or when they said contact is safe only at some times: those
   * are their words, which no machine can keep to, so the service contacts them then instead.
   * Where a rule could be read two ways, this is the reading that tells the person less, for
   * their safety.
   */
  static Optional<ReferralStore.Contact> contact(PublicReferral referral) {
    PublicReferral.Contact contact = referral.contact();
    boolean told = referral.source() == ReferralSource.SELF
        || referral.source() == ReferralSource.FAMILY;
    if (!told || !contact.leaveMessage() || !contact.safeTimes().isBlank()) {
      return Optional.empty();
    }
    Optional<String> sms = contact.safeChannels().contains("text") ? contact.phone()
        : Optional.empty();
    Optional<String> email = contact.safeChannels().contains("email") ? contact.email()
        : Optional.empty();
    return sms.isEmpty() && email.isEmpty() ? Optional.empty()
        : Optional.of(new ReferralStore.Contact(referral.reference(), sms, email));
  }

  private Taken store(ServiceRequest sent, ReferralIntake.Admitted admitted,
      Optional<String> messageId, String source, Optional<String> agency,
      Optional<ReferralStore.Contact> contact, AuditNotes audit, Instant now) {
    Admission admission = admitted.admission();
    admission.nhsNumber().ifPresent(audit::patient);

    String id = Ids.timeOrdered();
    Service service = admission.service();
    ServiceRequest stored = Profiled.as(Profiled.REFERRAL, sent.copy());
    stored.setId(id);
    stored.getMeta().setLastUpdated(Date.from(now));
    stored.getPerformer().clear();
    stored.addPerformer(new Reference("HealthcareService/" + service.id())
        .setDisplay(service.name()));
    String json = new String(JsonEncoder.encode(stored), StandardCharsets.UTF_8);
    String taskId = Ids.timeOrdered();
    ReferralStore.Task task = new ReferralStore.Task(taskId, id, service.id(),
        Tasks.owner(service), admission.referrer(), TaskLifecycle.OPENED.code(),
        service.endpoint().isPresent() ? "queued" : "worklist", Optional.empty(),
        Optional.of("to " + service.name() + ": " + String.join("; ", admission.why())), 1, now,
        now);
    Optional<ReferralStore.Delivery> delivery = service.endpoint().map(address ->
        new ReferralStore.Delivery(Ids.timeOrdered(), taskId, address, now));
    ReferralStore.Keys keys = new ReferralStore.Keys(
        admitted.identifier().map(i -> i.getSystem()),
        admitted.identifier().map(i -> i.getValue()), messageId);
    audit.entity("ServiceRequest/" + id);
    ReferralStore.Facts facts = new ReferralStore.Facts(source, service.id(),
        admitted.screened(), codes(admitted.substances()), codes(admitted.flags()), agency);
    ReferralStore.Referral referral = referrals.create(new ReferralStore.Referral(id,
            admission.referrer(), admission.nhsNumber().orElse(null), now, json), keys, facts,
        admission.routing(), task, delivery, contact, audit.entry(201));
    if (!referral.id().equals(id)) { // the same referral again: answer what was stored
      audit.entity("ServiceRequest/" + referral.id());
      return new Taken(referral.id(), referral.json(), false, service, admission.why());
    }
    audit.written();
    if (delivery.isPresent()) {
      queued.run();
    }
    return new Taken(id, json, true, service, admission.why());
  }

  private static Set<String> codes(List<? extends Coded> values) {
    return values.stream().map(Coded::code).collect(Collectors.toSet());
  }
}
