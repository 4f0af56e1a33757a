package org.recoverylink.fhir.pharmacy.ost;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.InstalmentSchedule;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * Reads a MedicationRequest into an {@link OstPrescription} in one pass, collecting every
 * problem. Extensions are checked first ({@link Extensions}). What FHIR cannot say (missing,
 * wrongly typed, badly coded) is reported here; core's own checks (NHS number, dose and its
 * configured bound, dates, roles) then run on whatever could be read, and each of
 * their problems is reported at the element it concerns, unless that element has one already.
 */
final class PrescriptionReader {

  private static final String AT = "MedicationRequest";
  private static final String DISPENSE = AT + ".dispenseRequest";
  private static final String DOSE = AT + ".dosageInstruction[0].doseAndRate[0].doseQuantity";

  private final MedicationRequest request;
  private final OstRules rules;
  private final List<FhirIssue> issues = new ArrayList<>();
  /** The FHIRPath of each core field; a field reported already is left out of core's list. */
  private final Map<String, String> paths = new HashMap<>(Map.of(
      "id", AT + ".identifier",
      "patient", AT + ".subject.identifier.value",
      "medicine", AT + ".medication",
      "dailyDose", DOSE + ".value",
      "schedule", extension(DISPENSE, OstResources.COLLECTION_DAY),
      "supervisedUntil", extension(DISPENSE, OstResources.SUPERVISED_UNTIL),
      "validFrom", DISPENSE + ".validityPeriod.start",
      "validTo", DISPENSE + ".validityPeriod.end",
      "prescriber", AT + ".requester",
      "keyworker", extension(AT, OstResources.KEYWORKER)));
  private final Set<String> reported = new HashSet<>();

  PrescriptionReader(MedicationRequest request, OstRules rules) {
    this.request = request;
    this.rules = rules;
  }

  OstPrescription read() {
    Extensions.refuseUnknown(request);
    String id = id();
    if (request.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE) {
      issues.add(FhirIssue.error(request.hasStatus() ? IssueType.VALUE : IssueType.REQUIRED,
          AT + ".status", "the prescription must be active"));
    }
    if (request.getIntent() == null || !request.getIntent().toCode().endsWith("order")) {
      issues.add(FhirIssue.error(request.hasIntent() ? IssueType.VALUE : IssueType.REQUIRED,
          AT + ".intent", "the intent must be order: a prescription, not a proposal or plan"));
    }
    OstMedicine medicine = mark("medicine", Elements.medicine(request, request.getMedication(),
        AT + ".medication", issues));
    String patient = mark("patient", Elements.patient(request.getSubject(), AT + ".subject",
        issues));
    Contact prescriber = mark("prescriber", contact(request.getRequester(), AT + ".requester",
        "the prescriber"));
    Contact keyworker = mark("keyworker", keyworker());
    BigDecimal dose = mark("dailyDose", dose());
    InstalmentSchedule schedule = mark("schedule", schedule());
    Optional<LocalDate> supervisedUntil = supervisedUntil();
    LocalDate from = mark("validFrom", Elements.day(request.getDispenseRequest()
        .getValidityPeriod().getStartElement(), paths.get("validFrom"), "the first day of"
        + " dispensing (validityPeriod.start)", issues));
    LocalDate to = mark("validTo", Elements.day(request.getDispenseRequest()
        .getValidityPeriod().getEndElement(), paths.get("validTo"), "the last day of"
        + " dispensing (validityPeriod.end)", issues));
    try {
      OstPrescription prescription = new OstPrescription(id, patient, medicine, dose, schedule,
          supervisedUntil, from, to, prescriber, keyworker);
      rules.check(prescription);
      if (issues.isEmpty()) {
        return prescription;
      }
    } catch (InvalidPharmacyDataException e) {
      for (Problem problem : e.problems()) {
        if (!reported.contains(problem.field())) {
          issues.add(FhirIssue.error(type(problem.field()), paths.getOrDefault(
              problem.field(), AT), problem.message()));
        }
      }
    }
    throw new InvalidFhirInputException(issues);
  }

  /** The value read, or null with the core field marked as reported. */
  private <T> T mark(String field, Optional<T> value) {
    if (value.isEmpty()) {
      reported.add(field);
    }
    return value.orElse(null);
  }

  private static IssueType type(String field) {
    return switch (field) {
      case "validTo", "prescriber", "keyworker" -> IssueType.BUSINESSRULE;
      default -> IssueType.VALUE;
    };
  }

  private static String extension(String element, String url) {
    return element + ".extension('" + url + "')";
  }

  private String id() {
    List<Identifier> identifiers = request.getIdentifier();
    for (int i = 0; i < identifiers.size(); i++) {
      if (OstResources.PRESCRIPTION_SYSTEM.equals(identifiers.get(i).getSystem())) {
        paths.put("id", AT + ".identifier[" + i + "].value");
        return identifiers.get(i).getValue(); // null: core says what an id is
      }
    }
    issues.add(FhirIssue.error(IssueType.REQUIRED, AT + ".identifier", "the prescription's id"
        + " is required: an identifier with system " + OstResources.PRESCRIPTION_SYSTEM));
    reported.add("id");
    return null;
  }

  private Optional<Contact> keyworker() {
    List<Extension> extensions = request.getExtensionsByUrl(OstResources.KEYWORKER);
    String at = paths.get("keyworker");
    if (extensions.size() != 1 || !(extensions.get(0).getValue() instanceof Reference role)) {
      issues.add(FhirIssue.error(extensions.isEmpty() ? IssueType.REQUIRED : IssueType.INVALID,
          at, "the keyworker is required: one extension " + OstResources.KEYWORKER
              + " with a valueReference to a contained PractitionerRole"));
      return Optional.empty();
    }
    return contact(role, at + ".valueReference", "the keyworker");
  }

  /** A shared-care contact from a reference to a contained PractitionerRole. */
  private Optional<Contact> contact(Reference reference, String at, String who) {
    Resource contained = Elements.contained(request, reference).orElse(null);
    if (!(contained instanceof PractitionerRole role)) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, who + " is required: a reference to a"
          + " contained PractitionerRole"));
      return Optional.empty();
    }
    String path = AT + ".contained[" + Elements.indexOf(request, role) + "]";
    Contact.Role kind = null;
    for (var code : role.getCode()) {
      for (Coding coding : code.getCoding()) {
        if (CodeSystems.OST_CONTACT_ROLE.equals(coding.getSystem())) {
          kind = CodeSystems.ostContactRole(coding.getCode()).orElse(null);
        }
      }
    }
    if (kind == null) {
      issues.add(FhirIssue.error(IssueType.CODEINVALID, path + ".code", who + "'s role is"
          + " required: a code of " + CodeSystems.OST_CONTACT_ROLE));
    }
    String name = role.getPractitioner().getDisplay();
    if (name == null || name.isBlank()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, path + ".practitioner.display", who
          + "'s name is required"));
    }
    Optional<String> organisation = Elements.organisation(role.getOrganization());
    if (organisation.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, path + ".organization.identifier", who
          + "'s organisation is required: its ODS code, or its directory id in "
          + OstResources.ORGANISATION_SYSTEM));
    }
    if (kind == null || name == null || name.isBlank() || organisation.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Contact(kind, name, organisation.get()));
  }

  private Optional<BigDecimal> dose() {
    List<Dosage> dosages = request.getDosageInstruction();
    if (dosages.size() != 1) {
      issues.add(FhirIssue.error(dosages.isEmpty() ? IssueType.REQUIRED : IssueType.STRUCTURE,
          AT + ".dosageInstruction", "one dosageInstruction is required: the daily dose"));
      return Optional.empty();
    }
    Dosage dosage = dosages.get(0);
    Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
    if ((repeat.hasFrequency() || repeat.hasPeriod() || repeat.hasPeriodUnit())
        && (repeat.getFrequency() != 1 || !repeat.hasPeriod()
            || repeat.getPeriod().compareTo(BigDecimal.ONE) != 0
            || repeat.getPeriodUnit() != Timing.UnitsOfTime.D)) {
      issues.add(FhirIssue.error(IssueType.VALUE, AT + ".dosageInstruction[0].timing.repeat",
          "the dose is a daily dose: once a day (frequency 1, period 1, periodUnit d)"));
    }
    Quantity quantity = dosage.getDoseAndRate().isEmpty() || !dosage.getDoseAndRateFirstRep()
        .hasDoseQuantity() ? null : dosage.getDoseAndRateFirstRep().getDoseQuantity();
    return Elements.milligrams(quantity, DOSE, "the daily dose", issues);
  }

  private Optional<InstalmentSchedule> schedule() {
    List<Extension> days = request.getDispenseRequest().getExtensionsByUrl(
        OstResources.COLLECTION_DAY);
    String at = paths.get("schedule");
    Set<DayOfWeek> collection = EnumSet.noneOf(DayOfWeek.class);
    boolean wrong = false;
    for (int i = 0; i < days.size(); i++) {
      Optional<DayOfWeek> day = days.get(i).getValue() instanceof CodeType code
          ? day(code.getValue()) : Optional.empty();
      if (day.isPresent()) {
        collection.add(day.get());
      } else {
        wrong = true;
        issues.add(FhirIssue.error(IssueType.CODEINVALID, at + "[" + i + "]", "a collection day"
            + " is a valueCode: mon, tue, wed, thu, fri, sat or sun"));
      }
    }
    if (days.isEmpty()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, "the collection days are required:"
          + " one extension " + OstResources.COLLECTION_DAY + " per weekday"));
    }
    return wrong || collection.isEmpty() ? Optional.empty()
        : Optional.of(new InstalmentSchedule(collection));
  }

  private static Optional<DayOfWeek> day(String code) {
    for (DayOfWeek day : DayOfWeek.values()) {
      if (OstResources.dayCode(day).equals(code)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  private Optional<LocalDate> supervisedUntil() {
    List<Extension> until = request.getDispenseRequest().getExtensionsByUrl(
        OstResources.SUPERVISED_UNTIL);
    String at = paths.get("supervisedUntil");
    if (until.isEmpty()) {
      return Optional.empty();
    }
    if (until.size() > 1 || !(until.get(0).getValue() instanceof DateType date)) {
      issues.add(FhirIssue.error(IssueType.INVALID, at, "supervision ends on one day: one"
          + " extension with a valueDate"));
      reported.add("supervisedUntil");
      return Optional.empty();
    }
    return Elements.day(date, at + ".valueDate", "the last supervised day", issues);
  }
}
