package org.recoverylink.fhir.pharmacy.ost;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.pharmacy.ost.Contact;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.OstSettings;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.fhir.assessment.ResultBundle;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.OperationInput;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.CodeSystems;

/**
 * Shared-care OST in FHIR R4, both ways: the prescription as a {@code MedicationRequest}, what
 * happened at the counter as a {@code MedicationDispense}, a notification owed to the prescriber
 * and keyworker as a {@code Communication} (with a {@code Flag} while doses are withheld pending
 * review), and a dispensing decision as {@code Parameters}. Stateless and thread-safe.
 *
 * <p>The patient is always a logical reference by NHS number, never a contained Patient.
 * Organisations are named by ODS code, or by {@link #ORGANISATION_SYSTEM} for a directory
 * organisation without one. Where R4 has no element, four extensions of ours carry the rest:
 * {@link #COLLECTION_DAY} and {@link #SUPERVISED_UNTIL} on {@code dispenseRequest},
 * {@link #KEYWORKER} on the MedicationRequest, {@link #SUPERVISED} on the MedicationDispense.
 */
public final class OstResources {

  private OstResources() {
  }

  private static final String BASE = "https://recoverylink.org/fhir/";
  /** MedicationRequest.identifier: the prescription's id, as the PMR system knows it. */
  public static final String PRESCRIPTION_SYSTEM = BASE + "Id/ost-prescription";
  /** MedicationDispense.identifier: the event's idempotency key, a UUID. */
  public static final String EVENT_SYSTEM = BASE + "Id/ost-event";
  /**
   * Communication.identifier and Flag.identifier: {@link #notificationIdentifier}, unique per
   * patient and occasion and the same however often it is sent, so a receiver may drop a second
   * copy by it.
   */
  public static final String NOTIFICATION_SYSTEM = BASE + "Id/ost-notification";
  /** A directory organisation that has no ODS code (e.g. a treatment provider), by its id. */
  public static final String ORGANISATION_SYSTEM = BASE + "Id/organisation";
  /**
   * On dispenseRequest, once per collection day: valueCode {@code mon} ... {@code sun} (the
   * codes of Timing.repeat.dayOfWeek). R4 has only a fixed interval, not weekdays.
   */
  public static final String COLLECTION_DAY = Extensions.OST_COLLECTION_DAY;
  /** On dispenseRequest: valueDate, the last day consumption is supervised; absent: never. */
  public static final String SUPERVISED_UNTIL = Extensions.OST_SUPERVISED_UNTIL;
  /** On the MedicationRequest: valueReference to the contained keyworker PractitionerRole. */
  public static final String KEYWORKER = Extensions.OST_KEYWORKER;
  /** On a completed MedicationDispense: valueBoolean, the day's dose was taken supervised. */
  public static final String SUPERVISED = Extensions.OST_SUPERVISED;

  private static final OstRules DEFAULT_RULES = new OstRules(OstSettings.ukDefault());
  /** The contained DetectedIssue of a supply made against a withhold. */
  static final String AGAINST_WITHHOLD_ID = "against-withhold";
  static final String PRESCRIBER_ID = "prescriber";
  static final String KEYWORKER_ID = "keyworker";
  private static final String FLAG_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/flag-category";
  private static final String FLAG_DETAIL =
      "http://hl7.org/fhir/StructureDefinition/flag-detail";
  private static final String COMMUNICATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/communication-category";
  private static final String REQUEST_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/medicationrequest-category";

  // ---- the prescription ----

  /**
   * The prescription as an active order: identifier in {@link #PRESCRIPTION_SYSTEM}; the
   * medicine as a contained Medication (our code, SNOMED CT ingredients); the daily dose as a
   * once-a-day {@code doseQuantity} in mg; the dates as {@code dispenseRequest.validityPeriod};
   * the prescriber as {@code requester} and the keyworker by {@link #KEYWORKER}, each a
   * contained PractitionerRole (role coded in {@code ost-contact-role}, the person by display,
   * the organisation by identifier); no substitution allowed.
   */
  public static MedicationRequest write(OstPrescription prescription) {
    MedicationRequest request = Profiled.as(Profiled.OST_PRESCRIPTION, new MedicationRequest());
    request.addIdentifier().setSystem(PRESCRIPTION_SYSTEM).setValue(prescription.id());
    request.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
    request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
    request.addCategory(new CodeableConcept(new Coding(REQUEST_CATEGORY, "community",
        "Community")));
    request.setMedication(Elements.medication(request, prescription.medicine()));
    request.setSubject(Elements.patient(prescription.patient()));
    request.setRequester(contact(request, PRESCRIBER_ID, prescription.prescriber()));
    request.addExtension(KEYWORKER, contact(request, KEYWORKER_ID, prescription.keyworker()));
    request.addDosageInstruction(Elements.dailyDose(prescription.dailyDose(), null, null));
    MedicationRequest.MedicationRequestDispenseRequestComponent dispense =
        request.getDispenseRequest();
    for (DayOfWeek day : prescription.schedule().collectionDays()) {
      dispense.addExtension(COLLECTION_DAY, new CodeType(dayCode(day)));
    }
    prescription.supervisedUntil().ifPresent(last -> dispense.addExtension(SUPERVISED_UNTIL,
        new DateType(last.toString())));
    dispense.setValidityPeriod(new Period().setStartElement(Elements.day(
        prescription.validFrom())).setEndElement(Elements.day(prescription.validTo())));
    // UK Core requires substitution; a controlled drug is dispensed exactly as prescribed.
    request.getSubstitution().setAllowed(new BooleanType(false));
    return request;
  }

  /**
   * The prescription a MedicationRequest describes, in the form {@link #write} makes (the
   * medicine may also be given as {@code medicationCodeableConcept}, or by its SNOMED CT
   * substances only).
   *
   * @throws InvalidFhirInputException listing every problem, each at its FHIRPath, core's
   *     checks (NHS number, dates, at most 14 days, roles, the dose within the default bound of
   *     {@link OstSettings#ukDefault()}) included
   */
  public static OstPrescription read(MedicationRequest request) {
    return read(request, DEFAULT_RULES);
  }

  /**
   * As {@link #read(MedicationRequest)}, the daily dose within the bound {@code rules}' settings
   * give ({@link OstRules#check(OstPrescription)}).
   */
  public static OstPrescription read(MedicationRequest request, OstRules rules) {
    return new PrescriptionReader(request, rules).read();
  }

  /**
   * A logical reference to a prescription by its id: how dispenses and notifications point at
   * it before (or without) the endpoint's id for it.
   */
  public static Reference prescription(String id) {
    return new Reference().setType("MedicationRequest").setIdentifier(new Identifier()
        .setSystem(PRESCRIPTION_SYSTEM).setValue(id));
  }

  // ---- what happened at the counter ----

  /**
   * A supply: {@code completed}, {@code quantity} in mg, {@code daysSupply} the days covered,
   * {@code whenHandedOver} the day, the days covered as the dosage's {@code boundsPeriod},
   * {@link #SUPERVISED}.
   *
   * @param key      the event's idempotency key
   * @param pharmacy the dispensing pharmacy's ODS code
   * @throws IllegalArgumentException when the supply is on another prescription, or its days
   *     are not consecutive
   */
  public static MedicationDispense dispensed(OstPrescription prescription,
      OstEvent.Dispensed event, UUID key, String pharmacy) {
    same(prescription, event.prescription());
    List<LocalDate> days = event.days();
    LocalDate first = days.get(0);
    LocalDate last = days.get(days.size() - 1);
    if (!first.plusDays(days.size() - 1L).equals(last)
        || days.stream().distinct().count() != days.size()) {
      throw new IllegalArgumentException("a supply's days are consecutive, in order");
    }
    MedicationDispense dispense = dispense(prescription, key, pharmacy, first, last);
    dispense.setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
    dispense.addExtension(SUPERVISED, new BooleanType(event.supervised()));
    dispense.setQuantity(Elements.milligrams(event.quantity()));
    Quantity supply = new Quantity();
    supply.setValue(days.size()).setUnit("day").setSystem(Elements.UCUM).setCode("d");
    dispense.setDaysSupply(supply);
    dispense.setWhenHandedOverElement(Elements.day(event.date()));
    return dispense;
  }

  /** A day whose dose was not collected: {@code declined}, reason {@code not-collected}. */
  public static MedicationDispense notCollected(OstPrescription prescription, MissedDay missed,
      UUID key, String pharmacy) {
    same(prescription, missed.prescription());
    return declined(prescription, key, pharmacy, missed.date(), CodeSystems.NOT_COLLECTED,
        "The dose was not collected on its day");
  }

  /** A dose withheld: {@code declined}, with the rules' reason. */
  public static MedicationDispense withheld(OstPrescription prescription,
      DispenseDecision.Withhold withheld, UUID key, String pharmacy) {
    return withheld(prescription, withheld.date(), withheld.reason(), key, pharmacy);
  }

  /** A dose withheld on {@code date}: {@code declined}, with the reason. */
  public static MedicationDispense withheld(OstPrescription prescription, LocalDate date,
      WithholdReason reason, UUID key, String pharmacy) {
    return declined(prescription, key, pharmacy, date, reason.code(), reason.display());
  }

  /**
   * What a MedicationDispense of the form {@link #dispensed}, {@link #notCollected} or
   * {@link #withheld} make says happened. A supply may also give its days by
   * {@code whenHandedOver} and {@code daysSupply} alone. A supply's quantity is within the
   * default bound of {@link OstSettings#ukDefault()}.
   *
   * @throws InvalidFhirInputException listing every problem, each at its FHIRPath
   */
  public static OstDispenseEvent read(MedicationDispense dispense) {
    return read(dispense, DEFAULT_RULES);
  }

  /**
   * As {@link #read(MedicationDispense)}, a supply's quantity within the bound {@code rules}'
   * settings give ({@link OstRules#check(org.recoverylink.core.pharmacy.ost.OstMedicine,
   * OstEvent.Dispensed)}).
   */
  public static OstDispenseEvent read(MedicationDispense dispense, OstRules rules) {
    return new DispenseReader(dispense, rules).read();
  }

  // ---- notifications ----

  /**
   * A notification to the prescriber and keyworker: identifier the notification's key in
   * {@link #NOTIFICATION_SYSTEM}, {@code about} the prescription, each recipient by its
   * organisation's identifier with the person and role as display, the message as payload, the
   * reason coded in {@code ost-withhold-reason}, and the rule that raised it (the
   * {@link ResultBundle#RATIONALE} extension).
   *
   * @param ruleSet  the rules' version, as on the decision that raised it
   * @param pharmacy the sending pharmacy's ODS code
   */
  public static Communication communication(OstPrescription prescription,
      Notification notification, RuleSetVersion ruleSet, String pharmacy) {
    same(prescription, notification.prescription());
    Communication communication = new Communication();
    communication.addIdentifier().setSystem(NOTIFICATION_SYSTEM).setValue(
        notificationIdentifier(pharmacy, prescription.id(), notification.key()));
    communication.setStatus(Communication.CommunicationStatus.COMPLETED);
    communication.addCategory(new CodeableConcept(new Coding(COMMUNICATION_CATEGORY,
        "notification", "Notification")));
    communication.setPriority(notification.reason() == WithholdReason.EXPIRED
        ? Communication.CommunicationPriority.ROUTINE
        : Communication.CommunicationPriority.URGENT);
    communication.setSubject(Elements.patient(prescription.patient()));
    communication.addAbout(prescription(prescription.id()));
    communication.setSentElement(Elements.day(notification.date()));
    for (Contact contact : notification.to()) {
      communication.addRecipient(Elements.organisation(contact.organisation())
          .setDisplay(contact.name() + ", " + CodeSystems.ostContactRoleDisplay(
              contact.role())));
    }
    communication.setSender(Elements.organisation(pharmacy));
    communication.addReasonCode(reason(notification.reason()));
    communication.addPayload().setContent(new StringType(notification.message()));
    rationale(communication.addExtension(), notification.rule(), ruleSet);
    return communication;
  }

  /**
   * The Flag on the patient while doses are withheld pending the prescriber's review, for the
   * notification that withholds them ({@link OstRules#MISSED_DOSES}; empty for any other, a
   * supply against the withhold included): {@code active}, category {@code drug}, coded
   * {@code ost-withhold-reason#missed-doses}, the prescription as its {@code flag-detail},
   * identifier the Communication's.
   */
  public static Optional<Flag> flag(OstPrescription prescription, Notification notification,
      String pharmacy) {
    same(prescription, notification.prescription());
    if (!notification.rule().equals(OstRules.MISSED_DOSES)) {
      return Optional.empty();
    }
    Flag flag = new Flag();
    flag.addIdentifier().setSystem(NOTIFICATION_SYSTEM).setValue(
        notificationIdentifier(pharmacy, prescription.id(), notification.key()));
    flag.setStatus(Flag.FlagStatus.ACTIVE);
    flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "drug", "Drug")));
    flag.setCode(reason(WithholdReason.MISSED_DOSES)
        .setText("OST doses withheld pending prescriber review"));
    flag.setSubject(Elements.patient(prescription.patient()));
    flag.setPeriod(new Period().setStartElement(Elements.day(notification.date())));
    flag.setAuthor(Elements.organisation(pharmacy));
    flag.addExtension(FLAG_DETAIL, prescription(prescription.id()));
    return Optional.of(flag);
  }

  /**
   * A notification's identifier value: the pharmacy's ODS code, its PMR's id for the
   * prescription and the occasion's key, e.g. {@code FA123/rx-1001/missed-doses/2026-03-03}.
   * The pharmacy and prescription id name one patient, so it is unique per patient and occasion
   * everywhere; the endpoint and the plug-in (offline) make the same value for the same
   * occasion.
   */
  public static String notificationIdentifier(String pharmacy, String prescription,
      String key) {
    return pharmacy + "/" + prescription + "/" + key;
  }

  // ---- a supply against a withhold ----

  /**
   * Marks a supply made while doses were withheld pending the prescriber's review: a contained
   * DetectedIssue ({@code final}, severity {@code high}, coded
   * {@code ost-withhold-reason#missed-doses}, the prescription as {@code implicated}, the
   * rule in {@code detail}) referenced from {@code MedicationDispense.detectedIssue}.
   *
   * @throws IllegalArgumentException when the supply did not go against a withhold
   */
  public static MedicationDispense againstWithhold(OstPrescription prescription,
      MedicationDispense dispense, Supplied supplied) {
    same(prescription, supplied.prescription());
    if (!supplied.againstWithhold()) {
      throw new IllegalArgumentException("the supply did not go against a withhold");
    }
    DetectedIssue issue = new DetectedIssue();
    issue.setId(AGAINST_WITHHOLD_ID);
    issue.setStatus(DetectedIssue.DetectedIssueStatus.FINAL);
    issue.setCode(reason(WithholdReason.MISSED_DOSES));
    issue.setSeverity(DetectedIssue.DetectedIssueSeverity.HIGH);
    issue.setPatient(Elements.patient(prescription.patient()));
    issue.setIdentified(Elements.day(supplied.date()));
    issue.addImplicated(prescription(prescription.id()));
    issue.setDetail("Supplied against a withhold pending prescriber review since "
        + supplied.reviewPendingSince().orElseThrow() + " (rule "
        + supplied.against().orElseThrow().id() + "): the supply is kept, and doses stay"
        + " withheld until the prescriber's review is recorded.");
    dispense.addContained(issue);
    dispense.addDetectedIssue(new Reference("#" + AGAINST_WITHHOLD_ID));
    return dispense;
  }

  /** What {@link #againstWithhold} marked on a MedicationDispense: its detail; else empty. */
  public static Optional<String> againstWithhold(MedicationDispense dispense) {
    return dispense.getContained().stream()
        .filter(r -> r instanceof DetectedIssue && AGAINST_WITHHOLD_ID.equals(r.getIdPart()))
        .map(r -> ((DetectedIssue) r).getDetail()).findFirst();
  }

  // ---- the decision at the counter ----

  /**
   * A decision with the notifications it raised made here ({@link #communication},
   * {@link #flag}).
   */
  public static Parameters decision(OstPrescription prescription, DispenseDecision decision,
      String pharmacy) {
    List<Communication> notifications = new ArrayList<>();
    List<Flag> flags = new ArrayList<>();
    for (Notification notification : decision.notifications()) {
      notifications.add(communication(prescription, notification, decision.ruleSet(),
          pharmacy));
      flag(prescription, notification, pharmacy).ifPresent(flags::add);
    }
    return decision(decision, notifications, flags);
  }

  /**
   * A decision as the answer of {@code $check}: {@code decision} (code {@code dispense} |
   * {@code withhold}), {@code reason} (code of {@code ost-withhold-reason}, when withheld),
   * {@code date}, {@code consecutive-missed} (integer); when dispensing {@code supervised}
   * (boolean), {@code quantity}, {@code supervised-quantity} and {@code take-away-quantity}
   * (mg) and one {@code day} per day supplied; {@code rule}, {@code rule-set} and
   * {@code rule-summary} (string); when doses are withheld pending the prescriber's review,
   * {@code review-pending-since} (date); and one {@code notification} (Communication) and
   * {@code flag} (Flag) per resource given.
   */
  public static Parameters decision(DispenseDecision decision,
      List<Communication> notifications, List<Flag> flags) {
    Parameters parameters = new Parameters();
    if (decision instanceof DispenseDecision.Dispense dispense) {
      parameters.addParameter("decision", new CodeType("dispense"));
      parameters.addParameter("date", new DateType(decision.date().toString()));
      parameters.addParameter("consecutive-missed", new IntegerType(
          decision.consecutiveMissed()));
      parameters.addParameter("supervised", new BooleanType(dispense.supervised()));
      parameters.addParameter("quantity", Elements.milligrams(dispense.quantity()));
      parameters.addParameter("supervised-quantity", Elements.milligrams(
          dispense.supervisedQuantity()));
      parameters.addParameter("take-away-quantity", Elements.milligrams(
          dispense.takeAwayQuantity()));
      for (LocalDate day : dispense.days()) {
        parameters.addParameter("day", new DateType(day.toString()));
      }
    } else if (decision instanceof DispenseDecision.Withhold withhold) {
      parameters.addParameter("decision", new CodeType("withhold"));
      parameters.addParameter("reason", new CodeType(withhold.reason().code()));
      parameters.addParameter("date", new DateType(decision.date().toString()));
      parameters.addParameter("consecutive-missed", new IntegerType(
          decision.consecutiveMissed()));
      withhold.reviewPendingSince().ifPresent(since -> parameters.addParameter(
          "review-pending-since", new DateType(since.toString())));
    }
    parameters.addParameter("rule", new StringType(decision.rule().id()));
    parameters.addParameter("rule-set", new StringType(decision.ruleSet().toString()));
    parameters.addParameter("rule-summary", new StringType(decision.rule().summary()));
    notifications.forEach(n -> parameters.addParameter().setName("notification").setResource(n));
    flags.forEach(f -> parameters.addParameter().setName("flag").setResource(f));
    return parameters;
  }

  /**
   * What the pharmacist saw, from the optional body of {@code $check}: a Parameters with an
   * optional boolean {@code intoxicated}.
   *
   * @throws InvalidFhirInputException naming an unknown, repeated or ill-typed parameter
   */
  public static Presentation presentation(Parameters parameters) {
    Extensions.refuseUnknown(parameters);
    OperationInput input = OperationInput.of(parameters, "$check",
        OperationInput.Slot.optional("intoxicated"));
    boolean intoxicated = false;
    for (OperationInput.Given given : input.all("intoxicated")) {
      if (given.parameter().getValue() instanceof BooleanType value && value.hasValue()) {
        intoxicated = value.booleanValue();
      } else {
        input.problem(FhirIssue.error(IssueType.INVALID, given.at(),
            "intoxicated must be a valueBoolean"));
      }
    }
    input.ifInvalidThrow();
    return intoxicated ? Presentation.INTOXICATED : Presentation.USUAL;
  }

  // ---- shared ----

  /** Timing.repeat.dayOfWeek's code of a weekday, e.g. {@code mon}. */
  static String dayCode(DayOfWeek day) {
    return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
  }

  private static Reference contact(MedicationRequest request, String id, Contact contact) {
    PractitionerRole role = new PractitionerRole();
    role.setId(id);
    role.addCode(new CodeableConcept(new Coding(CodeSystems.OST_CONTACT_ROLE,
        CodeSystems.ostContactRole(contact.role()),
        CodeSystems.ostContactRoleDisplay(contact.role()))));
    role.getPractitioner().setDisplay(contact.name());
    role.setOrganization(Elements.organisation(contact.organisation()));
    request.addContained(role);
    return new Reference("#" + id);
  }

  private static MedicationDispense dispense(OstPrescription prescription, UUID key,
      String pharmacy, LocalDate first, LocalDate last) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pharmacy, "pharmacy");
    MedicationDispense dispense = Profiled.as(Profiled.OST_DISPENSE,
        new MedicationDispense());
    dispense.addIdentifier().setSystem(EVENT_SYSTEM).setValue(key.toString());
    dispense.setMedication(Elements.medication(dispense, prescription.medicine()));
    dispense.setSubject(Elements.patient(prescription.patient()));
    dispense.addPerformer().setActor(Elements.organisation(pharmacy));
    dispense.addAuthorizingPrescription(prescription(prescription.id()));
    dispense.addDosageInstruction(Elements.dailyDose(prescription.dailyDose(), first, last));
    return dispense;
  }

  private static MedicationDispense declined(OstPrescription prescription, UUID key,
      String pharmacy, LocalDate date, String reason, String display) {
    MedicationDispense dispense = dispense(prescription, key, pharmacy, date, date);
    dispense.setStatus(MedicationDispense.MedicationDispenseStatus.DECLINED);
    dispense.setStatusReason(new CodeableConcept(new Coding(CodeSystems.OST_WITHHOLD_REASON,
        reason, display)));
    return dispense;
  }

  private static CodeableConcept reason(WithholdReason reason) {
    return new CodeableConcept(CodeSystems.coding(CodeSystems.OST_WITHHOLD_REASON, reason));
  }

  private static void same(OstPrescription prescription, String id) {
    if (!prescription.id().equals(id)) {
      throw new IllegalArgumentException("it concerns prescription " + id + ", not "
          + prescription.id());
    }
  }

  /** The rule behind a result, as the result Bundle writes it. */
  private static void rationale(Extension extension, Rule rule, RuleSetVersion ruleSet) {
    extension.setUrl(ResultBundle.RATIONALE);
    extension.addExtension("rule", new StringType(rule.id()));
    extension.addExtension("rule-set", new StringType(ruleSet.toString()));
    extension.addExtension("text", new StringType(rule.summary()));
  }
}
