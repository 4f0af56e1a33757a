package org.recoverylink.fhir.terminology;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;

/** The code and identifier systems of others that RecoveryLink writes and reads. */
public final class Systems {

  private Systems() {
  }

  public static final String LOINC = "http://loinc.org";
  public static final String SNOMED = "http://snomed.info/sct";
  /** NHS numbers (checked with {@code NhsNumber} in core). */
  public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
  /** Organisation Data Service codes of practices, pharmacies and providers. */
  public static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

  /** The value of the first identifier in {@code system}, if there is one with a value. */
  public static Optional<String> value(List<Identifier> identifiers, String system) {
    return identifiers.stream().filter(i -> system.equals(i.getSystem())).findFirst()
        .map(Identifier::getValue);
  }
}
