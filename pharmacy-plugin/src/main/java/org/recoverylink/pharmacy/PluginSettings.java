package org.recoverylink.pharmacy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.recoverylink.core.nhs.OdsCode;
import org.recoverylink.core.pharmacy.ost.OstSettings;

/**
 * How a pharmacy's plug-in runs.
 *
 * @param data       the directory of the local journal (created if missing); one pharmacy
 *                   system per directory
 * @param pharmacy   the pharmacy's ODS code, stamped on everything it records
 * @param server     the FHIR base events are synced to; empty to keep everything local
 * @param serverKind what the server is: the RecoveryLink endpoint (which raises the
 *                   notifications itself, from the same rules) or another FHIR server (which is
 *                   sent the notifications as Communication and Flag resources too)
 * @param token      a bearer token for the server, asked for before each sync round (tokens
 *                   expire); empty when the server needs none
 * @param ost        the OST rules' configuration (e.g. a missed-day limit of 2)
 * @param syncEvery  how often the background sync runs while there is something to send;
 *                   {@link Duration#ZERO} for no background sync (call
 *                   {@link PharmacyPlugin#syncNow()})
 * @param clock      the pharmacy's clock and time zone: "today" at the counter
 */
public record PluginSettings(Path data, String pharmacy, Optional<URI> server,
    ServerKind serverKind, Optional<Supplier<String>> token, OstSettings ost,
    Duration syncEvery, Clock clock) {

  /** The kind of server events are synced to. */
  public enum ServerKind {
    /** The RecoveryLink endpoint: its pharmacy operations (API docs, "Pharmacy"). */
    RECOVERYLINK,
    /** Any FHIR R4 server that implements conditional create. */
    FHIR_SERVER
  }

  public PluginSettings {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(pharmacy, "pharmacy");
    if (!OdsCode.isValid(pharmacy)) {
      throw new IllegalArgumentException("the pharmacy's ODS code is 3 to 10 capital letters"
          + " and digits");
    }
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(serverKind, "serverKind");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(ost, "ost");
    Objects.requireNonNull(syncEvery, "syncEvery");
    if (syncEvery.isNegative()) {
      throw new IllegalArgumentException("syncEvery cannot be negative");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /** Local only, UK OST defaults, the system clock: add a server with {@link #syncingTo}. */
  public static PluginSettings local(Path data, String pharmacy) {
    return new PluginSettings(data, pharmacy, Optional.empty(), ServerKind.RECOVERYLINK,
        Optional.empty(), OstSettings.ukDefault(), Duration.ofSeconds(30),
        Clock.systemDefaultZone());
  }

  /** Syncs to the RecoveryLink endpoint at {@code server} with a pharmacy token. */
  public PluginSettings syncingTo(URI server, Supplier<String> token) {
    return new PluginSettings(data, pharmacy, Optional.of(server), ServerKind.RECOVERYLINK,
        Optional.of(token), ost, syncEvery, clock);
  }

  /** Syncs to another FHIR server at {@code server}; {@code token} may return null for none. */
  public PluginSettings syncingToFhirServer(URI server, Supplier<String> token) {
    return new PluginSettings(data, pharmacy, Optional.of(server), ServerKind.FHIR_SERVER,
        Optional.of(token), ost, syncEvery, clock);
  }

  public PluginSettings withOst(OstSettings ost) {
    return new PluginSettings(data, pharmacy, server, serverKind, token, ost, syncEvery,
        clock);
  }

  public PluginSettings withSyncEvery(Duration syncEvery) {
    return new PluginSettings(data, pharmacy, server, serverKind, token, ost, syncEvery,
        clock);
  }

  public PluginSettings withClock(Clock clock) {
    return new PluginSettings(data, pharmacy, server, serverKind, token, ost, syncEvery,
        clock);
  }
}
