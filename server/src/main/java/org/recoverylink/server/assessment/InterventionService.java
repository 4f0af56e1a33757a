package org.recoverylink.server.assessment;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Procedure;
import org.recoverylink.fhir.assessment.InterventionProcedures;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.Interventions;

/**
 * Brief and extended interventions a practice or pharmacy delivered: stored with an id and the
 * clock's time, readable by the organisation that recorded them only. Thread-safe.
 */
public final class InterventionService {

  private final Interventions interventions;
  private final Clock clock;

  public InterventionService(Interventions interventions, Clock clock) {
    this.interventions = Objects.requireNonNull(interventions, "interventions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Stores an intervention {@code organisation} delivered.
   *
   * @param procedure as {@link InterventionProcedures#read} rebuilt it
   * @return what was stored, the Procedure with its id and time
   * @throws InvalidFhirInputException when the performer is another organisation
   */
  public Interventions.Recorded record(Procedure procedure, String organisation) {
    String performer = procedure.getPerformerFirstRep().getActor().getIdentifier().getValue();
    if (!performer.equals(organisation)) {
      throw new InvalidFhirInputException(List.of(FhirIssue.error(IssueType.BUSINESSRULE, "",
          "the performer must be your own organisation: a practice or pharmacy records the"
              + " interventions it delivered")));
    }
    Instant now = clock.instant();
    Procedure stored = procedure.copy();
    stored.setId(Ids.timeOrdered());
    stored.getMeta().setLastUpdated(Date.from(now));
    Interventions.Recorded recorded = new Interventions.Recorded(stored.getIdPart(),
        organisation, stored.getSubject().getIdentifier().getValue(),
        stored.getCode().getCodingFirstRep().getCode(), stored.getStatus().toCode(),
        stored.getPerformedDateTimeType().getValue().toInstant(), now,
        new String(JsonEncoder.encode(stored), StandardCharsets.UTF_8));
    interventions.save(recorded);
    return recorded;
  }

  /** One the organisation recorded, by id. */
  public Optional<Interventions.Recorded> find(String id, String organisation) {
    return interventions.find(id, organisation);
  }
}
