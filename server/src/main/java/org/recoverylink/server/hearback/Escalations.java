package org.recoverylink.server.hearback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Service;
import org.recoverylink.core.nhs.England;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.store.HearBackStore;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.store.Store;
import org.recoverylink.server.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Nothing waits unseen (issue 24, point 4): a referral's Task still requested - neither accepted
 * nor declined - after its service's number of working days ({@link
 * HearBackSettings#respondWithin}, counted in England's working days from the day after it was
 * made) is escalated, once: the Task is marked with the time (shown on the FHIR Task as a note,
 * and counted in the commissioner's referral report), and the service's lead is told by email
 * and/or text. Looks every {@link HearBackSettings#checkEvery}, by the server's clock.
 */
public final class Escalations implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Escalations.class);
  private static final ZoneId ENGLAND = England.ZONE;
  /** The most Tasks one look reads: far more than a county's referrals in a fortnight. */
  private static final int LOOK = 10_000;

  /**
   * Where a Task stands against its service's working days: for the inbox.
   *
   * @param respondBy the last working day the service has to accept or decline it
   * @param overdue   whether it is still requested after that day
   * @param escalated when it was escalated (its lead told); empty while not
   */
  public record Deadline(LocalDate respondBy, boolean overdue, Optional<Instant> escalated) {
  }

  /** When a working day starts, for escalating. */
  static final java.time.LocalTime WORKDAY_STARTS = java.time.LocalTime.of(8, 0);

  private final HearBackStore store;
  private final Directory directory;
  private final HearBackSettings settings;
  private final WorkingDays days;
  private final Notifications notifications;
  private final Clock clock;
  private final Runnable queued;
  private final ScheduledExecutorService timer;
  private String failing; // the last look's failure, logged once; only the timer's thread

  /** @param queued told when a lead's message was queued (the sender wakes) */
  public Escalations(HearBackStore store, Directory directory, HearBackSettings settings,
      Notifications notifications, Clock clock, Runnable queued) {
    this.store = Objects.requireNonNull(store, "store");
    this.directory = Objects.requireNonNull(directory, "directory");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.days = WorkingDays.england(settings.bankHolidays());
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.queued = Objects.requireNonNull(queued, "queued");
    this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "recoverylink-escalations");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts looking: the first look one interval after the start, then at every interval. */
  public Escalations start() {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ENGLAND);
    if (days.knownUntil().isBefore(today.plusYears(1))) {
      LOG.warn("England's bank holidays are known only until {}: add later ones as bank-holiday"
          + " in the hear-back settings (GOV.UK publishes them), or working days past then"
          + " will count them", days.knownUntil());
    }
    long every = settings.checkEvery().toMillis();
    timer.scheduleWithFixedDelay(this::look, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  private void look() {
    try {
      int escalated = escalateDue();
      if (failing != null) {
        LOG.info("escalation looks resumed");
        failing = null;
      }
      if (escalated > 0) {
        LOG.info("{} referral Task(s) escalated: not accepted or declined in time", escalated);
      }
    } catch (RuntimeException e) {
      String failure = e instanceof StoreException ? e.getMessage()
          : e.getClass().getSimpleName();
      if (!failure.equals(failing)) {
        LOG.warn("escalation look failed: {}; trying again at the next look", failure);
      }
      failing = failure;
    }
  }

  /**
   * Escalates every Task now past its service's working days, each once; how many this call
   * escalated. Only on a working day from {@link #WORKDAY_STARTS} in England: a lead is not
   * texted in the night or at the weekend, and the inbox marks the referral overdue meanwhile.
   */
  public int escalateDue() {
    Instant now = clock.instant();
    java.time.ZonedDateTime here = now.atZone(ENGLAND);
    if (!days.isWorkingDay(here.toLocalDate()) || here.toLocalTime().isBefore(WORKDAY_STARTS)) {
      return 0;
    }
    int escalated = 0;
    boolean told = false;
    for (ReferralStore.Task task : store.waiting(now, LOOK)) {
      Deadline deadline = deadline(task, now);
      if (!deadline.overdue()) {
        continue;
      }
      List<HearBackStore.Message> lead = leadMessages(task, deadline, now);
      if (store.escalate(task.id(), now, lead, new AuditTrail.Entry(now, Optional.empty(), 'U',
          "escalate Task", Optional.of("Task/" + task.id()), Optional.empty(), 200))) {
        escalated++;
        told |= !lead.isEmpty();
      }
    }
    if (told) {
      queued.run();
    }
    return escalated;
  }

  /**
   * Where the Task with this id stands against its service's working days, now; empty when
   * there is no such Task. For the inbox: it says nothing of who may see the Task, which the
   * caller checks first.
   */
  public Optional<Deadline> deadline(String taskId) {
    return store.task(taskId).map(this::deadline);
  }

  /** Where {@code task} stands against its service's working days, now. */
  public Deadline deadline(ReferralStore.Task task) {
    return deadline(task, clock.instant());
  }

  private Deadline deadline(ReferralStore.Task task, Instant now) {
    LocalDate made = LocalDate.ofInstant(task.created(), ENGLAND);
    LocalDate respondBy = days.after(made, settings.respondWithin(task.service()));
    boolean overdue = task.status().equals("requested")
        && LocalDate.ofInstant(now, ENGLAND).isAfter(respondBy);
    return new Deadline(respondBy, overdue, task.escalated());
  }

  /** The lead's email and text, by the channels configured for the lead and for Notify. */
  private List<HearBackStore.Message> leadMessages(ReferralStore.Task task, Deadline deadline,
      Instant now) {
    Optional<HearBackSettings.Lead> lead = Optional.ofNullable(settings.leads()
        .get(task.service()));
    List<HearBackStore.Message> messages = new ArrayList<>();
    if (lead.isEmpty()) {
      return messages;
    }
    String words = words(task, deadline);
    lead.get().email().filter(e -> notifications.emails()).ifPresent(email -> messages.add(
        new HearBackStore.Message(Ids.timeOrdered(), task.id(), "escalated",
            HearBackStore.EMAIL, email, words, now)));
    lead.get().sms().filter(p -> notifications.texts()).ifPresent(phone -> messages.add(
        new HearBackStore.Message(Ids.timeOrdered(), task.id(), "escalated",
            HearBackStore.SMS, phone, words, now)));
    return messages;
  }

  /** What the lead is told: the service, the day and the Task; nothing about the person. */
  String words(ReferralStore.Task task, Deadline deadline) {
    String service = directory.service(task.service()).map(Service::name)
        .orElse(task.service());
    int n = settings.respondWithin(task.service());
    return "A referral to " + service + " made on " + LocalDate.ofInstant(task.created(),
        ENGLAND) + " has not been accepted or declined within " + n + " working "
        + (n == 1 ? "day" : "days") + " (by " + deadline.respondBy() + "). Please look at Task "
        + task.id() + " in the worklist.";
  }

  @Override
  public void close() {
    // a look under way finishes before the store it writes to closes
    Store.stopWhenDone(timer, Duration.ofSeconds(10));
  }
}
