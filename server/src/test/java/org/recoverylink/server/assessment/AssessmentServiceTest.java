package org.recoverylink.server.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseStatus;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.fhir.assessment.AssessParameters;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.store.Screenings;

/** $assess as a use case: the rules given, the clock given, each finished screening once. */
class AssessmentServiceTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:15:30Z");
  private static final FhirAssessor ASSESSOR = new FhirAssessor(Assessor.standard());

  private static QuestionnaireResponse filled(String instrument) {
    return Forms.fill(Questionnaires.find(instrument).orElseThrow(), true);
  }

  private static List<String> counted(AssessmentService.Assessed assessed) {
    return assessed.counted().stream().map(screened -> screened.organisation() + " "
        + screened.instrument() + " " + screened.band() + " " + screened.total()).toList();
  }

  @Test
  void answersStampedByTheClockWithTheScreeningItCounts() {
    AssessmentService service = new AssessmentService(Assessor.standard(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    QuestionnaireResponse response = filled("audit-c");
    response.setId("r1");
    Patient patient = new Patient();
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue("943 476 5919");
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("response").setResource(response);
    parameters.addParameter().setName("patient").setResource(patient);

    AssessmentService.Assessed assessed = service.assess(AssessParameters.read(parameters),
        "F81001");

    assertEquals(NOW, assessed.at());
    assertEquals(Date.from(NOW), assessed.bundle().getTimestamp());
    assertEquals(Optional.of("9434765919"), assessed.nhsNumber());
    assertEquals(List.of("F81001 audit-c possible-dependence 12"), counted(assessed));
    assertEquals(NOW, assessed.counted().get(0).assessed());
  }

  @Test
  void refusedInputIsNotAssessed() {
    AssessmentService service = new AssessmentService(Assessor.standard(),
        Clock.fixed(NOW, ZoneOffset.UTC));
    QuestionnaireResponse empty = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(Questionnaires.url(org.recoverylink.core.screening.Instruments
            .AUDIT_C));
    assertThrows(InvalidFhirInputException.class,
        () -> service.assess(AssessParameters.of(empty), "F81001"));
  }

  @Test
  void aResponseWithoutSubjectNamesNoPatient() {
    FhirAssessor.Result result = ASSESSOR.assess(AssessParameters.of(filled("audit-c")));
    assertEquals(Optional.empty(), new AssessmentService.Assessed(result, NOW, List.of()).nhsNumber());
  }

  @Test
  void onlyFinishedResponsesCountAndAnAuditCReadOffAnAuditIsPartOfIt() {
    QuestionnaireResponse audit = filled("audit");
    QuestionnaireResponse fast = filled("fast");
    fast.setStatus(QuestionnaireResponseStatus.INPROGRESS);
    FhirAssessor.Result result = ASSESSOR.assess(Map.of("a", audit, "b", fast), List.of(),
        Set.of());
    assertTrue(result.assessment().score("audit-c").isPresent(), "AUDIT-C read off the AUDIT");

    List<Screenings.Screened> screened = AssessmentService.screened(result, "F81001", NOW);

    assertEquals(List.of("audit"), screened.stream().map(Screenings.Screened::instrument)
        .toList());
    assertEquals(NOW, screened.get(0).assessed());
  }

  @Test
  void theSameResponseIsTheSameScreeningPerOrganisationByIdentifierOrId() throws Exception {
    QuestionnaireResponse byIdentifier = filled("audit-c");
    byIdentifier.setIdentifier(new Identifier().setSystem("https://gp.example").setValue("7"));
    QuestionnaireResponse byId = filled("audit-c");
    byId.setId("r7");
    QuestionnaireResponse anonymous = filled("audit-c");

    UUID first = key(byIdentifier, "F81001");
    assertEquals(first, key(byIdentifier.copy(), "F81001"));
    assertNotEquals(first, key(byIdentifier, "F81002"), "another organisation's screening");
    // The first 32 hex digits of the SHA-256 digest the keys stored before V19 were: the
    // migration turns those into this UUID, so a response counted before still counts once.
    String before = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
        "F81001|audit-c|identifier|https://gp.example|7".getBytes(StandardCharsets.UTF_8)));
    assertEquals(before.substring(0, 32), first.toString().replace("-", ""),
        "a digest, not the identifier");
    assertEquals(key(byId, "F81001"), key(byId.copy(), "F81001"));
    assertNotEquals(key(anonymous, "F81001"), key(anonymous, "F81001"), "each counts");
  }

  private static UUID key(QuestionnaireResponse response, String organisation) {
    FhirAssessor.Result result = ASSESSOR.assess(AssessParameters.of(response));
    return AssessmentService.screened(result, organisation, NOW).get(0).key();
  }
}
