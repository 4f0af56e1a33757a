package org.recoverylink.fhir.server;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.time.Instant;
import java.util.Optional;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.fhir.store.AuditTrail;

/**
 * Writes the audit row of every call of a {@link PatientData} method, refused calls included,
 * before the answer leaves: who (from the token), what (method, path, the resource and the
 * patient the method named with {@link #entity} and {@link #patient}), when, and the status.
 */
@PatientData
@Priority(Priorities.USER)
final class Audit implements ContainerResponseFilter {

  private static final String ENTITY = Audit.class.getName() + ".entity";
  private static final String PATIENT = Audit.class.getName() + ".patient";
  private static final String WRITTEN = Audit.class.getName() + ".written";

  private final AuditTrail trail;

  Audit(AuditTrail trail) {
    this.trail = trail;
  }

  /** Names the resource a request read or wrote, e.g. {@code Procedure/123}. */
  static void entity(ContainerRequestContext request, String reference) {
    request.setProperty(ENTITY, reference);
  }

  /**
   * Names the patient whose data a request concerned, by NHS number as written (spaces
   * allowed); a value that is not a valid NHS number is not recorded.
   */
  static void patient(ContainerRequestContext request, String nhsNumber) {
    if (nhsNumber != null) {
      try {
        request.setProperty(PATIENT, NhsNumber.parse(nhsNumber).value());
      } catch (IllegalArgumentException e) {
        // not an NHS number: the row names no patient rather than a wrong one
      }
    }
  }

  /**
   * The audit row of a request that will be answered with {@code status}, for a resource to
   * write in the transaction of what it audits (then {@link #written}).
   */
  static AuditTrail.Entry entry(ContainerRequestContext request, int status) {
    Optional<AuditTrail.Who> who = Authentication.caller(request).map(caller ->
        new AuditTrail.Who(caller.subject(), caller.role().claim(), caller.organisation()));
    String path = request.getUriInfo().getPath();
    String operation = request.getMethod() + " " + (path.startsWith(FhirIo.BASE)
        ? path.substring(FhirIo.BASE.length()) : path);
    return new AuditTrail.Entry(Instant.now(), who, action(request.getMethod(), path),
        operation, Optional.ofNullable((String) request.getProperty(ENTITY)),
        Optional.ofNullable((String) request.getProperty(PATIENT)), status);
  }

  /** The request's audit row was committed with its work: the filter writes no second one. */
  static void written(ContainerRequestContext request) {
    request.setProperty(WRITTEN, Boolean.TRUE);
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (request.getProperty(WRITTEN) == null) {
      trail.record(entry(request, response.getStatus()));
    }
  }

  /** FHIR AuditEvent.action: operations execute, otherwise by method. */
  private static char action(String method, String path) {
    if (path.contains("$")) {
      return 'E';
    }
    return switch (method) {
      case "POST" -> 'C';
      case "PUT", "PATCH" -> 'U';
      case "DELETE" -> 'D';
      default -> 'R';
    };
  }
}
