package org.recoverylink.server.http;

import static org.recoverylink.server.auth.Scopes.Interaction.CREATE;
import static org.recoverylink.server.auth.Scopes.Interaction.READ;
import static org.recoverylink.server.auth.Scopes.Interaction.SEARCH;
import static org.recoverylink.server.auth.Scopes.Interaction.UPDATE;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.model.ResourceMethod;
import org.recoverylink.server.auth.Scopes;
import org.recoverylink.server.auth.Scopes.Interaction;

/**
 * Which system scope allows each endpoint (docs/http-api.md "Scopes"): the FHIR resource type it
 * creates, reads, searches or updates. Operations count as what they do: {@code $assess}
 * creates a QuestionnaireResponse's assessment, {@code $route} and {@code $process-message} are
 * part of making a referral (ServiceRequest create), {@code $check} and {@code $naloxone-supply}
 * record dispensing (MedicationDispense create), {@code $nsp-transaction} records supplies
 * (SupplyDelivery create), {@code $prescriber-review} changes a prescription (MedicationRequest
 * update) and {@code $evaluate-measure} reads a MeasureReport.
 *
 * <p>Keyed by method and path as the resource classes declare them, so that every endpoint can
 * be checked to have an entry; one without is allowed by no scope.
 */
final class EndpointScopes {

  /** What an endpoint needs a scope to allow. */
  record Need(String type, Interaction interaction) {

    /** How a scope allowing it is written, e.g. {@code system/Task.read or system/Task.r}. */
    String scopes() {
      return Scopes.needed(type, interaction);
    }
  }

  static final Map<String, Need> TABLE = Map.ofEntries(
      Map.entry("GET Questionnaire", new Need("Questionnaire", SEARCH)),
      Map.entry("GET Questionnaire/{id}", new Need("Questionnaire", READ)),
      Map.entry("POST QuestionnaireResponse/$assess",
          new Need("QuestionnaireResponse", CREATE)),
      Map.entry("GET HealthcareService", new Need("HealthcareService", SEARCH)),
      Map.entry("GET HealthcareService/{id}", new Need("HealthcareService", READ)),
      Map.entry("POST ServiceRequest/$route", new Need("ServiceRequest", CREATE)),
      Map.entry("POST ServiceRequest", new Need("ServiceRequest", CREATE)),
      Map.entry("POST $process-message", new Need("ServiceRequest", CREATE)),
      Map.entry("GET ServiceRequest/{id}", new Need("ServiceRequest", READ)),
      Map.entry("GET ServiceRequest", new Need("ServiceRequest", SEARCH)),
      Map.entry("GET Task/{id}", new Need("Task", READ)),
      Map.entry("GET Task", new Need("Task", SEARCH)),
      Map.entry("PUT Task/{id}", new Need("Task", UPDATE)),
      Map.entry("POST Procedure", new Need("Procedure", CREATE)),
      Map.entry("GET Procedure/{id}", new Need("Procedure", READ)),
      Map.entry("POST MedicationRequest", new Need("MedicationRequest", CREATE)),
      Map.entry("GET MedicationRequest/{id}", new Need("MedicationRequest", READ)),
      Map.entry("POST MedicationRequest/$prescriber-review",
          new Need("MedicationRequest", UPDATE)),
      Map.entry("POST MedicationDispense/$check", new Need("MedicationDispense", CREATE)),
      Map.entry("POST MedicationDispense", new Need("MedicationDispense", CREATE)),
      Map.entry("GET MedicationDispense/{id}", new Need("MedicationDispense", READ)),
      Map.entry("POST $nsp-transaction", new Need("SupplyDelivery", CREATE)),
      Map.entry("POST $naloxone-supply", new Need("MedicationDispense", CREATE)),
      Map.entry("GET Measure", new Need("Measure", SEARCH)),
      Map.entry("GET Measure/{id}", new Need("Measure", READ)),
      Map.entry("GET Measure/{id}/$evaluate-measure", new Need("MeasureReport", READ)));

  /** Each resource method's need, worked out on its first request (reflection, not per call). */
  private static final Map<Method, Optional<Need>> BY_METHOD = new ConcurrentHashMap<>();

  private EndpointScopes() {
  }

  /** What the endpoint a request was matched to needs; empty for one not in the table. */
  static Optional<Need> of(ContainerRequestContext request) {
    if (!(request.getUriInfo() instanceof ExtendedUriInfo info)) {
      return Optional.empty();
    }
    ResourceMethod matched = info.getMatchedResourceMethod();
    return matched == null ? Optional.empty()
        : BY_METHOD.computeIfAbsent(matched.getInvocable().getDefinitionMethod(),
            method -> key(method).map(TABLE::get));
  }

  /**
   * A resource method's key: its HTTP method, then its class's and its own {@code @Path} below
   * the FHIR base, e.g. {@code GET Task/{id}}.
   */
  static Optional<String> key(Method method) {
    String verb = null;
    for (Annotation annotation : method.getAnnotations()) {
      HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        verb = http.value();
      }
    }
    Path type = method.getDeclaringClass().getAnnotation(Path.class);
    if (verb == null || type == null) {
      return Optional.empty();
    }
    Path own = method.getAnnotation(Path.class);
    String path = type.value() + (own == null ? "" : "/" + own.value());
    path = path.replaceAll("/+", "/").replaceAll("^/|/$", "");
    return Optional.of(verb + " " + (path.startsWith(FhirIo.BASE)
        ? path.substring(FhirIo.BASE.length()) : path));
  }
}
