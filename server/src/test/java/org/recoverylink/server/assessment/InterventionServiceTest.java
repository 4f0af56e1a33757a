package org.recoverylink.server.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.server.store.Databases;
import org.recoverylink.server.store.Interventions;

/** Recording an intervention: the clock's time, the caller's own, read back by it alone. */
class InterventionServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
  private static final Instant PERFORMED = Instant.parse("2026-11-22T09:00:00Z");

  private static Procedure delivered(String performer) {
    return InterventionProcedures.read(InterventionProcedures.builder(Intervention.BRIEF)
        .patient("9434765919").performer(performer).performed(PERFORMED).build());
  }

  @Test
  void storedWithAnIdAndTheClocksTimeForTheCallerAlone() {
    try (Databases.Scratch db = Databases.Kind.H2.open()) {
      InterventionService service = new InterventionService(new Interventions(db.store()),
          Clock.fixed(NOW, ZoneOffset.UTC));
      Procedure procedure = delivered("A81001");

      Interventions.Recorded recorded = service.record(procedure, "A81001");

      assertEquals(NOW, recorded.recorded());
      assertEquals(PERFORMED, recorded.performed());
      assertEquals("9434765919", recorded.patient());
      assertFalse(procedure.hasId(), "the caller's Procedure is left as given");
      assertEquals(Optional.of(recorded), service.find(recorded.id(), "A81001"));
      assertEquals(Optional.empty(), service.find(recorded.id(), "A81002"));
    }
  }

  @Test
  void anotherOrganisationsInterventionIsRefused() {
    try (Databases.Scratch db = Databases.Kind.H2.open()) {
      InterventionService service = new InterventionService(new Interventions(db.store()),
          Clock.fixed(NOW, ZoneOffset.UTC));
      InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
          () -> service.record(delivered("A81002"), "A81001"));
      assertEquals(List.of(""), refused.issues().stream().map(FhirIssue::expression).toList());
    }
  }
}
