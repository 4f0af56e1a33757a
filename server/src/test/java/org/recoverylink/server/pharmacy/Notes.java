package org.recoverylink.server.pharmacy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.recoverylink.server.store.AuditTrail;
import org.recoverylink.server.usecase.AuditNotes;

/** What a use case noted for the audit, in order, for tests to read. */
final class Notes implements AuditNotes {

  final List<String> noted = new ArrayList<>();
  private Optional<String> entity = Optional.empty();

  @Override
  public void patient(String nhsNumber) {
    noted.add("patient " + nhsNumber);
  }

  @Override
  public void entity(String reference) {
    noted.add("entity " + reference);
    entity = Optional.of(reference);
  }

  @Override
  public AuditTrail.Entry entry(int status) {
    noted.add("entry " + status);
    return new AuditTrail.Entry(Instant.parse("2026-01-01T00:00:00Z"), Optional.empty(), 'C',
        "POST test", entity, Optional.empty(), status);
  }

  @Override
  public void written() {
    noted.add("written");
  }
}
