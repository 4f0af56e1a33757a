package org.recoverylink.examples;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.ResourceParser;

/**
 * A GP system embedding the FHIR adapter: read the QuestionnaireResponse its form produced,
 * assess it, print the result Bundle, then record the intervention the GP delivered.
 *
 * <p>Run: {@code mvn -B -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.recoverylink.examples.FhirAssessExample [-Dexec.args=response.json]}.
 * Without an argument it reads the AUDIT response shipped with the examples.
 */
public final class FhirAssessExample {

  private FhirAssessExample() {
  }

  // Create once per process and share: both are thread-safe and costly to build.
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final FhirAssessor ASSESSOR = new FhirAssessor(Assessor.standard());

  public static void main(String[] args) {
    run(args.length == 0 ? bundledResponse() : read(Path.of(args[0])), System.out);
  }

  static void run(String json, PrintStream out) {
    IParser printer = FHIR.newJsonParser().setPrettyPrint(true);
    try {
      // Parse once; every problem comes back as an InvalidFhirInputException, never a trace.
      QuestionnaireResponse response = new ResourceParser(FHIR).parse(json,
          QuestionnaireResponse.class);
      FhirAssessor.Result result = ASSESSOR.assess(Map.of("QuestionnaireResponse", response),
          List.of(), Set.of());
      Bundle bundle = ResultBundle.of(result);
      out.println("== Result Bundle ==");
      out.println(printer.encodeResourceToString(bundle));

      // The GP gives the advice the result recommends, and records it against the AUDIT score.
      // Advice is most urgent first, so this is the most intensive intervention recommended.
      Intervention given = result.assessment().advice().stream()
          .flatMap(a -> Intervention.recommendedBy(a.action()).stream())
          .findFirst().orElse(null);
      if (given != null && response.getSubject().hasIdentifier()) {
        String auditObservation = bundle.getEntry().stream()
            .filter(e -> e.getResource() instanceof Observation)
            .findFirst().orElseThrow().getFullUrl();
        Procedure procedure = InterventionProcedures.builder(given)
            .patient(response.getSubject().getIdentifier().getValue())
            .performer("A81001")
            .performed(Instant.now())
            .reason(new Reference(auditObservation))
            .build();
        out.println("== Procedure recorded ==");
        out.println(printer.encodeResourceToString(procedure));
      }
    } catch (InvalidFhirInputException e) {
      out.println("== Refused ==");
      out.println(printer.encodeResourceToString(e.toOperationOutcome()));
    }
  }

  /** The AUDIT response shipped with the examples, as JSON. */
  public static String bundledResponse() {
    try (InputStream in = FhirAssessExample.class
        .getResourceAsStream("/examples/audit-response.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path path) {
    try {
      return Files.readString(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
