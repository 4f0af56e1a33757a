package org.recoverylink.fhir.assessment;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.recoverylink.core.assessment.Intervention;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.Systems;

/**
 * Builds the {@code Procedure} of docs/http-api.md "Record" for a brief or extended alcohol
 * intervention: {@code completed} with the SNOMED CT concept of the intervention, or
 * {@code not-done} with the "declined" concept and the person's reason as {@code statusReason}. The
 * subject is the patient by NHS number, the performer the practice or pharmacy by ODS code (and the
 * clinician, if given).
 *
 * <pre>{@code
 * Procedure procedure = InterventionProcedures.builder(Intervention.BRIEF)
 *     .patient("9434765919").performer("A81001").performed(Instant.now())
 *     .reason(auditObservationReference).build();
 * }</pre>
 */
public final class InterventionProcedures {

  /** An ODS code as the builder accepts it. */
  private static final Pattern ODS_CODE = org.recoverylink.core.nhs.OdsCode.PATTERN;

  private InterventionProcedures() {
  }

  public static Builder builder(Intervention intervention) {
    return new Builder(Objects.requireNonNull(intervention, "intervention"));
  }

  /**
   * A brief-intervention Procedure sent by a GP or pharmacy system (docs/http-api.md "Record"),
   * checked and rebuilt in the same form as {@link #builder} makes: the SNOMED CT concept,
   * {@code completed} or {@code not-done} with a reason, the patient by NHS number (a contained
   * Patient or a logical reference), the performer by ODS code (a contained Organization or a
   * logical reference), when, and optionally the clinician and the AUDIT Observation.
   *
   * @throws InvalidFhirInputException listing every problem at once
   */
  public static Procedure read(Procedure sent) {
    Extensions.refuseUnknown(sent);
    List<FhirIssue> issues = new ArrayList<>();
    Intervention intervention = sent.getCode().getCoding().stream()
        .filter(c -> Systems.SNOMED.equals(c.getSystem()))
        .flatMap(c -> Intervention.ofCompletedSnomed(c.getCode()).stream())
        .findFirst().orElse(null);
    if (intervention == null) {
      issues.add(FhirIssue.error(IssueType.CODEINVALID, "Procedure.code", "the code must be"
          + " SNOMED CT " + Intervention.BRIEF.completedSnomed() + " (brief intervention) or "
          + Intervention.EXTENDED.completedSnomed() + " (extended intervention)"));
    }
    Builder builder = new Builder(intervention == null ? Intervention.BRIEF : intervention);
    switch (sent.getStatus() == null ? "" : sent.getStatus().toCode()) {
      case "completed" -> { }
      case "not-done" -> builder.declined(sent.getStatusReason().hasText()
          ? sent.getStatusReason().getText()
          : sent.getStatusReason().getCodingFirstRep().getDisplay());
      default -> issues.add(FhirIssue.error(IssueType.VALUE, "Procedure.status",
          "the status must be completed, or not-done when the person declined"));
    }
    identifier(sent, sent.getSubject(), Systems.NHS_NUMBER).ifPresent(builder::patient);
    for (Procedure.ProcedurePerformerComponent performer : sent.getPerformer()) {
      Optional<String> ods = identifier(sent, performer.getActor(), Systems.ODS);
      if (ods.isPresent() && builder.odsCode == null) {
        builder.performer(ods.get());
      } else if (performer.getActor().hasReference()
          && !performer.getActor().getReference().startsWith("#")) {
        builder.practitioner(performer.getActor());
      }
    }
    if (sent.hasPerformedDateTimeType()) {
      builder.performed(sent.getPerformedDateTimeType().getValue().toInstant());
    } else if (sent.hasPerformedPeriod() && sent.getPerformedPeriod().hasStart()) {
      builder.performed(sent.getPerformedPeriod().getStart().toInstant());
    }
    if (sent.hasReasonReference()) {
      builder.reason(sent.getReasonReferenceFirstRep());
    }
    try {
      Procedure built = builder.build();
      sent.getIdentifier().forEach(id -> built.addIdentifier(id.copy())); // the sender's ids
      if (issues.isEmpty()) {
        return built;
      }
    } catch (InvalidFhirInputException e) {
      issues.addAll(e.issues());
    }
    throw new InvalidFhirInputException(issues);
  }

  /**
   * The identifier in {@code system} of whom a reference names: on the reference itself, or on
   * the contained resource it points at ({@code #id}).
   */
  private static Optional<String> identifier(Procedure procedure, Reference reference,
      String system) {
    if (reference.hasIdentifier() && system.equals(reference.getIdentifier().getSystem())) {
      return Optional.ofNullable(reference.getIdentifier().getValue());
    }
    if (reference.hasReference() && reference.getReference().startsWith("#")) {
      String id = reference.getReference().substring(1);
      for (Resource contained : procedure.getContained()) {
        if (id.equals(contained.getIdElement().getIdPart())) {
          List<Identifier> identifiers = contained instanceof Patient patient
              ? patient.getIdentifier() : contained instanceof Organization organization
              ? organization.getIdentifier() : List.of();
          return Systems.value(identifiers, system);
        }
      }
    }
    return Optional.empty();
  }

  /** Collects the facts; {@link #build()} checks them all at once. Not thread-safe. */
  public static final class Builder {

    private final Intervention intervention;
    private String nhsNumber;
    private String odsCode;
    private Reference practitioner;
    private Instant performed;
    private boolean declined;
    private String declinedReason;
    private Reference reason;

    private Builder(Intervention intervention) {
      this.intervention = intervention;
    }

    /** The patient's NHS number (spaces allowed). */
    public Builder patient(String nhsNumber) {
      this.nhsNumber = nhsNumber;
      return this;
    }

    /** The ODS code of the practice or pharmacy that delivered (or offered) it. */
    public Builder performer(String odsCode) {
      this.odsCode = odsCode;
      return this;
    }

    /** The clinician who delivered it (a Practitioner or PractitionerRole reference). */
    public Builder practitioner(Reference practitioner) {
      this.practitioner = practitioner;
      return this;
    }

    /** When it was delivered or offered. */
    public Builder performed(Instant performed) {
      this.performed = performed;
      return this;
    }

    /** The person declined it, in their words or the clinician's. */
    public Builder declined(String reason) {
      this.declined = true;
      this.declinedReason = reason;
      return this;
    }

    /** The screening result that prompted it, typically the AUDIT Observation. */
    public Builder reason(Reference observation) {
      this.reason = observation;
      return this;
    }

    /**
     * The Procedure.
     *
     * @throws InvalidFhirInputException listing every missing or invalid fact, located in the
     *     Procedure it would have made
     */
    public Procedure build() {
      List<FhirIssue> issues = new ArrayList<>();
      NhsNumber patient = null;
      if (nhsNumber == null || nhsNumber.isBlank()) {
        issues.add(FhirIssue.error(IssueType.REQUIRED, "Procedure.subject",
            "the patient's NHS number is required"));
      } else {
        try {
          patient = NhsNumber.parse(nhsNumber);
        } catch (IllegalArgumentException e) { // the message never quotes the number
          issues.add(FhirIssue.error(IssueType.VALUE, "Procedure.subject.identifier.value",
              e.getMessage()));
        }
      }
      if (odsCode == null || !ODS_CODE.matcher(odsCode).matches()) {
        issues.add(FhirIssue.error(odsCode == null ? IssueType.REQUIRED : IssueType.VALUE,
            "Procedure.performer[0].actor.identifier.value", "the performer's ODS code is"
                + " required: 3 to 10 capital letters and digits"));
      }
      if (performed == null) {
        issues.add(FhirIssue.error(IssueType.REQUIRED, "Procedure.performedDateTime",
            "when the intervention was delivered or offered is required"));
      }
      if (declined && (declinedReason == null || declinedReason.isBlank())) {
        issues.add(FhirIssue.error(IssueType.REQUIRED, "Procedure.statusReason",
            "a declined intervention needs the reason"));
      }
      if (!issues.isEmpty()) {
        throw new InvalidFhirInputException(issues);
      }
      Procedure procedure = new Procedure();
      procedure.setCode(new CodeableConcept(new Coding(Systems.SNOMED,
          intervention.completedSnomed(), intervention.display())));
      if (declined) {
        procedure.setStatus(Procedure.ProcedureStatus.NOTDONE);
        procedure.setStatusReason(new CodeableConcept(new Coding(Systems.SNOMED,
            intervention.declinedSnomed(), intervention.declinedDisplay()))
            .setText(declinedReason.strip()));
      } else {
        procedure.setStatus(Procedure.ProcedureStatus.COMPLETED);
      }
      procedure.setSubject(new Reference().setType("Patient").setIdentifier(new Identifier()
          .setSystem(Systems.NHS_NUMBER).setValue(patient.value())));
      procedure.setPerformed(new DateTimeType(Date.from(performed),
          TemporalPrecisionEnum.SECOND, TimeZone.getTimeZone("UTC")));
      procedure.addPerformer().setActor(new Reference().setType("Organization")
          .setIdentifier(new Identifier().setSystem(Systems.ODS).setValue(odsCode)));
      if (practitioner != null) {
        procedure.addPerformer().setActor(practitioner.copy());
      }
      if (reason != null) {
        procedure.addReasonReference(reason.copy());
      }
      return procedure;
    }
  }
}
