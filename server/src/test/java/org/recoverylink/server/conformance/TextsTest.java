package org.recoverylink.server.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import ca.uhn.fhir.context.FhirContext;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junit.jupiter.api.Test;

/** The validator's definitions keep one copy of each repeated text, and every value as it was. */
class TextsTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void equalTextsAcrossDefinitionsEndAsOneCopyAndKeepTheirValues() {
    StructureDefinition first = parsed("A");
    StructureDefinition second = parsed("B");
    String human = first.getSnapshot().getElementFirstRep().getConstraintFirstRep().getHuman();
    assertNotSame(human, second.getSnapshot().getElementFirstRep().getConstraintFirstRep()
        .getHuman(), "a parser gives each its own copy");

    Texts texts = new Texts(FHIR);
    texts.shared(first);
    texts.shared(second);

    ElementDefinition.ElementDefinitionConstraintComponent one =
        first.getSnapshot().getElementFirstRep().getConstraintFirstRep();
    ElementDefinition.ElementDefinitionConstraintComponent other =
        second.getSnapshot().getElementFirstRep().getConstraintFirstRep();
    assertSame(one.getHuman(), other.getHuman());
    assertSame(one.getExpression(), other.getExpression());
    assertEquals("All FHIR elements must have a @value or children", other.getHuman());
    assertEquals("ele-1", other.getKey());
    assertEquals("http://example.org/A", first.getUrl());
    assertEquals("http://example.org/B", second.getUrl());
  }

  private static StructureDefinition parsed(String name) {
    StructureDefinition definition = new StructureDefinition().setUrl("http://example.org/"
        + name).setName(name);
    definition.getSnapshot().addElement().setPath("Basic").addConstraint().setKey("ele-1")
        .setHuman("All FHIR elements must have a @value or children")
        .setExpression("hasValue() or (children().count() > id.count())");
    // through JSON, as the validator's definitions come
    return FHIR.newJsonParser().parseResource(StructureDefinition.class,
        FHIR.newJsonParser().encodeResourceToString(definition));
  }
}
