package org.recoverylink.fhir.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.core.directory.Substance;
import org.recoverylink.core.referral.InvalidReferralException;
import org.recoverylink.core.referral.ReferralProblem;
import org.recoverylink.core.referral.RoutingFacts;
import org.recoverylink.core.routing.Router;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Reading a ServiceRequest for the referral rules: what is only FHIR's is checked here, the
 * rules' problems come back as issues at the elements they concern, every one at once.
 */
class ReferralIntakeTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 11, 22);
  private static final ReferralIntake INTAKE = new ReferralIntake(
      new Router(EssexDirectory.directory()));
  private static final String PERSON = "ServiceRequest.contained.where(id = 'patient')";

  @Test
  void aCompleteReferralIsAdmittedWithItsRoutingFacts() {
    ReferralIntake.Admitted admitted = INTAKE.admit(Referrals.referral("i-1"),
        Referrals.PRACTICE, TODAY);

    assertEquals(Optional.of(Referrals.NHS_NUMBER), admitted.admission().nhsNumber());
    assertEquals("phoenix-futures-alcohol", admitted.admission().service().id());
    assertEquals("i-1", admitted.identifier().orElseThrow().getValue());
    assertEquals(List.of(Substance.ALCOHOL), admitted.substances());
    assertTrue(admitted.screened());
    assertEquals(Optional.of("SS14"), admitted.admission().routing().outwardCode());
    assertEquals(46, admitted.admission().routing().age());
  }

  @Test
  void aPractitionerRoleOfTheCallersOrganisationRefers() {
    ServiceRequest referral = Referrals.referral("i-role");
    PractitionerRole role = new PractitionerRole();
    role.setId("role");
    role.setOrganization(new Reference().setIdentifier(new org.hl7.fhir.r4.model.Identifier()
        .setSystem(Systems.ODS).setValue(Referrals.PRACTICE)));
    referral.addContained(role);
    referral.setRequester(new Reference("#role"));

    assertEquals(Referrals.PRACTICE, INTAKE.admit(referral, Referrals.PRACTICE, TODAY)
        .admission().referrer());
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        refusal("status", IssueType.VALUE, "ServiceRequest.status",
            r -> r.setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)),
        refusal("intent", IssueType.VALUE, "ServiceRequest.intent",
            r -> r.setIntent(ServiceRequest.ServiceRequestIntent.PLAN)),
        refusal("identifier value", IssueType.TOOLONG, "ServiceRequest.identifier[0].value",
            r -> r.getIdentifierFirstRep().setValue("x".repeat(201))),
        refusal("identifier system", IssueType.TOOLONG, "ServiceRequest.identifier[0].system",
            r -> r.getIdentifierFirstRep().setSystem("https://" + "x".repeat(300))),
        refusal("substance code", IssueType.CODEINVALID,
            "ServiceRequest.reasonCode[0].coding[0]",
            r -> r.getReasonCodeFirstRep().getCodingFirstRep().setCode("tea")),
        refusal("performer shape", IssueType.VALUE, "ServiceRequest.performer[0]",
            r -> r.addPerformer(new Reference("Organization/x"))),
        refusal("RL-0101 no Patient", IssueType.REQUIRED, "ServiceRequest.subject",
            r -> r.setSubject(new Reference("#nobody"))),
        refusal("RL-0102 no NHS number", IssueType.REQUIRED, PERSON + ".identifier",
            r -> patient(r).getIdentifier().clear()),
        refusal("RL-0103 NHS number", IssueType.VALUE, PERSON + ".identifier",
            r -> patient(r).getIdentifierFirstRep().setValue("9434765918")),
        refusal("RL-0104 birth year only", IssueType.REQUIRED, PERSON + ".birthDate",
            r -> patient(r).setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980"))),
        refusal("RL-0105 unborn", IssueType.VALUE, PERSON + ".birthDate",
            r -> patient(r).setBirthDateElement(new org.hl7.fhir.r4.model.DateType(
                "2027-01-01"))),
        refusal("RL-0106 no referrer", IssueType.REQUIRED, "ServiceRequest.requester",
            r -> r.setRequester(null)),
        refusal("RL-0107 another referrer", IssueType.BUSINESSRULE,
            "ServiceRequest.requester", r -> r.getContained().stream()
                .filter(c -> c.getIdPart().equals("practice"))
                .forEach(c -> ((org.hl7.fhir.r4.model.Organization) c)
                    .getIdentifierFirstRep().setValue("B82005"))),
        refusal("RL-0108 no consent", IssueType.BUSINESSRULE, "ServiceRequest.supportingInfo",
            r -> r.getSupportingInfo().clear()),
        refusal("RL-0109 two performers", IssueType.BUSINESSRULE, "ServiceRequest.performer",
            r -> r.addPerformer(new Reference("HealthcareService/erf-basildon"))
                .addPerformer(new Reference("Organization/x"))),
        refusal("RL-0110 unknown performer", IssueType.NOTFOUND, "ServiceRequest.performer[0]",
            r -> r.addPerformer(new Reference("HealthcareService/nowhere"))),
        refusal("RL-0111 ineligible performer", IssueType.BUSINESSRULE,
            "ServiceRequest.performer[0]",
            r -> r.addPerformer(new Reference("HealthcareService/eypdas"))));
  }

  private static Arguments refusal(String name, IssueType type, String expression,
      Consumer<ServiceRequest> spoil) {
    return Arguments.of(name, type, expression, spoil);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void eachProblemIsAnIssueAtItsElement(String name, IssueType type, String expression,
      Consumer<ServiceRequest> spoil) {
    ServiceRequest referral = Referrals.referral("i-bad");
    spoil.accept(referral);

    InvalidFhirInputException refused = assertThrows(InvalidFhirInputException.class,
        () -> INTAKE.admit(referral, Referrals.PRACTICE, TODAY));

    assertEquals(List.of(type + " " + expression), refused.issues().stream()
        .map(i -> i.type() + " " + i.expression()).toList(), refused::getMessage);
  }

  @Test
  void everyRuleOfCoreHasItsIssue() {
    for (ReferralProblem.Code code : ReferralProblem.Code.values()) {
      FhirIssue issue = ReferralIssues.issue(new ReferralProblem(code, "m"), "p");
      assertTrue(issue.expression().startsWith("ServiceRequest") || code.name().contains(
          "TRANSITION") || code.name().contains("PARTY") || code.name().contains("REASON"),
          code + " " + issue);
      assertTrue(issue.diagnostics().startsWith("m"), issue.diagnostics());
    }
    assertEquals(List.of("ServiceRequest.supportingInfo"), ReferralIssues.of(
        new InvalidReferralException(List.of(new ReferralProblem(
            ReferralProblem.Code.CONSENT_MISSING, "no"))), "p").stream()
        .map(FhirIssue::expression).toList());
    assertEquals(14, Arrays.stream(ReferralProblem.Code.values()).count());
  }

  @Test
  void theRoutingFactsOfAStoredReferralAreReadAsOfTheDayItWasTakenIn() {
    ServiceRequest stored = Referrals.referral("i-stored");
    stored.getReasonCode().clear();
    stored.addReasonCode().addCoding(new Coding(CodeSystems.SUBSTANCE, "opioids", "Opioids"));
    stored.addReasonCode().addCoding(new Coding(CodeSystems.SUBSTANCE, "alcohol", "Alcohol"));

    RoutingFacts facts = ReferralIntake.routingFacts(stored, LocalDate.of(2026, 4, 11));

    assertEquals(45, facts.age(), "a day before the 46th birthday");
    assertEquals(Optional.of("SS14"), facts.outwardCode());
    assertEquals(List.of(Substance.OPIOIDS, Substance.ALCOHOL), facts.substances());
    assertEquals(Set.of(), facts.circumstances());

    stored.setSubject(new Reference("#nobody"));
    assertThrows(IllegalArgumentException.class, () -> ReferralIntake.routingFacts(stored,
        TODAY));
  }

  private static Patient patient(ServiceRequest referral) {
    return (Patient) referral.getContained().stream()
        .filter(c -> c.getIdPart().equals("patient")).findFirst().orElseThrow();
  }
}
