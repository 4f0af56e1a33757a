package org.recoverylink.server;

import ca.uhn.fhir.context.FhirContext;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.server.report.Measures;

/**
 * The one warmed validator the server's tests share: the library's CodeSystems and the reports'
 * own.
 */
public final class ServerValidator {

  private ServerValidator() {
  }

  private static final class Holder {
    static final ResourceValidator VALIDATOR =
        new ResourceValidator(FhirContext.forR4Cached(), Measures.codeSystems()).warmUp();
  }

  public static ResourceValidator get() {
    return Holder.VALIDATOR;
  }
}
