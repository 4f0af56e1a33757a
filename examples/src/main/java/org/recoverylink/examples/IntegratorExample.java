package org.recoverylink.examples;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.io.PrintStream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * An integrator calling the running endpoint with HAPI's generic client: what the server offers,
 * an assessment of a completed AUDIT, and where the person should be referred.
 *
 * <p>Start the server and get a token (README, "Set up"), then:
 * {@code mvn -B -q -pl examples -am -DskipTests package exec:java
 * -Dexec.mainClass=org.recoverylink.examples.IntegratorExample
 * -Dexec.args="http://127.0.0.1:8080/fhir $TOKEN"}.
 */
public final class IntegratorExample {

  private IntegratorExample() {
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: IntegratorExample FHIR_BASE TOKEN");
      System.exit(2);
    }
    run(args[0], args[1], System.out);
  }

  static void run(String base, String token, PrintStream out) {
    FhirContext fhir = FhirContext.forR4Cached();
    IGenericClient client = fhir.newRestfulGenericClient(base);
    client.registerInterceptor(new BearerTokenAuthInterceptor(token));
    try {
      // 1. What is served (the one call that needs no token).
      CapabilityStatement capability = client.capabilities().ofType(CapabilityStatement.class)
          .execute();
      out.println("== " + capability.getSoftware().getName() + " "
          + capability.getSoftware().getVersion() + ", FHIR "
          + capability.getFhirVersion().toCode() + " ==");
      capability.getRestFirstRep().getResource().forEach(resource -> out.println(
          resource.getType() + resource.getOperation().stream().map(o -> " $" + o.getName())
              .reduce("", String::concat)));

      // 2. Assess the AUDIT the GP system's form produced.
      QuestionnaireResponse response = fhir.newJsonParser().parseResource(
          QuestionnaireResponse.class, FhirAssessExample.bundledResponse());
      Bundle assessment = client.operation().onType(QuestionnaireResponse.class)
          .named("$assess").withParameter(Parameters.class, "response", response)
          .returnResourceType(Bundle.class).execute();
      out.println("== Assessment ==");
      for (Bundle.BundleEntryComponent entry : assessment.getEntry()) {
        if (entry.getResource() instanceof Observation score) {
          out.println(score.getCode().getText() + ": " + score.getValueIntegerType().getValue()
              + " (" + score.getInterpretationFirstRep().getText() + ")");
        } else if (entry.getResource() instanceof RequestGroup steps) {
          steps.getAction().forEach(step -> out.println("advised: " + step.getTitle()));
        }
      }

      // 3. Route: the person's age and postcode, and the assessment just made.
      Patient patient = new Patient();
      patient.setBirthDateElement(new DateType("1979-06-01"));
      patient.addAddress().setPostalCode("CO15 1AA");
      Parameters route = new Parameters();
      route.addParameter().setName("patient").setResource(patient);
      route.addParameter().setName("assessment").setResource(assessment);
      route.addParameter().setName("referral-source").setValue(new CodeType("gp"));
      Parameters routed = client.operation().onType(ServiceRequest.class).named("$route")
          .withParameters(route).execute();
      out.println("== Route (" + routed.getParameter("district").getValue().primitiveValue()
          + ") ==");
      for (ParametersParameterComponent service : routed.getParameter()) {
        if (service.getName().equals("service")) {
          out.println(part(service, "role") + ": " + ((Reference) service.getPart().get(0)
              .getValue()).getDisplay() + " - " + part(service, "reason"));
        }
      }
    } catch (BaseServerResponseException e) {
      // Every refusal is an OperationOutcome: show its issues, not a stack trace.
      out.println("refused with HTTP " + e.getStatusCode());
      if (e.getOperationOutcome() instanceof OperationOutcome outcome) {
        outcome.getIssue().forEach(issue -> out.println("  " + issue.getDiagnostics()));
      }
    }
  }

  private static String part(ParametersParameterComponent parameter, String name) {
    return parameter.getPart().stream().filter(p -> p.getName().equals(name)).findFirst()
        .map(p -> p.getValue().primitiveValue()).orElse("");
  }
}
