package org.recoverylink.examples;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.Advice;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.InjectedSubstance;
import org.recoverylink.core.pharmacy.nsp.Item;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.nsp.Offers;
import org.recoverylink.core.pharmacy.nsp.Returns;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.pharmacy.PharmacyPlugin;
import org.recoverylink.pharmacy.PluginSettings;
import org.recoverylink.pharmacy.SyncStatus;

/**
 * A pharmacist's day with the plug-in, as a PMR system drives it: a supervised methadone dose,
 * the third missed day of another patient that withholds and tells the prescriber and
 * keyworker until the prescriber's review, and a needle-exchange visit with a naloxone kit.
 * Everything is decided and recorded on the pharmacy's machine, then synced to the endpoint.
 *
 * <p>Start the server (README, "Run the main job"), get a pharmacy token
 * ({@code token --role pharmacy --org FA123}), then:
 * {@code mvn -B -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.recoverylink.examples.PharmacyExample
 * -Dexec.args="http://127.0.0.1:8080/fhir $PHARMACY_TOKEN"}.
 */
public final class PharmacyExample {

  static final String PHARMACY = "FA123";
  /** Monday 2 March 2026: the first day of both patients' fortnightly forms. */
  static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

  private PharmacyExample() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: PharmacyExample FHIR_BASE PHARMACY_TOKEN");
      System.exit(2);
    }
    run(URI.create(args[0]), args[1], Files.createTempDirectory("pharmacy-journal"),
        System.out);
  }

  static SyncStatus run(URI base, String token, Path journal, PrintStream out) {
    PluginSettings settings = PluginSettings.local(journal, PHARMACY)
        .syncingTo(base, () -> token).withSyncEvery(Duration.ZERO);
    try (PharmacyPlugin plugin = PharmacyPlugin.open(settings)) {
      plugin.registerPrescription(methadone("rx-1001", "9434765919"));
      plugin.registerPrescription(methadone("rx-1002", "9434765870"));

      out.println("== Monday: a supervised dose ==");
      DispenseDecision monday = plugin.beforeDispense("rx-1001", MONDAY, Presentation.USUAL);
      if (monday instanceof DispenseDecision.Dispense dose) {
        out.println("dispense " + dose.supervisedQuantity() + " mg supervised, "
            + dose.takeAwayQuantity() + " mg to take away (" + dose.rule().id() + ")");
        plugin.recordDispense("rx-1001", dose);
      }

      out.println("== Monday to Wednesday: rx-1002 not collected ==");
      for (int day = 0; day < 3; day++) {
        MissedDay missed = plugin.recordMissed("rx-1002", MONDAY.plusDays(day));
        out.println(missed.date() + ": " + missed.consecutiveMissed() + " in a row"
            + (missed.reviewRequired() ? ", withheld pending prescriber review" : ""));
        for (Notification notice : missed.notifications()) {
          out.println("notify " + notice.to().size() + " (prescriber and keyworker): "
              + notice.message());
        }
      }
      DispenseDecision thursday = plugin.beforeDispense("rx-1002", MONDAY.plusDays(3),
          Presentation.USUAL);
      if (thursday instanceof DispenseDecision.Withhold withheld) {
        out.println("Thursday: withhold, " + withheld.reason().display() + " ("
            + withheld.rule().id() + ")");
      }

      plugin.recordPrescriberReview("rx-1002", MONDAY.plusDays(4));
      DispenseDecision friday = plugin.beforeDispense("rx-1002", MONDAY.plusDays(4),
          Presentation.USUAL);
      if (friday instanceof DispenseDecision.Dispense dose) {
        out.println("Friday, after the prescriber's review: dispense " + dose.quantity()
            + " mg (" + dose.rule().id() + ")");
        plugin.recordDispense("rx-1002", dose);
      }

      out.println("== Needle exchange with a naloxone kit ==");
      ClientCode client = ClientCode.parse("JS-19900314-M");
      OffsetDateTime afternoon = MONDAY.plusDays(3).atTime(16, 5).atOffset(ZoneOffset.UTC);
      plugin.recordNeedleExchange(new NspTransaction(UUID.randomUUID().toString(), PHARMACY,
          afternoon, client, NspLevel.LEVEL_2, List.of(Item.sized(ItemKind.SYRINGE, "1ml", 10),
              Item.sized(ItemKind.NEEDLE, "25G-16mm", 10), Item.of(ItemKind.FILTER, 10),
              Item.sized(ItemKind.SHARPS_BIN, "1L", 1)), Returns.NONE,
          EnumSet.of(InjectedSubstance.HEROIN), EnumSet.of(Advice.OVERDOSE_PREVENTION),
          new Offers(Offers.Outcome.DECLINED, Offers.Outcome.NOT_OFFERED,
              Offers.Outcome.DECLINED, Offers.Outcome.ACCEPTED)));
      out.println("visit recorded for " + client.value() + ": nothing returned, supply given");
      NaloxoneRecord kit = plugin.recordNaloxone(new NaloxoneSupply(
          UUID.randomUUID().toString(), PHARMACY, afternoon,
          NaloxoneSupply.Recipient.PERSON_AT_RISK, NaloxoneSupply.Product.INTRANASAL, 1,
          NaloxoneSupply.Reason.FIRST_SUPPLY, EnumSet.allOf(NaloxoneSupply.Training.class),
          Optional.of(client), Optional.empty()));
      out.println("naloxone kit supplied" + (kit.prompts().isEmpty() ? ""
          : "; " + kit.prompts().get(0).message()));

      SyncStatus synced = plugin.syncNow();
      out.println("== Synced: " + synced.pending() + " waiting, " + synced.refused()
          + " refused ==");
      synced.lastError().ifPresent(error -> out.println("last error: " + error));
      return synced;
    }
  }

  static OstPrescription methadone(String id, String nhsNumber) {
    return new OstPrescription(id, nhsNumber, OstMedicine.METHADONE, new BigDecimal("60"),
        InstalmentSchedule.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.SATURDAY),
        Optional.of(MONDAY.plusDays(27)), MONDAY, MONDAY.plusDays(13),
        new Contact(Contact.Role.GP_SHARED_CARE_PRESCRIBER, "Dr A Patel", "F81001"),
        new Contact(Contact.Role.KEYWORKER, "Sam Jones", "phoenix-futures"));
  }
}
