package org.recoverylink.fhir.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * Brief interventions as docs/http-api.md "Record" specifies the Procedure, with the reference's
 * codes.
 */
class InterventionProceduresTest {

  private static final Instant WHEN = Instant.parse("2026-11-22T10:15:30Z");
  private final ResourceValidator validator = SharedValidator.get();

  /** clinical-reference §6.2: completed and declined concepts of each intervention. */
  @ParameterizedTest(name = "{0} declined={1}")
  @CsvSource({
      "BRIEF,    false, 366371000000105, completed, -",
      "BRIEF,    true,  366371000000105, not-done,  379411000000105",
      "EXTENDED, false, 366421000000103, completed, -",
      "EXTENDED, true,  366421000000103, not-done,  754831000000102",
  })
  void theProcedureCarriesTheReferenceCodesAndValidates(Intervention kind, boolean declined,
      String code, String status, String statusReason) {
    InterventionProcedures.Builder builder = InterventionProcedures.builder(kind)
        .patient("943 476 5919").performer("A81001").performed(WHEN)
        .practitioner(new Reference("Practitioner/gp1"))
        .reason(new Reference("Observation/audit1"));
    if (declined) {
      builder.declined("Not today, wants to talk to partner first");
    }

    Procedure procedure = builder.build();

    assertEquals(List.of(), validator.errors(procedure));
    assertEquals("http://snomed.info/sct", procedure.getCode().getCodingFirstRep().getSystem());
    assertEquals(code, procedure.getCode().getCodingFirstRep().getCode());
    assertEquals(status, procedure.getStatus().toCode());
    if (declined) {
      assertEquals(statusReason, procedure.getStatusReason().getCodingFirstRep().getCode());
      assertEquals("Not today, wants to talk to partner first",
          procedure.getStatusReason().getText());
    } else {
      assertFalse(procedure.hasStatusReason());
    }
    assertEquals("https://fhir.nhs.uk/Id/nhs-number",
        procedure.getSubject().getIdentifier().getSystem());
    assertEquals("9434765919", procedure.getSubject().getIdentifier().getValue());
    assertEquals("https://fhir.nhs.uk/Id/ods-organization-code",
        procedure.getPerformerFirstRep().getActor().getIdentifier().getSystem());
    assertEquals("A81001", procedure.getPerformerFirstRep().getActor().getIdentifier()
        .getValue());
    assertEquals("Practitioner/gp1", procedure.getPerformer().get(1).getActor().getReference());
    assertEquals(WHEN, procedure.getPerformedDateTimeType().getValue().toInstant());
    assertEquals("Observation/audit1", procedure.getReasonReferenceFirstRep().getReference());
  }

  @Test
  void everyMissingOrInvalidFactIsListedAtOnce() {
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> InterventionProcedures.builder(Intervention.BRIEF).patient("9434765918")
            .performer("a81001").declined(" ").build());

    assertEquals(List.of("Procedure.subject.identifier.value",
        "Procedure.performer[0].actor.identifier.value", "Procedure.performedDateTime",
        "Procedure.statusReason"), e.issues().stream().map(FhirIssue::expression).toList());
    assertFalse(e.getMessage().contains("9434765918"), "no NHS number in the message");
  }

  @Test
  void nothingGivenMeansEverythingRequiredIsNamed() {
    InvalidFhirInputException e = assertThrows(InvalidFhirInputException.class,
        () -> InterventionProcedures.builder(Intervention.EXTENDED).build());

    assertEquals(List.of("required", "required", "required"), e.issues().stream()
        .map(i -> i.type().toCode()).toList());
  }
}
