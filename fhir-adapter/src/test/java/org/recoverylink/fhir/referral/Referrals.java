package org.recoverylink.fhir.referral;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
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
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.core.assessment.Assessor;
import org.recoverylink.fhir.assessment.FhirAssessor;
import org.recoverylink.fhir.assessment.Forms;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.screening.Questionnaires;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Referrals as a GP system sends them (docs/http-api.md "Refer"): a ServiceRequest with the
 * patient, the requesting practice and the patient's consent contained, and the assessment behind
 * it (the AUDIT response and its Observations, contained). Each call gives a new, valid referral
 * that tests then spoil one part of.
 */
public final class Referrals {

  /** A valid NHS number (modulus 11) of a test patient. */
  public static final String NHS_NUMBER = "9434765919";
  /** The requesting practice's ODS code. */
  public static final String PRACTICE = "A81001";
  /** The practice system's identifier system for its referrals. */
  public static final String IDENTIFIER_SYSTEM = "https://example-gp-system.co.uk/Id/referral";

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  private Referrals() {
  }

  /**
   * A referral of an adult from Basildon (SS14) who drinks at possible-dependence level, from
   * practice {@link #PRACTICE}, with no performer: the hub routes it.
   */
  public static ServiceRequest referral(String identifier) {
    ServiceRequest referral = new ServiceRequest();
    referral.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    referral.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addIdentifier().setSystem(IDENTIFIER_SYSTEM).setValue(identifier);
    referral.setCode(new CodeableConcept(new Coding(Systems.SNOMED, "431260004",
        "Referral to specialist alcohol treatment service")));
    referral.addReasonCode(new CodeableConcept(new Coding(CodeSystems.SUBSTANCE, "alcohol",
        "Alcohol")));
    referral.setAuthoredOnElement(new org.hl7.fhir.r4.model.DateTimeType(
        "2026-11-20T10:00:00+00:00"));
    referral.setPriority(ServiceRequest.ServiceRequestPriority.ROUTINE);

    Patient patient = new Patient();
    patient.setId("patient");
    patient.addIdentifier().setSystem(Systems.NHS_NUMBER).setValue(NHS_NUMBER);
    patient.addName().setFamily("Testpatient").addGiven("Alex");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new DateType("1980-04-12"));
    patient.addAddress().setPostalCode("SS14 1AB");
    patient.addTelecom().setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
        .setValue("07700 900123");
    referral.addContained(patient);
    referral.setSubject(new Reference("#patient"));

    Organization practice = new Organization();
    practice.setId("practice");
    practice.addIdentifier(new Identifier().setSystem(Systems.ODS).setValue(PRACTICE));
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
    consent.setDateTimeElement(new org.hl7.fhir.r4.model.DateTimeType(
        "2026-11-20T09:55:00+00:00"));
    consent.addOrganization(new Reference("#practice"));
    consent.setPolicyRule(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", "opt-in")));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    referral.addContained(consent);
    referral.addSupportingInfo(new Reference("#consent"));

    // The assessment: the AUDIT response and what $assess made of it, contained.
    QuestionnaireResponse audit = Forms.fill(Questionnaires.find("audit").orElseThrow(), true);
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
    for (Resource resource : kept) {
      for (Reference reference : FHIR.newTerser().getAllPopulatedChildElementsOfType(resource,
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
}
