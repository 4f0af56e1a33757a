package org.recoverylink.fhir.pharmacy.ost;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.nhs.OdsCode;
import org.recoverylink.core.patient.NhsNumber;
import org.recoverylink.core.pharmacy.ost.OstMedicine;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The elements the OST resources share, written and read the same way wherever they appear: the
 * patient by NHS number, organisations by ODS code (or directory id), the medicine as a contained
 * Medication, days as dates, milligrams in UCUM, the daily dose as a once-a-day Dosage.
 */
final class Elements {

  private Elements() {
  }

  static final String UCUM = "http://unitsofmeasure.org";
  static final String MEDICATION_ID = "medication";

  static Reference patient(String nhsNumber) {
    return new Reference().setType("Patient").setIdentifier(new Identifier()
        .setSystem(Systems.NHS_NUMBER).setValue(nhsNumber));
  }

  /**
   * The NHS number a reference names by identifier (spaces allowed), or an issue at
   * {@code at}.
   */
  static Optional<String> patient(Reference subject, String at, List<FhirIssue> issues) {
    if (!subject.hasIdentifier() || !Systems.NHS_NUMBER.equals(subject.getIdentifier()
        .getSystem()) || !subject.getIdentifier().hasValue()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, "the patient is required, by NHS"
          + " number: identifier.system " + Systems.NHS_NUMBER + " and identifier.value"));
      return Optional.empty();
    }
    return Optional.of(NhsNumber.digits(subject.getIdentifier().getValue()));
  }

  /** An organisation by ODS code, or by its directory id when it has none. */
  static Reference organisation(String organisation) {
    return new Reference().setType("Organization").setIdentifier(organisationId(organisation));
  }

  static Identifier organisationId(String organisation) {
    return new Identifier().setSystem(OdsCode.isValid(organisation) ? Systems.ODS
        : OstResources.ORGANISATION_SYSTEM).setValue(organisation);
  }

  /** The ODS code or directory id a reference names by identifier, if it does. */
  static Optional<String> organisation(Reference reference) {
    Identifier identifier = reference.getIdentifier();
    if (reference.hasIdentifier() && identifier.hasValue() && !identifier.getValue().isBlank()
        && (Systems.ODS.equals(identifier.getSystem())
            || OstResources.ORGANISATION_SYSTEM.equals(identifier.getSystem()))) {
      return Optional.of(identifier.getValue());
    }
    return Optional.empty();
  }

  /** A day as a FHIR dateTime of day precision, e.g. {@code 2026-03-02}. */
  static DateTimeType day(LocalDate day) {
    return new DateTimeType(day.toString());
  }

  /**
   * The day a date or dateTime names, as written (a dateTime's time and zone are ignored), or
   * an issue at {@code at} when it is missing or less precise than a day.
   */
  static Optional<LocalDate> day(BaseDateTimeType value, String at, String what,
      List<FhirIssue> issues) {
    if (value == null || !value.hasValue()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, what + " is required"));
      return Optional.empty();
    }
    if (value.getPrecision().ordinal() < TemporalPrecisionEnum.DAY.ordinal()) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, what + " must be a whole day"
          + " (YYYY-MM-DD)"));
      return Optional.empty();
    }
    try {
      return Optional.of(LocalDate.parse(value.getValueAsString().substring(0, 10)));
    } catch (DateTimeParseException e) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, what + " is not a date"));
      return Optional.empty();
    }
  }

  static Quantity milligrams(BigDecimal value) {
    Quantity quantity = new Quantity();
    quantity.setValue(value).setUnit("mg").setSystem(UCUM).setCode("mg");
    return quantity;
  }

  /** Milligrams from a UCUM {@code mg} quantity, or an issue at {@code at}. */
  static Optional<BigDecimal> milligrams(Quantity quantity, String at, String what,
      List<FhirIssue> issues) {
    if (quantity == null || !quantity.hasValue()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, at, what + " in milligrams is required"));
      return Optional.empty();
    }
    if (!UCUM.equals(quantity.getSystem()) || !"mg".equals(quantity.getCode())
        || quantity.hasComparator()) {
      issues.add(FhirIssue.error(IssueType.VALUE, at, what + " must be in milligrams: system "
          + UCUM + ", code mg"));
      return Optional.empty();
    }
    return Optional.of(quantity.getValue());
  }

  /** The daily dose, taken once a day, over {@code first} to {@code last} when given. */
  static Dosage dailyDose(BigDecimal dose, LocalDate first, LocalDate last) {
    Dosage dosage = new Dosage().setText(dose.toPlainString() + " mg once a day");
    Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat().setFrequency(1)
        .setPeriod(1).setPeriodUnit(Timing.UnitsOfTime.D);
    if (first != null) {
      repeat.setBounds(new org.hl7.fhir.r4.model.Period().setStartElement(day(first))
          .setEndElement(day(last)));
    }
    dosage.addDoseAndRate().setDose(milligrams(dose));
    return dosage;
  }

  /** The medicine as a contained Medication: our code, and its SNOMED CT ingredients. */
  static Reference medication(DomainResource resource, OstMedicine medicine) {
    Medication medication = new Medication();
    medication.setId(MEDICATION_ID);
    medication.setCode(new CodeableConcept(CodeSystems.coding(CodeSystems.OST_MEDICINE,
        medicine)).setText(medicine.display()));
    for (String substance : medicine.substances()) {
      medication.addIngredient().setIsActive(true).setItem(new CodeableConcept(
          new Coding(Systems.SNOMED, substance, null)));
    }
    resource.addContained(medication);
    return new Reference("#" + MEDICATION_ID);
  }

  /**
   * The medicine of a {@code medication[x]}: our code, on the concept or on a contained
   * Medication; else the SNOMED CT substances, when they are exactly one medicine's.
   */
  static Optional<OstMedicine> medicine(DomainResource resource, Type medication, String at,
      List<FhirIssue> issues) {
    CodeableConcept code = null;
    Set<String> substances = new HashSet<>();
    if (medication instanceof CodeableConcept concept) {
      code = concept;
    } else if (medication instanceof Reference reference
        && contained(resource, reference).orElse(null) instanceof Medication contained) {
      code = contained.getCode();
      contained.getIngredient().stream().filter(i -> i.hasItemCodeableConcept())
          .flatMap(i -> i.getItemCodeableConcept().getCoding().stream())
          .filter(c -> Systems.SNOMED.equals(c.getSystem())).forEach(c -> substances.add(
              c.getCode()));
    }
    if (code != null) {
      for (Coding coding : code.getCoding()) {
        if (CodeSystems.OST_MEDICINE.equals(coding.getSystem())) {
          Optional<OstMedicine> ours = CodeSystems.decode(CodeSystems.OST_MEDICINE, coding,
              OstMedicine.class);
          if (ours.isEmpty()) {
            issues.add(FhirIssue.error(IssueType.CODEINVALID, at, Quote.of(coding.getCode())
                + " is not a code of " + CodeSystems.OST_MEDICINE));
          }
          return ours;
        }
      }
      if (substances.isEmpty()) {
        code.getCoding().stream().filter(c -> Systems.SNOMED.equals(c.getSystem()))
            .forEach(c -> substances.add(c.getCode()));
      }
    }
    for (OstMedicine medicine : OstMedicine.values()) {
      if (!substances.isEmpty() && substances.equals(Set.copyOf(medicine.substances()))) {
        return Optional.of(medicine);
      }
    }
    issues.add(FhirIssue.error(IssueType.REQUIRED, at, "the medicine is required: a code of "
        + CodeSystems.OST_MEDICINE + ", on medicationCodeableConcept or a contained"
        + " Medication"));
    return Optional.empty();
  }

  /** The contained resource a local reference ({@code #id}) points at. */
  static Optional<Resource> contained(DomainResource resource, Reference reference) {
    if (!reference.hasReference() || !reference.getReference().startsWith("#")) {
      return Optional.empty();
    }
    String id = reference.getReference().substring(1);
    return resource.getContained().stream()
        .filter(c -> id.equals(c.getIdElement().getIdPart())).findFirst();
  }

  /** The index of a contained resource, for FHIRPath. */
  static int indexOf(DomainResource resource, Resource contained) {
    return resource.getContained().indexOf(contained);
  }
}
