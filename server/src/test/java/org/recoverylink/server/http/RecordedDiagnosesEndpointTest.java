package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;

/**
 * A GP system passing the person's diagnoses as its record codes them - SNOMED CT
 * {@code Condition}s - to {@code $assess} over HTTP: the dual-diagnosis and co-occurring flags
 * fire from them, each naming the diagnosis and the code list that matched, with the shipped
 * lists and with a deployment's own ({@code --code-lists}).
 */
class RecordedDiagnosesEndpointTest {

  private static final String SNOMED = "http://snomed.info/sct";
  /** A deployment's own list: one made-up SNOMED CT code for a serious mental illness. */
  private static final Path OWN_LISTS = ownLists();

  @RegisterExtension
  static final RunningServer SHIPPED = RunningServer.withDefaults();

  @RegisterExtension
  static final RunningServer OWN = RunningServer.with(s -> s.options(o -> o.codeLists(
      OWN_LISTS)));

  private static Path ownLists() {
    try {
      Path folder = Files.createTempDirectory("recoverylink-code-lists");
      folder.toFile().deleteOnExit();
      Path list = Files.writeString(folder.resolve("local-smi.csv"), """
          # id: LOCAL_SMI
          # condition: serious-mental-illness
          # system: http://snomed.info/sct
          # version: 7
          # source: a deployment's own list
          code,term
          1234567,A local code
          """, StandardCharsets.UTF_8);
      list.toFile().deleteOnExit();
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A built-in form's response with these points, item by item. */
  private static QuestionnaireResponse response(Instrument instrument, int... points) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(Questionnaires.url(instrument));
    for (int i = 0; i < points.length; i++) {
      response.addItem().setLinkId(Questionnaires.linkId(instrument.items().get(i)))
          .addAnswer().setValue(new IntegerType(points[i]));
    }
    return response;
  }

  /** AUDIT 17: higher risk, a substance indicator. */
  private static QuestionnaireResponse audit17() {
    return response(Instruments.AUDIT, 4, 4, 4, 1, 1, 1, 0, 0, 2, 0);
  }

  private static Condition diagnosis(String code, String display) {
    Condition condition = new Condition();
    condition.setClinicalStatus(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null)));
    condition.setVerificationStatus(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", null)));
    condition.getCode().addCoding(new Coding(SNOMED, code, display));
    condition.getSubject().setDisplay("the patient");
    return condition;
  }

  private static Bundle assess(RunningServer server, List<QuestionnaireResponse> responses,
      Condition... conditions) throws Exception {
    Parameters parameters = new Parameters();
    responses.forEach(r -> parameters.addParameter().setName("response").setResource(r));
    for (Condition condition : conditions) {
      parameters.addParameter().setName("condition").setResource(condition);
    }
    HttpResponse<String> answer = server.send("POST", "QuestionnaireResponse/$assess",
        Role.GP, RunningServer.PRACTICE, parameters);
    assertEquals(200, answer.statusCode(), answer.body());
    Bundle bundle = EndpointTest.parse(answer, Bundle.class);
    assertEquals(List.of(), ServerValidator.get().errors(bundle));
    return bundle;
  }

  /** The flag with this code, and the words of its rationale. */
  private static Optional<String> flag(Bundle bundle, String code) {
    return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(Flag.class::isInstance).map(Flag.class::cast)
        .filter(f -> f.getCode().getCoding().stream().anyMatch(c -> code.equals(c.getCode())))
        .findFirst().map(f -> f.getExtension().stream().flatMap(e -> e.getExtension().stream())
            .filter(e -> e.getUrl().equals("text")).map(Extension::getValue)
            .map(v -> v.primitiveValue()).findFirst().orElse(""));
  }

  @Test
  void aSnomedSchizophreniaWithAudit17RaisesTheDualDiagnosisFlag() throws Exception {
    Bundle bundle = assess(SHIPPED, List.of(audit17()), diagnosis("58214004", "Schizophrenia"));

    String why = flag(bundle, "dual-diagnosis-smi").orElseThrow(() -> new AssertionError(
        "no dual-diagnosis-smi flag"));
    assertTrue(why.contains("SNOMED CT 58214004 in MH_COD"), why);
  }

  @Test
  void aSnomedDepressionWithPhq9OfTenOrMoreRaisesTheCoOccurringFlag() throws Exception {
    Bundle bundle = assess(SHIPPED, List.of(audit17(),
            response(Instruments.PHQ_9, 2, 2, 2, 2, 2, 2, 0, 0, 0)),
        diagnosis("35489007", "Depressive disorder"));

    String why = flag(bundle, "co-occurring-mental-health-substance").orElseThrow(
        () -> new AssertionError("no co-occurring flag"));
    assertTrue(why.contains("phq-9 total 12") && why.contains("SNOMED CT 35489007 in DEPR_COD"),
        why);
    assertTrue(flag(bundle, "dual-diagnosis-smi").isEmpty());
  }

  @Test
  void aCodeInNoListChangesNothingAndSaysSo() throws Exception {
    Bundle bundle = assess(SHIPPED, List.of(audit17()), diagnosis("22298006",
        "Myocardial infarction"));

    assertTrue(flag(bundle, "dual-diagnosis-smi").isEmpty());
    OperationOutcome notes = bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(OperationOutcome.class::isInstance).map(OperationOutcome.class::cast)
        .findFirst().orElseThrow();
    assertEquals(OperationOutcome.IssueSeverity.INFORMATION,
        notes.getIssueFirstRep().getSeverity());
    assertTrue(notes.getIssueFirstRep().getDiagnostics().contains("22298006"));
  }

  @Test
  void aDeploymentsOwnListsReplaceTheShippedOnes() throws Exception {
    Bundle local = assess(OWN, List.of(audit17()), diagnosis("1234567", "A local code"));
    Bundle shipped = assess(OWN, List.of(audit17()), diagnosis("58214004", "Schizophrenia"));

    assertTrue(flag(local, "dual-diagnosis-smi").orElseThrow().contains(
        "SNOMED CT 1234567 in LOCAL_SMI 7"));
    assertTrue(flag(shipped, "dual-diagnosis-smi").isEmpty(),
        "the shipped MH_COD list was replaced");
  }
}
