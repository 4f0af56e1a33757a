package org.recoverylink.pharmacy.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRules;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.screening.Response;
import org.recoverylink.pharmacy.PharmacyPlugin;
import org.recoverylink.pharmacy.PharmacyPluginProvider;
import org.recoverylink.pharmacy.PluginSettings;
import org.recoverylink.pharmacy.SyncStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plug-in: core's rules over the local {@link Journal}, with a {@link Sender} syncing the
 * journal's outbox in the background. Each call reads the person's history, decides in core, and
 * writes the events and the FHIR requests that tell of them in one journal transaction.
 */
public final class LocalPharmacy implements PharmacyPlugin {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPharmacy.class);
  private static final String REVIEW = "MedicationRequest/$prescriber-review";

  /** Found by {@link PharmacyPlugin#open} through {@code META-INF/services}. */
  public static final class Provider implements PharmacyPluginProvider {
    @Override
    public PharmacyPlugin open(PluginSettings settings) {
      return new LocalPharmacy(settings);
    }
  }

  private final PluginSettings settings;
  private final Journal journal;
  private final OstRules rules;
  private final EventResources resources;
  private final Optional<Sender> sender;
  private final Optional<ScheduledExecutorService> background;

  private LocalPharmacy(PluginSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    try {
      Files.createDirectories(settings.data());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.journal = Journal.open(settings.data());
    this.rules = new OstRules(settings.ost());
    this.resources = new EventResources(settings.pharmacy(), rules);
    this.sender = settings.server().map(server -> new Sender(journal, server,
        settings.token(), settings.clock()));
    this.background = sender.filter(s -> !settings.syncEvery().isZero()).map(s -> {
      ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "recoverylink-pharmacy-sync");
        thread.setDaemon(true);
        return thread;
      });
      long millis = settings.syncEvery().toMillis();
      every.scheduleWithFixedDelay(this::backgroundRound, 0, millis, TimeUnit.MILLISECONDS);
      return every;
    });
  }

  @Override
  public void registerPrescription(OstPrescription prescription) {
    Objects.requireNonNull(prescription, "prescription");
    rules.check(prescription); // a dose over the configured bound is a typing error
    String key = key("prescription", prescription.id());
    String json = resources.prescription(prescription, key);
    journal.prescription(prescription.id(), prescription.patient(), json,
        create(prescription, "MedicationRequest", key, json));
  }

  @Override
  public DispenseDecision beforeDispense(String id, LocalDate date, Presentation presentation) {
    OstPrescription prescription = prescription(id);
    DispenseDecision decision = rules.beforeDispense(prescription,
        journal.history(prescription.patient()), date, presentation);
    // A dose due and not given is recorded; a second check of a dose given, or one before the
    // prescription starts, is not.
    if (decision instanceof DispenseDecision.Withhold withhold
        && withhold.reason() != WithholdReason.ALREADY_DISPENSED
        && withhold.reason() != WithholdReason.NOT_YET_VALID) {
      List<Journal.Entry> entries = new ArrayList<>();
      List<Outgoing> outgoing = new ArrayList<>();
      String key = key("withheld", id, date.toString(), withhold.reason().code());
      outgoing.add(create(prescription, "MedicationDispense", key,
          resources.withheld(prescription, withhold, key)));
      notify(prescription, withhold.notifications(), entries, outgoing);
      journal.record(entries, outgoing);
    }
    return decision;
  }

  @Override
  public Supplied recordDispense(String id, DispenseDecision.Dispense dispense) {
    Objects.requireNonNull(dispense, "dispense");
    OstPrescription prescription = prescription(id);
    List<OstEvent> history = journal.history(prescription.patient());
    DispenseDecision decision = rules.beforeDispense(prescription, history, dispense.date(),
        Presentation.USUAL);
    // A supply against the missed-doses withhold happened: it is kept, and says so. Any other
    // refusal (already supplied, outside the form) stops a mistake before it is recorded.
    if (decision instanceof DispenseDecision.Withhold withhold
        && withhold.reason() != WithholdReason.MISSED_DOSES) {
      throw new InvalidPharmacyDataException(List.of(new Problem("dispense",
          "the rules do not allow a dispense on " + dispense.date()
              + " on this prescription now (" + withhold.reason().display() + ")")));
    }
    String key = key("dispensed", id, dispense.date().toString());
    OstEvent.Dispensed event = new OstEvent.Dispensed(id, dispense.date(), dispense.days(),
        dispense.supervised(), dispense.quantity());
    Supplied supplied = rules.supplied(prescription, history, event);
    List<Journal.Entry> entries = new ArrayList<>();
    List<Outgoing> outgoing = new ArrayList<>();
    entries.add(new Journal.Entry(key, prescription.patient(), id, event));
    outgoing.add(create(prescription, "MedicationDispense", key,
        resources.dispensed(prescription, event, supplied, key)));
    notify(prescription, supplied.notifications(), entries, outgoing);
    journal.record(entries, outgoing);
    return supplied;
  }

  @Override
  public MissedDay recordMissed(String id, LocalDate date) {
    OstPrescription prescription = prescription(id);
    MissedDay missed = rules.missed(prescription, journal.history(prescription.patient()), date);
    List<Journal.Entry> entries = new ArrayList<>();
    List<Outgoing> outgoing = new ArrayList<>();
    String key = key("missed", id, date.toString());
    outgoing.add(create(prescription, "MedicationDispense", key,
        resources.missed(prescription, missed, key)));
    notify(prescription, missed.notifications(), entries, outgoing);
    journal.record(entries, outgoing);
    return missed;
  }

  @Override
  public void recordPrescriberReview(String id, LocalDate date) {
    OstPrescription prescription = prescription(id);
    String key = key("reviewed", id, date.toString());
    // The endpoint is told, so its own checks resume too; another FHIR server has no such event.
    List<Outgoing> outgoing = settings.serverKind() == PluginSettings.ServerKind.RECOVERYLINK
        ? List.of(new Outgoing(key, prescription.patient(), REVIEW, Optional.empty(),
            resources.review(id, date, key))) : List.of();
    journal.record(List.of(new Journal.Entry(key, prescription.patient(), id,
        new OstEvent.PrescriberReviewed(date))), outgoing);
  }

  @Override
  public void recordNeedleExchange(NspTransaction transaction) {
    Objects.requireNonNull(transaction, "transaction");
    ours(transaction.pharmacy());
    String key = key("nsp", transaction.id());
    journal.record(List.of(), List.of(resources.needleExchange(transaction, key,
        settings.serverKind())));
  }

  @Override
  public NaloxoneRecord recordNaloxone(NaloxoneSupply supply) {
    Objects.requireNonNull(supply, "supply");
    ours(supply.pharmacy());
    NaloxoneRecord record = NaloxoneRules.record(supply);
    String key = key("naloxone", supply.id());
    journal.record(List.of(), List.of(resources.naloxone(record, key, settings.serverKind())));
    return record;
  }

  @Override
  public Assessment screen(Response response) {
    return Assessor.standard().assess(response);
  }

  @Override
  public SyncStatus syncNow() {
    return sender.map(Sender::round).orElseGet(journal::status);
  }

  @Override
  public SyncStatus status() {
    return journal.status();
  }

  @Override
  public LocalDate today() {
    return LocalDate.now(settings.clock());
  }

  @Override
  public void close() {
    background.ifPresent(ScheduledExecutorService::shutdownNow);
    if (sender.isPresent()) {
      synchronized (sender.get()) { // a round in progress finishes its request first
        journal.close();
      }
    } else {
      journal.close();
    }
  }

  private void backgroundRound() {
    try {
      sender.orElseThrow().round();
    } catch (RuntimeException e) { // the next round tries again; the outbox keeps everything
      LOG.warn("pharmacy sync round failed: {}", e.getClass().getSimpleName());
    }
  }

  /**
   * Raises each notification: recorded as raised and, to a plain FHIR server, sent as a
   * Communication and a Flag. The RecoveryLink endpoint raises the same notifications itself
   * from the dispenses and missed days it is sent, with the same keys.
   */
  private void notify(OstPrescription prescription, List<Notification> notifications,
      List<Journal.Entry> entries, List<Outgoing> outgoing) {
    for (Notification notification : notifications) {
      String key = key("notification", prescription.patient(), notification.key());
      entries.add(new Journal.Entry(key, prescription.patient(), prescription.id(),
          new OstEvent.NotificationRaised(notification.key(), notification.date())));
      if (settings.serverKind() != PluginSettings.ServerKind.FHIR_SERVER) {
        continue;
      }
      outgoing.add(create(prescription, "Communication", key,
          resources.communication(prescription, notification, rules.settings().version(),
              key)));
      String flag = key("flag", prescription.patient(), notification.key());
      resources.flag(prescription, notification, flag)
          .ifPresent(json -> outgoing.add(create(prescription, "Flag", flag, json)));
    }
  }

  private void ours(String pharmacy) {
    if (!settings.pharmacy().equals(pharmacy)) {
      throw new InvalidPharmacyDataException(List.of(new Problem("pharmacy",
          "this plug-in records for " + settings.pharmacy() + ", not " + pharmacy)));
    }
  }

  private OstPrescription prescription(String id) {
    Objects.requireNonNull(id, "prescription");
    return journal.prescription(id).map(resources::prescription).orElseThrow(() ->
        new IllegalArgumentException("no prescription " + id + " is registered here"));
  }

  private Outgoing create(OstPrescription prescription, String type, String key, String body) {
    return new Outgoing(key, prescription.patient(), type, Optional.of(resources.condition(key)),
        body);
  }

  /** The same event always gets the same key: recording it twice keeps it once, here and there. */
  private String key(String... parts) {
    return UUID.nameUUIDFromBytes((settings.pharmacy() + "|" + String.join("|", parts))
        .getBytes(StandardCharsets.UTF_8)).toString();
  }
}
