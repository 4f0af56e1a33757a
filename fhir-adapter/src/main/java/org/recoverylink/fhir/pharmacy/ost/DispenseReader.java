package org.recoverylink.fhir.pharmacy.ost;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.pharmacy.Checks;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.rules.Coded;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * Reads a MedicationDispense into an {@link OstDispenseEvent} in one pass, collecting every
 * problem with its FHIRPath; extensions are checked first ({@link Extensions}), and a supply's
 * quantity by core's rules (above zero, to a thousandth, at most its days at the medicine's
 * configured sanity bound).
 */
final class DispenseReader {

  private static final String AT = "MedicationDispense";
  static final String BOUNDS = AT + ".dosageInstruction[0].timing.repeat.boundsPeriod";
  /** The most days one supply may cover: one FP10MDA form's. */
  private static final int MAX_DAYS = OstPrescription.MAX_DAYS;

  private final MedicationDispense dispense;
  private final OstRules rules;
  private final List<FhirIssue> issues = new ArrayList<>();

  DispenseReader(MedicationDispense dispense, OstRules rules) {
    this.dispense = dispense;
    this.rules = rules;
  }

  OstDispenseEvent read() {
    Extensions.refuseUnknown(dispense);
    UUID key = key();
    OstMedicine medicine = Elements.medicine(dispense, dispense.getMedication(),
        AT + ".medication", issues).orElse(null);
    String patient = patient();
    String prescription = prescription();
    Optional<String> pharmacy = dispense.getPerformer().stream()
        .map(p -> Elements.organisation(p.getActor())).flatMap(Optional::stream).findFirst();
    String status = dispense.hasStatus() ? dispense.getStatus().toCode() : "";
    OstDispenseEvent event = switch (status) {
      case "completed" -> dispensed(key, patient, medicine, pharmacy, prescription);
      case "declined" -> declined(key, patient, medicine, pharmacy, prescription);
      default -> {
        issues.add(FhirIssue.error(status.isEmpty() ? IssueType.REQUIRED : IssueType.VALUE,
            AT + ".status", "the status must be completed (supplied) or declined (not"
                + " collected, or withheld)"));
        yield null;
      }
    };
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    return event;
  }

  private UUID key() {
    List<Identifier> identifiers = dispense.getIdentifier();
    for (int i = 0; i < identifiers.size(); i++) {
      if (OstResources.EVENT_SYSTEM.equals(identifiers.get(i).getSystem())) {
        try {
          String value = identifiers.get(i).getValue();
          UUID key = UUID.fromString(value == null ? "" : value);
          if (key.toString().equalsIgnoreCase(value)) {
            return key;
          }
        } catch (IllegalArgumentException e) {
          // reported below
        }
        issues.add(FhirIssue.error(IssueType.VALUE, AT + ".identifier[" + i + "].value",
            "the event's key must be a UUID, e.g. 0b1e2c9a-8d3f-4c11-9a51-2f6e0d7c4b10"));
        return null;
      }
    }
    issues.add(FhirIssue.error(IssueType.REQUIRED, AT + ".identifier", "the event's key is"
        + " required, once and for all its retries: an identifier with system "
        + OstResources.EVENT_SYSTEM + " and a UUID as value"));
    return null;
  }

  private String patient() {
    Optional<String> nhsNumber = Elements.patient(dispense.getSubject(), AT + ".subject",
        issues);
    Optional<String> problem = nhsNumber.flatMap(NhsNumber::problem);
    problem.ifPresent(p -> issues.add(FhirIssue.error(IssueType.VALUE,
        AT + ".subject.identifier.value", p)));
    return problem.isPresent() ? null : nhsNumber.orElse(null);
  }

  private String prescription() {
    List<Reference> prescriptions = dispense.getAuthorizingPrescription();
    for (int i = 0; i < prescriptions.size(); i++) {
      Identifier identifier = prescriptions.get(i).getIdentifier();
      if (OstResources.PRESCRIPTION_SYSTEM.equals(identifier.getSystem())
          && identifier.hasValue() && !identifier.getValue().isBlank()) {
        return identifier.getValue();
      }
    }
    issues.add(FhirIssue.error(IssueType.REQUIRED, AT + ".authorizingPrescription", "the"
        + " prescription is required: authorizingPrescription with identifier.system "
        + OstResources.PRESCRIPTION_SYSTEM + " and the prescription's id"));
    return null;
  }

  private OstDispenseEvent dispensed(UUID key, String patient, OstMedicine medicine,
      Optional<String> pharmacy, String prescription) {
    LocalDate date = Elements.day(dispense.getWhenHandedOverElement(),
        AT + ".whenHandedOver", "the day of the supply", issues).orElse(null);
    BigDecimal quantity = Elements.milligrams(dispense.hasQuantity() ? dispense.getQuantity()
        : null, AT + ".quantity", "the quantity supplied", issues).orElse(null);
    Integer supply = daysSupply();
    List<LocalDate> days;
    if (hasBounds()) {
      days = bounds();
      if (supply != null && days != null && days.size() != supply) {
        issues.add(FhirIssue.error(IssueType.VALUE, AT + ".daysSupply.value", "daysSupply is "
            + supply + " but the days covered (" + BOUNDS + ") are " + days.size()));
      }
    } else if (supply != null && date != null) {
      days = date.datesUntil(date.plusDays(supply)).toList();
    } else {
      issues.add(FhirIssue.error(IssueType.REQUIRED, BOUNDS, "the days the supply covers are"
          + " required: the dosage's boundsPeriod, or whenHandedOver and daysSupply"));
      days = null;
    }
    boolean supervised = false;
    List<Extension> flags = dispense.getExtensionsByUrl(OstResources.SUPERVISED);
    if (flags.size() > 1 || flags.size() == 1 && !(flags.get(0).getValue()
        instanceof BooleanType given && given.hasValue())) {
      issues.add(FhirIssue.error(IssueType.INVALID, AT + ".extension('"
          + OstResources.SUPERVISED + "')", "supervision is one extension with a"
          + " valueBoolean"));
    } else if (flags.size() == 1) {
      supervised = ((BooleanType) flags.get(0).getValue()).booleanValue();
    }
    List<Problem> amount = new ArrayList<>(); // core's rules for the amount, as OstEvent's
    if (quantity != null && Checks.positiveAmount(quantity, OstSettings.DECIMAL_PLACES,
        "quantity", "the quantity supplied in milligrams; a dose not supplied is declined",
        amount) && medicine != null && days != null) {
      rules.supplyProblem(medicine, days.size(), quantity).ifPresent(amount::add);
    }
    amount.forEach(p -> issues.add(FhirIssue.error(IssueType.VALUE, AT + ".quantity.value",
        p.message())));
    if (!issues.isEmpty()) {
      return null;
    }
    return new OstDispenseEvent.Dispensed(key, patient, medicine, pharmacy,
        new OstEvent.Dispensed(prescription, date, days, supervised, quantity));
  }

  private OstDispenseEvent declined(UUID key, String patient, OstMedicine medicine,
      Optional<String> pharmacy, String prescription) {
    String reason = null;
    if (dispense.hasStatusReasonCodeableConcept()) {
      for (Coding coding : dispense.getStatusReasonCodeableConcept().getCoding()) {
        if (CodeSystems.OST_WITHHOLD_REASON.equals(coding.getSystem())) {
          reason = coding.getCode();
        }
      }
    }
    Optional<WithholdReason> withheld = reason == null
        || reason.equals(CodeSystems.NOT_COLLECTED) ? Optional.empty()
        : Coded.fromCode(WithholdReason.class, reason);
    if (reason == null || !reason.equals(CodeSystems.NOT_COLLECTED) && withheld.isEmpty()) {
      issues.add(FhirIssue.error(reason == null ? IssueType.REQUIRED : IssueType.CODEINVALID,
          AT + ".statusReason", "a declined dose needs its reason: a code of "
              + CodeSystems.OST_WITHHOLD_REASON));
    }
    LocalDate date = null;
    if (!hasBounds()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, BOUNDS, "the day of the dose is"
          + " required: the dosage's boundsPeriod, start and end that day"));
    } else {
      List<LocalDate> days = bounds();
      if (days != null && days.size() != 1) {
        issues.add(FhirIssue.error(IssueType.VALUE, BOUNDS, "a declined dose is one day's:"
            + " start and end on the same day"));
      } else if (days != null) {
        date = days.get(0);
      }
    }
    if (!issues.isEmpty()) {
      return null;
    }
    return withheld.isPresent()
        ? new OstDispenseEvent.Withheld(key, prescription, patient, medicine, date,
            withheld.get(), pharmacy)
        : new OstDispenseEvent.NotCollected(key, prescription, patient, medicine, date,
            pharmacy);
  }

  private Integer daysSupply() {
    if (!dispense.hasDaysSupply()) {
      return null;
    }
    Quantity supply = dispense.getDaysSupply();
    if (!supply.hasValue() || !"d".equals(supply.getCode())
        || !Elements.UCUM.equals(supply.getSystem()) || supply.getValue().signum() <= 0
        || supply.getValue().stripTrailingZeros().scale() > 0
        || supply.getValue().compareTo(BigDecimal.valueOf(MAX_DAYS)) > 0) {
      issues.add(FhirIssue.error(IssueType.VALUE, AT + ".daysSupply", "daysSupply is 1 to "
          + MAX_DAYS + " whole days: system " + Elements.UCUM + ", code d"));
      return null;
    }
    return supply.getValue().intValueExact();
  }

  private boolean hasBounds() {
    return !dispense.getDosageInstruction().isEmpty() && dispense.getDosageInstructionFirstRep()
        .getTiming().getRepeat().hasBoundsPeriod();
  }

  /** The days from the bounds' start to its end, or null with an issue. */
  private List<LocalDate> bounds() {
    Period period = dispense.getDosageInstructionFirstRep().getTiming().getRepeat()
        .getBoundsPeriod();
    Optional<LocalDate> first = Elements.day(period.getStartElement(), BOUNDS + ".start",
        "the first day covered", issues);
    Optional<LocalDate> last = Elements.day(period.getEndElement(), BOUNDS + ".end",
        "the last day covered", issues);
    if (first.isEmpty() || last.isEmpty()) {
      return null;
    }
    long days = ChronoUnit.DAYS.between(first.get(), last.get()) + 1;
    if (days < 1 || days > MAX_DAYS) {
      issues.add(FhirIssue.error(IssueType.VALUE, BOUNDS, "the days covered run forwards, 1 to "
          + MAX_DAYS + " of them"));
      return null;
    }
    return first.get().datesUntil(last.get().plusDays(1)).toList();
  }
}
