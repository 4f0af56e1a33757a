package org.recoverylink.benchmarks.load;

import ca.uhn.fhir.context.FhirContext;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The referral the load generator sends, as a GP system would (docs/http-api.md "Refer", the same
 * shape as fhir-adapter's test {@code Referrals}): a ServiceRequest with no performer, its Patient
 * (NHS number 9434765919, Basildon), the requesting practice A81001 and the patient's active permit
 * Consent contained, reason alcohol, and the AUDIT response (highest answers) with the Observations
 * and Flags {@code $assess} made of it contained. The hub routes it to
 * {@code phoenix-futures-alcohol}.
 *
 * <p>Encoded once; each request only puts its own identifier value between the two halves.
 */
final class ReferralTemplate {

  static final String PRACTICE = "A81001";
  static final String IDENTIFIER_SYSTEM = "https://example-gp-system.co.uk/Id/referral";
  private static final String PLACEHOLDER = "@@IDENTIFIER@@";

  private final byte[] head;
  private final byte[] tail;

  ReferralTemplate() {
    String json = FhirContext.forR4Cached().newJsonParser()
        .encodeResourceToString(referral(PLACEHOLDER));
    int at = json.indexOf(PLACEHOLDER);
    if (at < 0 || json.indexOf(PLACEHOLDER, at + 1) >= 0) {
      throw new IllegalStateException("the identifier must appear once in the template");
    }
    head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
    tail = json.substring(at + PLACEHOLDER.length()).getBytes(StandardCharsets.UTF_8);
  }

  /** The request body for a referral with this identifier value (JSON-safe characters only). */
  byte[] body(String identifier) {
    byte[] id = identifier.getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + id.length + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(id, 0, body, head.length, id.length);
    System.arraycopy(tail, 0, body, head.length + id.length, tail.length);
    return body;
  }

  int size() {
    return head.length + tail.length;
  }

  private static ServiceRequest referral(String identifier) {
    ServiceRequest referral = new ServiceRequest();
    referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier);
    referral.setCode(new CodeableConcept(new Coding(Systems.SNOMED, "431260004",
        "Referral to specialist alcohol treatment service")));
    referral.addReasonCode(new CodeableConcept(new Coding(CodeSystems.SUBSTANCE, "alcohol",
        "Alcohol")));
    referral.setAuthoredOnElement(new DateTimeType("2026-11-20T10:00:00+00:00"));
    referral.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);

    Patient patient = new Patient();
    patient.setId("patient");
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue("9434765919");
    patient.addName().setFamily("Testpatient").addGiven("Alex");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new DateType("1980-04-12"));
    patient.addAddress().setPostalCode("SS14 1AB");
    patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setValue("07700 900123");
    referral.addContained(patient);
    referral.setSubject(new Reference("#patient"));

    Organization practice = new Organization();
    practice.setId("practice");
    practice.addIdentifier().setSystem(Systems.ODS).setValue(PRACTICE);
    practice.setName("Example Surgery");
    referral.addContained(practice);
    referral.setRequester(new Reference("#practice"));

    Consent consent = new Consent();
    consent.setId("consent");
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy",
        "Privacy Consent")));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0",
        "Patient Consent")));
    consent.setPatient(new Reference("#patient"));
    consent.setDateTimeElement(new DateTimeType("2026-11-20T09:55:00+00:00"));
    consent.addOrganization(new Reference("#practice"));
    consent.setPolicyRule(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    referral.addContained(consent);
    referral.addSupportingInfo(new Reference("#consent"));

    // The assessment behind it: the AUDIT response and what $assess made of it, contained.
    QuestionnaireResponse audit = highestAnswers(Questionnaires.find("audit").orElseThrow());
    Bundle assessed = ResultBundle.of(new FhirAssessor(Assessor.standard()).assess(
        Map.of("QuestionnaireResponse", audit), List.of(), Set.of()), new Date().toInstant());
    Map<String, String> local = new HashMap<>(); // full URL in the Bundle -> #id when contained
    List<Resource> kept = new ArrayList<>();
    for (Bundle.BundleEntryComponent entry : assessed.getEntry()) {
      Resource resource = entry.getResource();
      if (resource instanceof QuestionnaireResponse || resource instanceof Observation
          || resource instanceof Flag) {
        Resource copy = resource.copy();
        copy.setId("assessment-" + (kept.size() + 1));
        local.put(entry.getFullUrl(), "#" + copy.getIdPart());
        kept.add(copy);
      }
    }
    FhirContext fhir = FhirContext.forR4Cached();
    for (Resource resource : kept) {
      for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource,
          Reference.class)) {
        if (reference.hasReference()) {
          reference.setReference(Objects.requireNonNull(local.get(reference.getReference()),
              reference.getReference()));
        }
      }
      referral.addContained(resource);
      referral.addSupportingInfo(new Reference("#" + resource.getIdPart()));
    }
    return referral;
  }

  /** Every item answered with its highest-scoring option, as a form renderer would send it. */
  private static QuestionnaireResponse highestAnswers(Questionnaire questionnaire) {
    QuestionnaireResponse response = new QuestionnaireResponse()
        .setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED)
        .setQuestionnaire(questionnaire.getUrl());
    String firstAnswer = null;
    for (Questionnaire.QuestionnaireItemComponent item : questionnaire.getItem()) {
      Questionnaire.QuestionnaireItemAnswerOptionComponent option = item.getAnswerOption()
          .stream().max(Comparator.comparing(ReferralTemplate::points)).orElseThrow();
      if (firstAnswer != null && item.hasEnableWhen()) {
        String answered = firstAnswer;
        if (item.getEnableWhen().stream()
            .noneMatch(w -> w.getAnswerCoding().getCode().equals(answered))) {
          continue;
        }
      }
      if (firstAnswer == null) {
        firstAnswer = option.getValueCoding().getCode();
      }
      response.addItem().setLinkId(item.getLinkId()).setText(item.getText()).addAnswer()
          .setValue(option.getValueCoding().copy());
    }
    return response;
  }

  private static BigDecimal points(Questionnaire.QuestionnaireItemAnswerOptionComponent option) {
    return ((DecimalType) option.getExtensionByUrl(Questionnaires.ORDINAL_VALUE).getValue())
        .getValue();
  }
}
