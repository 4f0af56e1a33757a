package org.recoverylink.pharmacy;

import java.time.LocalDate;
import java.util.ServiceLoader;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.screening.Response;

/**
 * What a pharmacy's PMR system calls at the counter. The rules run here, on the pharmacy's own
 * machine, so dispensing never waits for the network: every call decides and records locally
 * (durably, before it returns) and the events are sent to the configured FHIR server in the
 * background, each exactly once and in order for each person.
 *
 * <pre>{@code
 * try (PharmacyPlugin plugin = PharmacyPlugin.open(PluginSettings.local(dir, "FA123")
 *     .syncingTo(URI.create("https://recoverylink.example/fhir"), tokens::current))) {
 *   DispenseDecision decision = plugin.beforeDispense("rx-1", Presentation.USUAL);
 *   if (decision instanceof DispenseDecision.Dispense dose) {
 *     // hand over dose.supervisedQuantity() under supervision, dose.takeAwayQuantity() to take
 *     plugin.recordDispense("rx-1", dose);
 *   }
 * }
 * }</pre>
 *
 * <p>Methods throw {@link InvalidPharmacyDataException} listing every problem of what they were
 * given; nothing is recorded then. Implementations are thread-safe.
 */
public interface PharmacyPlugin extends AutoCloseable {

  /**
   * The plug-in found on the class path ({@link ServiceLoader} of
   * {@link PharmacyPluginProvider}), opened over its journal in {@code settings.data()}.
   *
   * @throws IllegalStateException when no plug-in is on the class path
   */
  static PharmacyPlugin open(PluginSettings settings) {
    return ServiceLoader.load(PharmacyPluginProvider.class).findFirst()
        .orElseThrow(() -> new IllegalStateException("no pharmacy plug-in on the class path"))
        .open(settings);
  }

  /**
   * Takes in a shared-care OST prescription (a new form replaces nothing: both are kept).
   *
   * @throws org.recoverylink.core.pharmacy.InvalidPharmacyDataException when its daily dose is
   *     over the sanity bound of the settings' {@code OstSettings.maxDailyDose}; nothing is kept
   */
  void registerPrescription(OstPrescription prescription);

  /**
   * Whether to dispense today on {@code prescription}, and what. Notifications owed to the
   * prescriber and keyworker are raised (and sent) once; a dose withheld is recorded.
   *
   * @throws IllegalArgumentException when the prescription is not known here
   */
  default DispenseDecision beforeDispense(String prescription, Presentation presentation) {
    return beforeDispense(prescription, today(), presentation);
  }

  /** As {@link #beforeDispense(String, Presentation)}, for another day (e.g. a late entry). */
  DispenseDecision beforeDispense(String prescription, LocalDate date,
      Presentation presentation);

  /**
   * Records that the dose was handed over (and taken, when supervised). A supply made while
   * doses are withheld pending the prescriber's review is kept, for it happened, but does not
   * lift the withhold: the answer says it went against it, and the prescriber and keyworker are
   * told once. Recording the same day's supply again keeps one.
   *
   * @throws InvalidPharmacyDataException when the rules refuse it for another reason: the day
   *     is supplied already, or outside the prescription
   */
  Supplied recordDispense(String prescription, DispenseDecision.Dispense dispense);

  /**
   * Records that the dose due on {@code date} was not collected, at the end of the day. On the
   * day the run of missed days reaches the limit, the prescriber and keyworker are notified and
   * doses are withheld until {@link #recordPrescriberReview}.
   */
  MissedDay recordMissed(String prescription, LocalDate date);

  /** The prescriber has reviewed the patient: dispensing may resume from {@code date}. */
  void recordPrescriberReview(String prescription, LocalDate date);

  /**
   * Records a needle and syringe programme visit. It is pseudonymous by construction: the client
   * is known by a client code only (the hub stores a keyed hash of it), and supply never depends
   * on returns.
   *
   * @throws InvalidPharmacyDataException when it names another pharmacy
   */
  void recordNeedleExchange(NspTransaction transaction);

  /**
   * Records a take-home naloxone supply. A replacement for a kit used on an overdose also records
   * a naloxone-used event; the record's prompts say what the pharmacist should still do (e.g.
   * training not recorded on a first supply).
   *
   * @throws InvalidPharmacyDataException when it names another pharmacy
   */
  NaloxoneRecord recordNaloxone(NaloxoneSupply supply);

  /**
   * Screens a person at the pharmacy (AUDIT-C, FAST or AUDIT) and returns the brief advice or
   * referral the rules ask for. Nothing identifying is kept or sent.
   */
  Assessment screen(Response response);

  /** Sends what is waiting now, in this thread, and says where things stand. */
  SyncStatus syncNow();

  /** Where syncing stands, without sending anything. */
  SyncStatus status();

  /** Today at the pharmacy, by the plug-in's clock. */
  LocalDate today();

  /** Stops the background sync and closes the journal; recorded events stay queued. */
  @Override
  void close();
}
