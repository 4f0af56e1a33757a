package org.recoverylink.fhir.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.assessment.ActionCode;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.core.assessment.FlagCode;
import org.recoverylink.core.directory.Circumstance;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.ReferralSource;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.routing.Destination;
import org.recoverylink.core.routing.RouteDecision;
import org.recoverylink.core.routing.RouteRequest;
import org.recoverylink.core.routing.Router;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.validation.SharedValidator;

/** $route's Parameters: read faithfully into the core request, the decision written back. */
class RouteParametersTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final Router ROUTER = new Router(EssexDirectory.directory());

  private static Patient patient(String birthDate, String postcode) {
    Patient patient = new Patient();
    patient.setBirthDateElement(new DateType(birthDate));
    patient.addAddress().setUse(Address.AddressUse.WORK).setPostalCode("CM1 1AA");
    patient.addAddress().setUse(Address.AddressUse.HOME).setPostalCode(postcode);
    return patient;
  }

  private static Bundle higherRiskAssessment() {
    var response = Forms.fill(Questionnaires.find("audit").orElseThrow(), true);
    return ResultBundle.of(new FhirAssessor(Assessor.standard())
        .assess(Map.of("QuestionnaireResponse", response), List.of(), Set.of()));
  }

  @Test
  void readsEveryParameterIntoTheCoreRequest() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient("1990-03-04", "CO15 1AA"));
    parameters.addParameter().setName("substance").setValue(new CodeType("opioids"));
    parameters.addParameter().setName("substance").setValue(
        new Coding(CodeSystems.SUBSTANCE, "crack-cocaine", null));
    parameters.addParameter().setName("circumstance").setValue(new CodeType("injecting"));
    parameters.addParameter().setName("referral-source").setValue(new CodeType("pharmacy"));
    parameters.addParameter().setName("assessment").setResource(higherRiskAssessment());

    RouteRequest request = RouteParameters.read(parameters, TODAY);

    assertEquals(LocalDate.of(1990, 3, 4), request.birthDate());
    assertEquals(TODAY, request.onDate());
    assertEquals(Optional.of("CO15 1AA"), request.postcode(), "the home address wins");
    assertEquals(Optional.empty(), request.district());
    assertEquals(List.of(Substance.OPIOIDS, Substance.CRACK_COCAINE), request.substances());
    assertEquals(Set.of(Circumstance.INJECTING), request.circumstances());
    assertEquals(Optional.of(ReferralSource.PHARMACY), request.source());
    assertTrue(request.flags().contains(FlagCode.POSSIBLE_ALCOHOL_DEPENDENCE), request.flags()
        .toString());
    assertTrue(request.advice().contains(ActionCode.REFER_SPECIALIST_ALCOHOL_ASSESSMENT),
        request.advice().toString());
  }

  @Test
  void aGivenDistrictIsPassedOnForTheRouterToResolve() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(patient("1990-03-04", "SS14 1AB"));
    parameters.addParameter().setName("district").setValue(new StringType(" Chelmsford "));

    assertEquals(Optional.of("Chelmsford"), RouteParameters.read(parameters, TODAY).district());
  }

  @Test
  void everyProblemIsListedAtOnceWithWhereItIs() {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("patient").setResource(new Patient());
    parameters.addParameter().setName("district").setValue(new StringType("Colchester"));
    parameters.addParameter().setName("district").setValue(new StringType("Tendring"));
    parameters.addParameter().setName("substance").setValue(new CodeType("gin"));
    parameters.addParameter().setName("assessment").setResource(new Observation());
    parameters.addParameter().setName("postcode").setValue(new StringType("CO1 1AA"));
    parameters.addParameter().setName("circumstance").setValue(new BooleanType(true));

    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> RouteParameters.read(parameters, TODAY));

    assertEquals(List.of(
        "Parameters.parameter[5].name",
        "Parameters.parameter[2]",
        "Parameters.parameter[0].resource.birthDate",
        "Parameters.parameter[3].valueCode",
        "Parameters.parameter[6]",
        "Parameters.parameter[4]"),
        refused.issues().stream().map(FhirIssue::expression).toList(),
        refused.issues().toString());
  }

  @Test
  void aMissingPatientAndPartialOrFutureBirthDatesAreRefused() {
    Parameters none = new Parameters();
    none.addParameter().setName("district").setValue(new StringType("Colchester"));
    assertEquals("the patient parameter is required", assertThrows(
        InvalidFhirInputException.class, () -> RouteParameters.read(none, TODAY)).issues()
        .get(0).diagnostics());

    for (String birthDate : List.of("1990", "1990-03", "2027-01-01")) {
      Parameters parameters = new Parameters();
      parameters.addParameter().setName("patient").setResource(patient(birthDate, "CO1 1AA"));
      InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
          () -> RouteParameters.read(parameters, TODAY), birthDate);
      assertEquals("Parameters.parameter[0].resource.birthDate",
          refused.issues().get(0).expression());
    }
  }

  @Test
  void theDecisionIsWrittenWithExactlyOnePrimaryAndEveryReason() {
    RouteDecision decision = ROUTER.route(RouteRequest.builder(LocalDate.of(1998, 1, 1), TODAY)
        .postcode("CO15 1AA").substances(Substance.OPIOIDS)
        .circumstances(Circumstance.INJECTING, Circumstance.PREGNANT).build());

    Parameters written = RouteParameters.write(decision);

    assertEquals(List.of(), SharedValidator.get().errors(written));
    List<ParametersParameterComponent> services = written.getParameter().stream()
        .filter(p -> p.getName().equals("service")).toList();
    assertEquals(decision.destinations().size(), services.size());
    for (int i = 0; i < services.size(); i++) {
      Destination destination = decision.destinations().get(i);
      ParametersParameterComponent service = services.get(i);
      assertEquals("HealthcareService/" + destination.service().id(),
          ((Reference) part(service, "healthcareService").get(0)).getReference());
      assertEquals(List.of(destination.role().code()), part(service, "role").stream()
          .map(v -> v.primitiveValue()).toList());
      assertEquals(destination.reasons(), part(service, "reason").stream()
          .map(v -> v.primitiveValue()).toList());
      assertEquals(destination.urgent(), ((BooleanType) part(service, "urgent").get(0))
          .booleanValue());
    }
    assertEquals(1, services.stream().filter(s -> part(s, "role").get(0).primitiveValue()
        .equals("primary")).count());
    assertEquals(decision.district().orElseThrow().name(),
        written.getParameter("district").getValue().primitiveValue());
    assertEquals(decision.area().orElseThrow(),
        written.getParameter("quadrant").getValue().primitiveValue());
    assertEquals(Router.RULES.toString(),
        written.getParameter("rule-set").getValue().primitiveValue());
  }

  private static List<org.hl7.fhir.r4.model.Type> part(ParametersParameterComponent parameter,
      String name) {
    return parameter.getPart().stream().filter(p -> p.getName().equals(name))
        .map(ParametersParameterComponent::getValue).toList();
  }
}
