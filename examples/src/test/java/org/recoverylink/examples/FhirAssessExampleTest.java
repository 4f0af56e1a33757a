package org.recoverylink.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Procedure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.validation.ResourceValidator;

/** The GP vendor example prints a valid result Bundle and Procedure, or an OperationOutcome. */
class FhirAssessExampleTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void theShippedAuditResponseIsAssessedAndTheInterventionRecorded() {
    String[] sections = Stdout.of(FhirAssessExample::main).split("== [A-Za-z ]+ ==\\R");

    Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, sections[1]);
    Procedure procedure = FHIR.newJsonParser().parseResource(Procedure.class, sections[2]);
    ResourceValidator validator = new ResourceValidator(FHIR);
    assertEquals(List.of(), validator.errors(bundle));
    assertEquals(List.of(), validator.errors(procedure));
    // The shipped answers score 3+2+3+2+1+0+2+1+0+4 = 18: higher risk, extended intervention.
    Observation audit = (Observation) bundle.getEntry().get(1).getResource();
    assertEquals("75624-7", audit.getCode().getCodingFirstRep().getCode());
    assertEquals(18, audit.getValueIntegerType().getValue());
    assertEquals("higher-risk", audit.getInterpretationFirstRep().getCodingFirstRep().getCode());
    assertEquals("366421000000103", procedure.getCode().getCodingFirstRep().getCode());
    assertEquals(bundle.getEntry().get(1).getFullUrl(),
        procedure.getReasonReferenceFirstRep().getReference());
  }

  @Test
  void aBrokenFileIsRefusedWithAnOperationOutcome(@TempDir Path dir) throws Exception {
    Path broken = dir.resolve("response.json");
    Files.writeString(broken, "{\"resourceType\": \"QuestionnaireResponse\", \"status\": ");

    String[] sections = Stdout.of(args -> FhirAssessExample.main(
        new String[] {broken.toString()})).split("== [A-Za-z ]+ ==\\R");

    OperationOutcome outcome = FHIR.newJsonParser().parseResource(OperationOutcome.class,
        sections[1]);
    assertEquals(OperationOutcome.IssueType.STRUCTURE, outcome.getIssueFirstRep().getCode());
    assertTrue(outcome.getIssueFirstRep().getDiagnostics().contains("not well-formed"));
  }
}
