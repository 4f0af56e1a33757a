package org.recoverylink.core.pharmacy.ost;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.recoverylink.core.rules.Rule;

/**
 * Something the pharmacy owes the prescriber (and the keyworker): raised by a decision, sent once.
 * Its {@link #key()} names the occasion, so a second decision on the same occasion (the counter
 * checking again, the next day of the same run of missed doses) finds it raised already and does
 * not raise it twice; the caller records a raised notification as
 * {@link OstEvent.NotificationRaised}.
 *
 * @param key          the occasion, unique within the patient's history
 * @param reason       why
 * @param prescription the prescription concerned
 * @param date         the day it became owed
 * @param to           who must be told
 * @param message      what to tell them, in plain English and without the patient's identity
 *                     (the channel that carries it names the patient)
 * @param rule         the rule that raised it
 */
public record Notification(String key, WithholdReason reason, String prescription,
    LocalDate date, List<Contact> to, String message, Rule rule) {

  public Notification {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(prescription, "prescription");
    Objects.requireNonNull(date, "date");
    to = List.copyOf(to);
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(rule, "rule");
  }
}
