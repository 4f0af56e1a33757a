package org.recoverylink.fhir.pharmacy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.naloxone.UseReport;
import org.recoverylink.core.pharmacy.nsp.Advice;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.InjectedSubstance;
import org.recoverylink.core.pharmacy.nsp.Item;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.nsp.Offers;
import org.recoverylink.core.pharmacy.nsp.Returns;

/** Needle exchange and naloxone events as a pharmacy would record them, for the tests. */
public final class Examples {

  public static final OffsetDateTime AT = OffsetDateTime.parse("2026-11-20T16:05:00+00:00");
  public static final ClientCode CLIENT = ClientCode.parse("JS-19900314-M");

  private Examples() {
  }

  /** A level 3 visit with pick and mix, returns, substances, advice and offers. */
  public static NspTransaction fullVisit(String pharmacy) {
    return new NspTransaction(UUID.randomUUID().toString(), pharmacy, AT, CLIENT,
        NspLevel.LEVEL_3, List.of(Item.sized(ItemKind.SYRINGE, "1ml", 20),
            Item.sized(ItemKind.NEEDLE, "25G-16mm", 20), Item.of(ItemKind.FILTER, 10),
            Item.of(ItemKind.WATER, 10), Item.sized(ItemKind.SHARPS_BIN, "1L", 1)),
        new Returns(2, true), EnumSet.of(InjectedSubstance.HEROIN,
            InjectedSubstance.CRACK_COCAINE), EnumSet.of(Advice.SAFER_INJECTING,
            Advice.OVERDOSE_PREVENTION), new Offers(Offers.Outcome.ACCEPTED,
            Offers.Outcome.DECLINED, Offers.Outcome.NOT_OFFERED,
            Offers.Outcome.ALREADY_IN_PLACE));
  }

  /** A level 1 visit: two packs, nothing returned, nothing said, no advice or offers. */
  public static NspTransaction packsOnly(String pharmacy) {
    return new NspTransaction(UUID.randomUUID().toString(), pharmacy, AT, CLIENT,
        NspLevel.LEVEL_1, List.of(Item.of(ItemKind.PACK_1ML, 2)), Returns.NONE, Set.of(),
        Set.of(), Offers.NONE);
  }

  /** A first supply to the person at risk, with part of the training. */
  public static NaloxoneSupply firstSupply(String pharmacy) {
    return new NaloxoneSupply(UUID.randomUUID().toString(), pharmacy, AT,
        NaloxoneSupply.Recipient.PERSON_AT_RISK, NaloxoneSupply.Product.INTRAMUSCULAR, 1,
        NaloxoneSupply.Reason.FIRST_SUPPLY, EnumSet.of(
            NaloxoneSupply.Training.RECOGNISING_AN_OVERDOSE,
            NaloxoneSupply.Training.CALLING_999), Optional.of(CLIENT), Optional.empty());
  }

  /** A replacement for a kit used on an overdose, to a family member without a client code. */
  public static NaloxoneSupply replacementAfterUse(String pharmacy) {
    return new NaloxoneSupply(UUID.randomUUID().toString(), pharmacy, AT,
        NaloxoneSupply.Recipient.FAMILY_OR_FRIEND, NaloxoneSupply.Product.INTRANASAL, 2,
        NaloxoneSupply.Reason.REPLACEMENT_USED_ON_OVERDOSE,
        EnumSet.of(NaloxoneSupply.Training.GIVING_NALOXONE), Optional.empty(),
        Optional.of(new UseReport(Optional.of(LocalDate.parse("2026-11-18")), false,
            UseReport.Outcome.SURVIVED)));
  }
}
