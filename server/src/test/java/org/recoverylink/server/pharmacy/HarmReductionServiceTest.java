package org.recoverylink.server.pharmacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.pharmacy.Examples;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.server.store.ClientPseudonyms;
import org.recoverylink.server.store.Databases;
import org.recoverylink.server.store.HarmReductionStore;
import org.recoverylink.server.usecase.Refused;

/** Harm-reduction records as a use case: once per id, the caller's own, never the code. */
class HarmReductionServiceTest {

  private static final String PHARMACY = "FA123";

  @TempDir
  Path data;
  private Databases.Scratch db;
  private HarmReductionService service;

  @BeforeEach
  void open() throws IOException {
    db = Databases.Kind.H2.open();
    service = new HarmReductionService(new HarmReductionStore(db.store()),
        ClientPseudonyms.of(Optional.empty(), data, FhirContext.forR4Cached()),
        Clock.fixed(Instant.parse("2026-11-22T10:15:30Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static int pharmacyAt(Parameters parameters) {
    for (int i = 0; i < parameters.getParameter().size(); i++) {
      if (parameters.getParameter().get(i).getName().equals("pharmacy")) {
        return i;
      }
    }
    throw new AssertionError("no pharmacy parameter");
  }

  /** The same Parameters, but from another pharmacy. */
  private static Parameters from(Parameters parameters, String pharmacy) {
    Parameters moved = parameters.copy();
    ((Identifier) moved.getParameter().get(pharmacyAt(moved)).getValue()).setValue(pharmacy);
    return moved;
  }

  @Test
  void aVisitIsStoredOnceAndAnsweredWithThePseudonymOnly() {
    NspTransaction visit = Examples.fullVisit(PHARMACY);
    Notes notes = new Notes();
    HarmReductionStore.Stored first = service.nsp(NspResources.toParameters(visit), PHARMACY,
        notes);
    assertTrue(first.created());
    assertEquals(List.of("entity nsp-transaction/" + visit.id()), notes.noted);
    assertFalse(first.json().contains(visit.client().value()), first.json());

    HarmReductionStore.Stored again = service.nsp(NspResources.toParameters(visit), PHARMACY,
        new Notes());
    assertFalse(again.created());
    assertEquals(first.json(), again.json());
  }

  @Test
  void anotherOrganisationsIdConflictsAndAnotherPharmacysVisitIsRefused() {
    NspTransaction visit = Examples.fullVisit(PHARMACY);
    service.nsp(NspResources.toParameters(visit), PHARMACY, new Notes());
    Refused refused = assertThrows(Refused.class, () -> service.nsp(
        from(NspResources.toParameters(visit), "FA999"), "FA999", new Notes()));
    assertEquals(Refused.Reason.CONFLICT, refused.reason());

    Parameters elsewhere = NspResources.toParameters(Examples.fullVisit("FA999"));
    InvalidFhirInputException invalid = assertThrows(InvalidFhirInputException.class,
        () -> service.nsp(elsewhere, PHARMACY, new Notes()));
    assertEquals(List.of("Parameters.parameter[" + pharmacyAt(elsewhere) + "]"),
        invalid.issues().stream().map(FhirIssue::expression).toList());
  }

  @Test
  void aNaloxoneSupplyIsStoredOnceForItsOwnPharmacyOnly() {
    NaloxoneSupply supply = Examples.replacementAfterUse(PHARMACY);
    Notes notes = new Notes();
    assertTrue(service.naloxone(NaloxoneResources.toParameters(supply), PHARMACY, notes).created());
    assertEquals(List.of("entity naloxone-supply/" + supply.id()), notes.noted);
    assertFalse(service.naloxone(NaloxoneResources.toParameters(supply), PHARMACY, new Notes())
        .created());
    assertEquals(Refused.Reason.CONFLICT, assertThrows(Refused.class,
        () -> service.naloxone(from(NaloxoneResources.toParameters(supply), "FA999"), "FA999",
            new Notes())).reason());
    Parameters elsewhere = NaloxoneResources.toParameters(Examples.firstSupply("FA999"));
    assertEquals(List.of("Parameters.parameter[" + pharmacyAt(elsewhere) + "]"),
        assertThrows(InvalidFhirInputException.class, () -> service.naloxone(elsewhere,
            PHARMACY, new Notes())).issues().stream().map(FhirIssue::expression).toList());
  }
}
