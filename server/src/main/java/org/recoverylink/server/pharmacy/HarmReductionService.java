package org.recoverylink.server.pharmacy;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRules;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.server.store.ClientPseudonyms;
import org.recoverylink.server.store.HarmReductionStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * A pharmacy's harm-reduction records: needle and syringe programme visits and take-home
 * naloxone supplies, each stored once by its id (the same id again answers the first answer).
 * A client code is used here and goes no further: what is stored and answered is its
 * pseudonym. Identity data is refused by the readers; the audit names the record, never a
 * patient. Thread-safe.
 */
public final class HarmReductionService {

  private final HarmReductionStore store;
  private final ClientPseudonyms pseudonyms;
  private final Clock clock;

  public HarmReductionService(HarmReductionStore store, ClientPseudonyms pseudonyms,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records a needle and syringe programme visit ({@code $nsp-transaction} Parameters).
   *
   * @return what is stored under its id: now, or the first time
   * @throws InvalidFhirInputException when the Parameters are not a valid visit at the
   *     pharmacy's own counter
   * @throws Refused CONFLICT when another organisation recorded the id
   */
  public HarmReductionStore.Stored nsp(Parameters parameters, String pharmacy,
      AuditNotes audit) {
    NspTransaction transaction = NspResources.fromParameters(parameters);
    audit.entity("nsp-transaction/" + transaction.id());
    ownPharmacy(transaction.pharmacy(), pharmacy, parameters);
    return own(store.record(transaction, pseudonyms.of(transaction.client()), pharmacy,
        clock.instant(), OstService.json(NspResources.answer(transaction, pseudonyms::of))),
        pharmacy);
  }

  /**
   * Records a take-home naloxone supply ({@code $naloxone-supply} Parameters); core's rules say
   * what it records (a naloxone-used event when it replaces a kit used on an overdose).
   *
   * @return what is stored under its id: now, or the first time
   * @throws InvalidFhirInputException when the Parameters are not a valid supply at the
   *     pharmacy's own counter
   * @throws Refused CONFLICT when another organisation recorded the id
   */
  public HarmReductionStore.Stored naloxone(Parameters parameters, String pharmacy,
      AuditNotes audit) {
    NaloxoneSupply supply = NaloxoneResources.fromParameters(parameters);
    audit.entity("naloxone-supply/" + supply.id());
    ownPharmacy(supply.pharmacy(), pharmacy, parameters);
    NaloxoneRecord record = NaloxoneRules.record(supply);
    return own(store.record(record, supply.client().map(pseudonyms::of), pharmacy,
        clock.instant(), OstService.json(NaloxoneResources.answer(record, pseudonyms::of))),
        pharmacy);
  }

  /** A pharmacy records its own events only: refused at the pharmacy parameter otherwise. */
  private static void ownPharmacy(String named, String pharmacy, Parameters parameters) {
    if (!named.equals(pharmacy)) {
      int at = 0;
      while (!"pharmacy".equals(parameters.getParameter().get(at).getName())) {
        at++; // it is there: the pharmacy was read from it
      }
      throw new InvalidFhirInputException(List.of(FhirIssue.error(IssueType.BUSINESSRULE,
          "Parameters.parameter[" + at + "]", "the pharmacy must be your own organisation: a"
              + " pharmacy records the events at its own counter")));
    }
  }

  /** What is stored, when it is the caller's: an id another organisation holds conflicts. */
  private static HarmReductionStore.Stored own(HarmReductionStore.Stored stored,
      String pharmacy) {
    if (!stored.organisation().equals(pharmacy)) {
      throw new Refused(Refused.Reason.CONFLICT, List.of(FhirIssue.error(
          IssueType.CONFLICT, "", "this id was recorded by another organisation; nothing was"
              + " done: choose a new UUID")));
    }
    return stored;
  }
}
