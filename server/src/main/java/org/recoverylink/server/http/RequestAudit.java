package org.recoverylink.server.http;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.usecase.AuditNotes;

/** What a use case notes for the audit, kept on the request it serves (see {@link Audit}). */
record RequestAudit(ContainerRequestContext request) implements AuditNotes {

  @Override
  public void patient(String nhsNumber) {
    Audit.patient(request, nhsNumber);
  }

  @Override
  public void entity(String reference) {
    Audit.entity(request, reference);
  }

  @Override
  public AuditTrail.Entry entry(int status) {
    return Audit.entry(request, status);
  }

  @Override
  public void written() {
    Audit.written(request);
  }
}
