package org.recoverylink.fhir.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.core.rules.KnownCondition;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.routing.RouteParameters;
import org.recoverylink.fhir.screening.Questionnaires;

/**
 * The fast encoder writes what HAPI's encoder writes: the same members with the same values
 * (numbers compared with their precision), for every kind of resource the server answers with
 * and for the corners of FHIR JSON (primitive extensions, arrays with gaps, contained resources,
 * narrative, full ids, decimals, escapes).
 */
class JsonEncoderTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final ObjectMapper TREES = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @ParameterizedTest(name = "{0}")
  @MethodSource("answers")
  void writesWhatHapiWrites(String name, Resource resource) throws IOException {
    byte[] ours = JsonEncoder.encode(resource);

    assertEquals(TREES.readTree(FHIR.newJsonParser().encodeResourceToString(resource)),
        TREES.readTree(ours), name);
  }

  /**
   * Each thread reuses one output buffer: nothing of a large answer shows in the next, smaller
   * one, and threads encoding at once never see each other's.
   */
  @Test
  void aReusedBufferCarriesNothingOver() throws Exception {
    Observation large = new Observation().setStatus(Observation.ObservationStatus.FINAL);
    large.getCode().setText("x".repeat(200_000)); // beyond the buffer a thread keeps
    Observation small = new Observation().setStatus(Observation.ObservationStatus.FINAL);
    for (Resource resource : List.of(large, small, large, small)) {
      assertEquals(hapi(resource), TREES.readTree(JsonEncoder.encode(resource)));
    }

    List<Resource> resources = answers().map(answer -> (Resource) answer.get()[1]).toList();
    List<JsonNode> expected = new ArrayList<>();
    for (Resource resource : resources) {
      expected.add(hapi(resource));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        int offset = thread;
        done.add(threads.submit(() -> {
          for (int round = 0; round < 20; round++) {
            for (int i = 0; i < resources.size(); i++) {
              int at = (i + offset * 7 + round) % resources.size();
              assertEquals(expected.get(at), TREES.readTree(JsonEncoder.encode(
                  resources.get(at))));
            }
          }
          return null;
        }));
      }
      for (Future<?> thread : done) {
        thread.get(); // rethrows a thread's failed assertion
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static JsonNode hapi(Resource resource) throws IOException {
    return TREES.readTree(FHIR.newJsonParser().encodeResourceToString(resource));
  }

  static Stream<Arguments> answers() {
    List<Arguments> answers = new ArrayList<>();
    Questionnaires.all().forEach(q -> answers.add(Arguments.of("Questionnaire " + q.getId(), q)));
    FhirAssessor assessor = new FhirAssessor(Assessor.standard());
    for (var questionnaire : Questionnaires.all()) {
      for (boolean highest : List.of(false, true)) {
        QuestionnaireResponse response = Forms.fill(questionnaire, highest);
        response.setSubject(new Reference("Patient/p1"));
        answers.add(Arguments.of("result of " + questionnaire.getId()
            + (highest ? " highest" : " lowest"), ResultBundle.of(assessor.assess(
                Map.of("QuestionnaireResponse", response), List.of(),
                Set.of(KnownCondition.SERIOUS_MENTAL_ILLNESS)), Instant.now())));
      }
    }
    answers.add(Arguments.of("directory", new DirectoryBundle(FHIR)
        .write(EssexDirectory.directory())));
    LocalDate today = LocalDate.now();
    answers.add(Arguments.of("route", RouteParameters.write(new Router(
        EssexDirectory.directory()).route(RouteRequest.builder(LocalDate.of(1998, 1, 1), today)
            .postcode("CO15 1AA").substances(Substance.OPIOIDS)
            .circumstances(Circumstance.INJECTING).build()))));
    answers.add(Arguments.of("brief intervention", InterventionProcedures
        .builder(Intervention.BRIEF).patient("9434765919").performer("A81001")
        .performed(Instant.now()).declined("Not today \"later\"").build()));
    answers.add(Arguments.of("outcome", new InvalidFhirInputException(List.of(
        FhirIssue.error(IssueType.REQUIRED, "Parameters.parameter[0]", "missing <response>"),
        FhirIssue.warning(IssueType.INFORMATIONAL, "", "tab\there, newline\n, é 🚑")))
        .toOperationOutcome()));
    answers.add(Arguments.of("corners of a Patient", patient()));
    answers.add(Arguments.of("corners of an Observation", observation()));
    return answers.stream();
  }

  /** Primitive extensions, a gap in an array, a full id, narrative, contained, escapes. */
  private static Patient patient() {
    Patient patient = new Patient();
    patient.setId("Patient/123/_history/2"); // written as its id part, as HAPI does
    patient.getText().setStatus(Narrative.NarrativeStatus.GENERATED)
        .setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Zoë &amp; co</p></div>");
    DateType birth = new DateType("1990-02-03");
    birth.addExtension(new Extension("https://example.org/accuracy", new StringType("day")));
    patient.setBirthDateElement(birth);
    HumanName name = patient.addName();
    StringType first = new StringType(); // a given name known only by its extension
    first.addExtension(new Extension("http://hl7.org/fhir/StructureDefinition/data-absent-reason",
        new CodeType("masked")));
    name.getGiven().add(first);
    name.addGiven("Ann\u0001\"\\/");
    Organization practice = new Organization().setName("Practice");
    practice.setId("org");
    patient.addContained(practice);
    patient.setManagingOrganization(new Reference("#org"));
    return patient;
  }

  /** Decimals keep their precision, large and small. */
  private static Observation observation() {
    Observation observation = new Observation();
    observation.setId("o1");
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.getCode().setText("weight");
    observation.setValue(new Quantity().setValue(new BigDecimal("70.50")).setUnit("kg"));
    observation.addComponent().setValue(new Quantity().setValue(new BigDecimal("0.0000001")));
    observation.addComponent().setValue(
        new Quantity().setValue(new BigDecimal("-12345678901234567890.123")));
    return observation;
  }
}
