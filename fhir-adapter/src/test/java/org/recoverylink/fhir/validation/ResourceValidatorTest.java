package org.recoverylink.fhir.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.recoverylink.fhir.terminology.CodeSystems;

/** The validator the tests rely on really finds errors, including in our own codes. */
class ResourceValidatorTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final ResourceValidator VALIDATOR = SharedValidator.get();

  @Test
  void missingRequiredElementsAreErrors() {
    Resource endpoint = (Resource) FHIR.newJsonParser()
        .parseResource("{\"resourceType\": \"Endpoint\", \"status\": \"active\"}");

    List<String> errors = VALIDATOR.errors(endpoint);

    assertTrue(errors.stream().anyMatch(e -> e.contains("connectionType")), errors::toString);
    assertTrue(errors.stream().anyMatch(e -> e.contains("address")), errors::toString);
  }

  @Test
  void anUnknownCodeInOurOwnCodeSystemIsAnError() {
    HealthcareService service = new HealthcareService();
    service.addType(new CodeableConcept(new Coding(CodeSystems.SERVICE_KIND, "magic", null)));
    service.addType(new CodeableConcept(new Coding(CodeSystems.SERVICE_KIND, "treatment",
        "Drug or alcohol treatment")));

    List<String> errors = VALIDATOR.errors(service);

    assertEquals(1, errors.size(), errors::toString);
    assertTrue(errors.get(0).contains("magic"), errors::toString);
    assertFalse(errors.get(0).contains("treatment"), errors::toString);
  }
}
