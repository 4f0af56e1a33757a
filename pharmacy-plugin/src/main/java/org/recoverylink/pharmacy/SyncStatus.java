package org.recoverylink.pharmacy;

import java.time.Instant;
import java.util.Optional;

/**
 * Where syncing stands, for the PMR system to show the pharmacist.
 *
 * @param pending   events recorded and not yet accepted by the server
 * @param refused   events the server refused (they need someone to look at them; the events
 *                  after them for the same person wait behind them)
 * @param lastSent  when the server last accepted an event
 * @param lastError why the last attempt failed, without any patient data
 */
public record SyncStatus(long pending, long refused, Optional<Instant> lastSent,
    Optional<String> lastError) {
}
