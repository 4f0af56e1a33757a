package org.recoverylink.core.pharmacy.naloxone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Product;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Reason;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Recipient;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Training;
import org.recoverylink.core.pharmacy.nsp.ClientCode;

/** Supplies on Monday 2 March 2026 (British summer time not yet begun: UTC). */
class NaloxoneRulesTest {

  static final String ID = "a81bc81b-dead-4e5d-abff-90865d1e13b1";
  static final OffsetDateTime AT = OffsetDateTime.of(2026, 3, 2, 16, 40, 0, 0, ZoneOffset.UTC);
  static final Set<Training> FULL = EnumSet.allOf(Training.class);
  static final Optional<ClientCode> CLIENT = Optional.of(ClientCode.parse("JS-19900314-M"));

  static NaloxoneSupply supply(Reason reason, Set<Training> training,
      Optional<UseReport> report) {
    return new NaloxoneSupply(ID, "FA123", AT, Recipient.PERSON_AT_RISK, Product.INTRANASAL, 1,
        reason, training, CLIENT, report);
  }

  static List<String> fields(Runnable construction) {
    return assertThrows(InvalidPharmacyDataException.class, construction::run).problems()
        .stream().map(Problem::field).toList();
  }

  @Nested
  class UsedOnAnOverdose {

    final UseReport survived = new UseReport(Optional.of(LocalDate.of(2026, 2, 28)), true,
        UseReport.Outcome.SURVIVED);

    @Test
    void aReplacementAfterUseRecordsExactlyOneNaloxoneUsed() {
      NaloxoneRecord record = NaloxoneRules.record(supply(Reason.REPLACEMENT_USED_ON_OVERDOSE,
          FULL, Optional.of(survived)));
      assertEquals(Optional.of(new NaloxoneUsed(ID, "FA123", LocalDate.of(2026, 3, 2),
          Optional.of(survived), NaloxoneRules.USED_ON_OVERDOSE)), record.used());
      assertEquals("thn-used-on-overdose", record.used().get().rule().id());
      assertEquals(List.of(), record.prompts());
      assertEquals("uk-thn|2026.1.0", record.ruleSet().toString());
    }

    @Test
    void itIsRecordedEvenWhenNothingIsKnownOfTheOverdose() {
      NaloxoneRecord record = NaloxoneRules.record(supply(Reason.REPLACEMENT_USED_ON_OVERDOSE,
          Set.of(), Optional.empty()));
      assertEquals(Optional.empty(), record.used().get().report());
      assertEquals(List.of(), record.prompts());
    }

    @Test
    void noAmbulancePromptsAdviceToCall999() {
      UseReport noAmbulance = new UseReport(Optional.empty(), false, UseReport.Outcome.UNKNOWN);
      NaloxoneRecord record = NaloxoneRules.record(supply(Reason.REPLACEMENT_USED_ON_OVERDOSE,
          FULL, Optional.of(noAmbulance)));
      assertEquals(1, record.used().stream().count());
      assertEquals(List.of("thn-call-999"),
          record.prompts().stream().map(p -> p.rule().id()).toList());
    }

    @ParameterizedTest
    @EnumSource(value = Reason.class, names = {"LOST", "EXPIRED", "CONFISCATED", "FIRST_SUPPLY"})
    void otherReasonsRecordNoUse(Reason reason) {
      NaloxoneRecord record = NaloxoneRules.record(supply(reason, FULL, Optional.empty()));
      assertEquals(Optional.empty(), record.used());
      assertEquals(List.of(), record.prompts());
    }
  }

  @Nested
  class TrainingPrompts {

    @Test
    void aFirstSupplyWithoutTrainingIsRecordedWithAPrompt() {
      NaloxoneRecord record = NaloxoneRules.record(supply(Reason.FIRST_SUPPLY, Set.of(),
          Optional.empty()));
      assertEquals(List.of(new NaloxoneRecord.Prompt(NaloxoneRules.FIRST_SUPPLY_TRAINING,
          "No training recorded on a first supply: train the recipient, or record the training"
              + " given.")), record.prompts());
      assertEquals(Set.of(), record.supply().training());
    }

    @Test
    void partialTrainingNamesWhatWasLeftOut() {
      Set<Training> some = EnumSet.of(Training.RECOGNISING_AN_OVERDOSE,
          Training.GIVING_NALOXONE, Training.STAYING_UNTIL_HELP_ARRIVES);
      NaloxoneRecord record = NaloxoneRules.record(supply(Reason.FIRST_SUPPLY, some,
          Optional.empty()));
      assertEquals(List.of("The training on this first supply did not cover calling 999, the"
          + " recovery position."),
          record.prompts().stream().map(NaloxoneRecord.Prompt::message).toList());
    }

    @Test
    void aReplacementNeedsNoTrainingAgain() {
      assertEquals(List.of(), NaloxoneRules.record(supply(Reason.EXPIRED, Set.of(),
          Optional.empty())).prompts());
    }
  }

  @Nested
  class Supplies {

    @Test
    void aWorkerMayTakeKitsWithoutAClientCode() {
      NaloxoneSupply supply = new NaloxoneSupply(ID.toUpperCase(), "fa123", AT, Recipient.WORKER,
          Product.INTRAMUSCULAR, NaloxoneSupply.MAX_KITS, Reason.FIRST_SUPPLY, FULL,
          Optional.empty(), Optional.empty());
      assertEquals(ID, supply.id());
      assertEquals("FA123", supply.pharmacy());
      assertEquals(10, supply.kits());
    }

    @Test
    void everyProblemIsListed() {
      assertEquals(List.of("id", "pharmacy", "at", "recipient", "product", "kits", "reason",
          "training", "client", "useReport"), fields(() -> new NaloxoneSupply("1", null, null,
              null, null, 0, null, null, null, null)));
    }

    @Test
    void elevenKitsAreATypingError() {
      assertEquals(List.of("kits"), fields(() -> new NaloxoneSupply(ID, "FA123", AT,
          Recipient.FAMILY_OR_FRIEND, Product.INTRANASAL, 11, Reason.FIRST_SUPPLY, FULL,
          Optional.empty(), Optional.empty())));
    }

    @Test
    void aUseReportGoesOnlyWithAReplacementAfterUseAndNotAfterTheSupply() {
      UseReport tomorrow = new UseReport(Optional.of(LocalDate.of(2026, 3, 3)), true,
          UseReport.Outcome.SURVIVED);
      assertEquals(List.of("useReport", "useReport.used"),
          fields(() -> supply(Reason.LOST, FULL, Optional.of(tomorrow))));
      UseReport today = new UseReport(Optional.of(LocalDate.of(2026, 3, 2)), true,
          UseReport.Outcome.DIED);
      assertEquals(Optional.of(today), supply(Reason.REPLACEMENT_USED_ON_OVERDOSE, FULL,
          Optional.of(today)).useReport());
    }

    @Test
    void theClientsDateOfBirthIsCheckedAgainstTheSupply() {
      assertEquals(List.of("client.dateOfBirth"), fields(() -> new NaloxoneSupply(ID, "FA123",
          AT, Recipient.PERSON_AT_RISK, Product.INTRANASAL, 1, Reason.FIRST_SUPPLY, FULL,
          Optional.of(ClientCode.parse("JS-20260303-F")), Optional.empty())));
    }

    @Test
    void aUseReportListsItsOwnProblems() {
      assertEquals(List.of("useReport.used", "useReport.outcome"),
          fields(() -> new UseReport(null, false, null)));
    }
  }
}
