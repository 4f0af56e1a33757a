package org.recoverylink.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.List;
import java.util.function.Supplier;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.server.hub.Audited;
import org.recoverylink.server.hub.Refusal;
import org.recoverylink.server.store.AuditTrail;

/** Calling the hub's services from a resource: the request's audit, and their refusals. */
final class Hub {

  private Hub() {
  }

  /** The request's audit as a service records into it. */
  static Audited audit(ContainerRequestContext request) {
    return new Audited() {
      @Override
      public void entity(String reference) {
        Audit.entity(request, reference);
      }

      @Override
      public void patient(String nhsNumber) {
        Audit.patient(request, nhsNumber);
      }

      @Override
      public AuditTrail.Entry entry(int status) {
        return Audit.entry(request, status);
      }

      @Override
      public void written() {
        Audit.written(request);
      }
    };
  }

  /** Calls a service, answering its refusal with the status it names. */
  static <T> T call(Supplier<T> service) {
    try {
      return service.get();
    } catch (Refusal refusal) {
      throw new FhirProblem(refusal.status(), List.of(FhirIssue.error(refusal.type(), "",
          refusal.getMessage())));
    }
  }
}
