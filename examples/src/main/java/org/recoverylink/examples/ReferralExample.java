package org.recoverylink.examples;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * One referral form for every service: a GP system refers a patient (the hub chooses the
 * service), follows the referral's Task, and the receiving service accepts it from its
 * worklist.
 *
 * <p>Start the server (README, "Run the main job"), get a GP token for your practice and a
 * provider token for the receiving organisation ({@code token --role provider --org
 * phoenix-futures}), then:
 * {@code mvn -B -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.recoverylink.examples.ReferralExample
 * -Dexec.args="http://127.0.0.1:8080/fhir $GP_TOKEN $PROVIDER_TOKEN"}.
 */
public final class ReferralExample {

  private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
  private static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";

  private ReferralExample() {
  }

  public static void main(String[] args) {
    if (args.length != 3) {
      System.err.println("usage: ReferralExample FHIR_BASE GP_TOKEN PROVIDER_TOKEN");
      System.exit(2);
    }
    run(args[0], args[1], args[2], System.out);
  }

  static void run(String base, String gpToken, String providerToken, PrintStream out) {
    FhirContext fhir = FhirContext.forR4Cached();
    IGenericClient gp = client(fhir, base, gpToken);
    IGenericClient provider = client(fhir, base, providerToken);
    try {
      // 1. The GP system refers: no performer, so the hub routes by age, postcode and substance.
      MethodOutcome created = gp.create().resource(referral("A81001")).execute();
      ServiceRequest referral = (ServiceRequest) created.getResource();
      out.println("== Referred ==");
      out.println("ServiceRequest/" + referral.getIdElement().getIdPart() + " to "
          + referral.getPerformerFirstRep().getDisplay());

      // 2. The GP system follows it: the Task says where delivery and the service stand.
      Task task = task(gp, referral);
      out.println("Task " + task.getStatus().toCode() + ", delivery "
          + task.getBusinessStatus().getText() + ", with " + task.getOwner().getDisplay());

      // 3. The service finds it on its worklist and accepts it.
      Bundle worklist = provider.search().forResource(Task.class)
          .where(Task.STATUS.exactly().code("requested")).returnBundle(Bundle.class).execute();
      Optional<Task> found = worklist.getEntry().stream().map(e -> (Task) e.getResource())
          .filter(t -> t.getIdElement().getIdPart().equals(task.getIdElement().getIdPart()))
          .findFirst();
      if (found.isEmpty()) { // each organisation sees only the Tasks addressed to it
        out.println("not on this organisation's worklist");
        return;
      }
      Task mine = found.get();
      mine.setStatus(Task.TaskStatus.ACCEPTED);
      provider.update().resource(mine).execute();
      out.println("== Accepted by the service ==");

      // 4. The GP system sees the answer.
      out.println("Task " + task(gp, referral).getStatus().toCode());
    } catch (BaseServerResponseException e) {
      out.println("refused with HTTP " + e.getStatusCode());
      if (e.getOperationOutcome() instanceof OperationOutcome outcome) {
        outcome.getIssue().forEach(issue -> out.println("  " + issue.getDiagnostics()));
      }
    }
  }

  private static IGenericClient client(FhirContext fhir, String base, String token) {
    IGenericClient client = fhir.newRestfulGenericClient(base);
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    return client;
  }

  private static Task task(IGenericClient gp, ServiceRequest referral) {
    Bundle tasks = gp.search().forResource(Task.class)
        .where(Task.FOCUS.hasId("ServiceRequest/" + referral.getIdElement().getIdPart()))
        .returnBundle(Bundle.class).execute();
    return (Task) tasks.getEntryFirstRep().getResource();
  }

  /**
   * What the practice system fills in: the person, the practice, the person's consent and the
   * main substance. The identifier makes a resend safe: the hub answers with the same referral.
   */
  static ServiceRequest referral(String practice) {
    ServiceRequest referral = new ServiceRequest()
        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
        .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    referral.addIdentifier().setSystem("https://example-gp-system.co.uk/Id/referral")
        .setValue(UUID.randomUUID().toString());
    referral.addReasonCode(new CodeableConcept(new Coding(
        "https://recoverylink.org/fhir/CodeSystem/substance", "alcohol", "Alcohol")));

    Patient patient = new Patient();
    patient.setId("patient");
    patient.addIdentifier().setSystem(NHS_NUMBER).setValue("9434765919");
    patient.addName().setFamily("Example").addGiven("Sam");
    patient.setGender(AdministrativeGender.MALE);
    patient.setBirthDateElement(new DateType("1975-03-14"));
    patient.addAddress().setPostalCode("CM1 1AA");
    referral.addContained(patient);
    referral.setSubject(new Reference("#patient"));

    Organization surgery = new Organization().setName("Example Surgery");
    surgery.setId("practice");
    surgery.addIdentifier().setSystem(ODS).setValue(practice);
    referral.addContained(surgery);
    referral.setRequester(new Reference("#practice"));

    Consent consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
    consent.setId("consent");
    consent.setScope(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
    consent.setPatient(new Reference("#patient"));
    consent.setDateTimeElement(DateTimeType.now());
    consent.setPolicyRule(new CodeableConcept(new Coding(
        "http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
    consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
    referral.addContained(consent);
    referral.addSupportingInfo(new Reference("#consent"));
    return referral;
  }
}
