package org.recoverylink.fhir.validation;

import ca.uhn.fhir.context.FhirContext;

/** The one warmed validator all tests share, as a server shares one per process. */
public final class SharedValidator {

  private SharedValidator() {
  }

  private static final class Holder {
    static final ResourceValidator VALIDATOR =
        new ResourceValidator(FhirContext.forR4Cached()).warmUp();
  }

  public static ResourceValidator get() {
    return Holder.VALIDATOR;
  }
}
