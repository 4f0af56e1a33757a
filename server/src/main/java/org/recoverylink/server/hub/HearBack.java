package org.recoverylink.server.hub;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.server.store.HearBackStore;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.ReferralStore;

/**
 * Who hears of a change to a referral's Task, and what they are told (issue 24, point 3):
 *
 * <ul>
 *   <li>a referrer whose FHIR base is configured (its ODS code to the base,
 *       {@code referrer.ODS=URL} in the hear-back settings) gets a BaRS status message there,
 *       carrying the Task as changed. The base is never taken from a message's
 *       {@code MessageHeader.source.endpoint}: that is the sender's own word, and trusting it
 *       would let any caller with a token send people's referral news to an address it names;
 *   <li>a person who referred themselves, or whose family or friends referred them, on the
 *       public pages gets a text and/or an email, by the channels they marked safe and only if
 *       they said a message may be left ({@link ReferralStore.Contact}), in words that say
 *       nothing clinical ({@link #words});
 *   <li>every other referrer (no endpoint configured, an agency on the pages) sees the outcome
 *       on the Task, as always: {@code GET Task?requester=} and {@code GET Task/{id}}.
 * </ul>
 */
public final class HearBack {

  private final Map<String, String> referrerEndpoints;
  private final Directory directory;
  private final FhirContext fhir;

  /** @param referrerEndpoints the referrers' FHIR bases, by ODS code */
  public HearBack(Map<String, String> referrerEndpoints, Directory directory, FhirContext fhir) {
    this.referrerEndpoints = Map.copyOf(referrerEndpoints);
    this.directory = Objects.requireNonNull(directory, "directory");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
  }

  /** Nobody hears back but by reading the Task. */
  public static HearBack none(Directory directory, FhirContext fhir) {
    return new HearBack(Map.of(), directory, fhir);
  }

  /** The FHIR base a referrer takes status messages at, if configured. */
  public Optional<String> endpoint(String referrer) {
    return Optional.ofNullable(referrerEndpoints.get(referrer));
  }

  /**
   * What tells of {@code changed}, to be queued with it.
   *
   * @param contact  how the person may be told, for a referral from the public pages
   * @param rerouted whether a rejection sent the referral on to another service
   */
  List<HearBackStore.Message> of(ReferralStore.Task changed, String patient,
      Optional<ReferralStore.Contact> contact, boolean rerouted, Instant now) {
    String key = "v" + changed.version();
    List<HearBackStore.Message> messages = new ArrayList<>();
    endpoint(changed.requester()).ifPresent(base -> messages.add(new HearBackStore.Message(
        Ids.timeOrdered(), changed.id(), key, HearBackStore.BARS, base,
        fhir.newJsonParser().encodeResourceToString(Tasks.toFhir(changed, patient, directory)),
        now)));
    if (changed.requester().equals(PublicReferral.ORGANISATION) && contact.isPresent()) {
      Optional<String> words = words(changed.status(), rerouted, contact.get().reference());
      if (words.isPresent()) {
        contact.get().sms().ifPresent(phone -> messages.add(new HearBackStore.Message(
            Ids.timeOrdered(), changed.id(), key, HearBackStore.SMS, phone, words.get(), now)));
        contact.get().email().ifPresent(email -> messages.add(new HearBackStore.Message(
            Ids.timeOrdered(), changed.id(), key, HearBackStore.EMAIL, email, words.get(),
            now)));
      }
    }
    return messages;
  }

  /**
   * What a person is told of their referral's Task reaching {@code status}; empty for a status
   * they are not told of. Never the service's name, the substance, or anything else clinical:
   * a text or email may be read by someone else on the person's phone or in their inbox, and
   * the name of a drug and alcohol service alone says too much. Only the reference they were
   * given, so they know which referral it is.
   */
  public static Optional<String> words(String status, boolean rerouted, String reference) {
    String referral = "Your referral (reference " + reference + ")";
    return Optional.ofNullable(switch (status) {
      case "accepted" -> referral + " has been accepted. The service will contact you.";
      case "rejected" -> rerouted
          ? referral + " has been passed on to another service. We will tell you when it"
              + " is accepted."
          : referral + " has been closed by the service. If you still want support, you can"
              + " refer again or speak to your GP.";
      case "in-progress" -> referral + ": the service has started working with you.";
      case "completed" -> referral + " has been completed by the service.";
      case "cancelled" -> referral + " has been cancelled.";
      default -> null;
    });
  }
}
