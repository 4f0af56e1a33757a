package org.recoverylink.pharmacy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.Presentation;

/**
 * A pharmacy system's process for the offline test: opens the plug-in on a journal directory,
 * syncing to a server that is down, records a day's events, says so on stdout and waits to be
 * killed. Arguments: the journal directory and the server's base URL.
 */
public final class PharmacyDay {

  static final String RECORDED = "recorded";
  static final String VISIT = "0f9c4a52-3b1e-4c7d-9a0e-6f1d2c3b4a51";
  static final String KIT = "7d2e9b14-5a6c-4f3e-8b1d-2c9a0e7f6b42";

  private PharmacyDay() {
  }

  public static void main(String[] args) throws InterruptedException {
    PluginSettings settings = PluginSettings.local(Path.of(args[0]), Counter.PHARMACY)
        .syncingToFhirServer(URI.create(args[1]), () -> null)
        .withSyncEvery(Duration.ofMillis(200));
    PharmacyPlugin plugin = PharmacyPlugin.open(settings);
    // Two patients, their events interleaved as the day has them.
    plugin.registerPrescription(Counter.methadone("rx-a", "9434765919"));
    plugin.registerPrescription(Counter.methadone("rx-b", "9434765870"));
    for (int day = 0; day < 3; day++) {
      var date = Counter.MONDAY_2_MARCH.plusDays(day);
      plugin.recordDispense("rx-a", (DispenseDecision.Dispense) plugin.beforeDispense("rx-a",
          date, Presentation.USUAL));
      plugin.recordMissed("rx-b", date); // the third raises the notification
    }
    plugin.beforeDispense("rx-b", Counter.MONDAY_2_MARCH.plusDays(3), Presentation.USUAL);
    plugin.recordNeedleExchange(Counter.visit(VISIT, Counter.PHARMACY));
    plugin.recordNaloxone(Counter.firstKit(KIT, Counter.PHARMACY));
    System.out.println(RECORDED + " " + plugin.status().pending());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE); // killed here, the journal still open
  }
}
