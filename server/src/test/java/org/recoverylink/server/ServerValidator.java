package org.recoverylink.server;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.recoverylink.fhir.validation.ResourceValidator;
import org.recoverylink.server.conformance.Definitions;

/**
 * The one warmed validator the server's tests share. It knows our definitions only from the
 * FHIR package the build wrote into the server's classes, loaded as any HAPI user would load it
 * ({@link NpmPackageValidationSupport}), so every resource a server test validates is checked
 * against the published package; the UK Core definitions the package depends on come from
 * the library ({@link ResourceValidator#chain}).
 */
public final class ServerValidator {

  private ServerValidator() {
  }

  private static final class Holder {
    static final ResourceValidator VALIDATOR = create();
  }

  public static ResourceValidator get() {
    return Holder.VALIDATOR;
  }

  private static ResourceValidator create() {
    FhirContext fhir = FhirContext.forR4Cached();
    NpmPackageValidationSupport published = new NpmPackageValidationSupport(fhir);
    try {
      published.loadPackageFromClasspath("classpath:" + Definitions.PACKAGE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ResourceValidator(fhir, published).warmUp();
  }
}
