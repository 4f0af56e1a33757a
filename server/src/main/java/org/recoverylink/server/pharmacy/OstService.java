package org.recoverylink.server.pharmacy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.nhs.England;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.Presentation;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.pharmacy.ost.WithholdReason;
import org.recoverylink.core.rules.Rule;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.OstStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * Shared-care OST at the pharmacy counter: registering a prescription, the check before a dose
 * (notifications owed stored once each), recording a supply, a day not collected or a dose
 * withheld under its key, and the prescriber's review. Decides by the {@link OstRules} it is
 * given, stamps by its clock; invalid input is an {@link InvalidFhirInputException}, what is
 * not the caller's a {@link Refused}. Thread-safe.
 */
public final class OstService {

  private static final String PRESCRIPTION_REF = "MedicationRequest/";
  /** Where a MedicationDispense names its days. */
  private static final String DAYS =
      "MedicationDispense.dosageInstruction[0].timing.repeat.boundsPeriod";
  private static final String REVIEW_ID = "Parameters.parameter.where(name = 'id')";

  private final OstStore ost;
  private final OstRules rules;
  private final FhirContext fhir;
  private final Clock clock;

  /**
   * @param fhir  reads back what was stored
   * @param clock stamps what is stored; its day in England is a check's day when none is given
   */
  public OstService(OstStore ost, OstRules rules, FhirContext fhir, Clock clock) {
    this.ost = Objects.requireNonNull(ost, "ost");
    this.rules = Objects.requireNonNull(rules, "rules");
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * A registration: the prescription stored, and whether now (or before, under the same
   * prescription id).
   */
  public record Registered(OstStore.Prescription prescription, boolean created) {
  }

  /** A check's answer: the decision and the notifications it raised, as stored. */
  public record Checked(DispenseDecision decision, List<Communication> notifications,
      List<Flag> flags) {

    public Checked {
      Objects.requireNonNull(decision, "decision");
      notifications = List.copyOf(notifications);
      flags = List.copyOf(flags);
    }

    /** The answer of {@code $check}. */
    public Parameters parameters() {
      return OstResources.decision(decision, notifications, flags);
    }
  }

  /**
   * An event at the counter as stored.
   *
   * @param event   the event, stored now or before under its key
   * @param created whether it was stored now
   * @param warning for a supply made against a withhold, what to warn the pharmacy of
   */
  public record Recorded(OstStore.Event event, boolean created, Optional<String> warning) {
  }

  /** A prescriber's review as answered, and whether it was stored now. */
  public record Reviewed(Parameters answer, boolean created) {
  }

  // ---- MedicationRequest ----

  /**
   * Registers an OST prescription for {@code pharmacy}; the same prescription id again answers
   * the first registration.
   *
   * @throws InvalidFhirInputException when it is not a valid OST prescription
   */
  public Registered register(MedicationRequest request, String pharmacy, AuditNotes audit) {
    OstPrescription prescription = OstResources.read(request, rules);
    audit.patient(prescription.patient());
    Instant now = clock.instant();
    String id = Ids.timeOrdered();
    MedicationRequest stored = OstResources.write(prescription);
    stored.setId(id);
    stored.getMeta().setLastUpdated(Date.from(now));
    audit.entity(PRESCRIPTION_REF + id);
    OstStore.Prescription registered = ost.register(new OstStore.Prescription(id, pharmacy,
        prescription.id(), prescription.patient(), prescription.validFrom(),
        prescription.validTo(), now, json(stored)), audit.entry(201));
    if (!registered.id().equals(id)) { // registered before: answer what was stored
      audit.entity(PRESCRIPTION_REF + registered.id());
      return new Registered(registered, false);
    }
    audit.written();
    return new Registered(registered, true);
  }

  /** A prescription {@code pharmacy} registered, by its id here. */
  public Optional<OstStore.Prescription> prescription(String id, String pharmacy) {
    return ost.prescription(id, pharmacy);
  }

  /**
   * Records the prescriber's review ({@code $prescriber-review} Parameters: prescription, date,
   * id): dispensing may resume from its date. The same id again changes nothing.
   *
   * @throws InvalidFhirInputException naming every missing or wrong parameter
   * @throws Refused NOT_FOUND when the pharmacy registered no such prescription,
   *     CONFLICT when the id is another event's
   */
  public Reviewed review(Parameters in, String pharmacy, AuditNotes audit) {
    Extensions.refuseUnknown(in);
    List<FhirIssue> issues = new ArrayList<>();
    String prescription = text(in, "prescription", issues);
    String id = text(in, "id", issues);
    if (id != null) {
      try {
        id = UUID.fromString(id).toString();
      } catch (IllegalArgumentException e) {
        issues.add(FhirIssue.error(IssueType.VALUE, REVIEW_ID, "the id is a UUID"));
      }
    }
    Type date = value(in, "date");
    if (!(date instanceof DateType day) || day.getPrecision() != TemporalPrecisionEnum.DAY) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters.parameter.where(name ="
          + " 'date')", "the date of the review is required, as a full date"));
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    OstStore.Prescription stored = ost.byIdentifier(pharmacy, prescription)
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, List.of(
            FhirIssue.error(IssueType.NOTFOUND, "", "no prescription with this id was"
                + " registered by your pharmacy"))));
    audit.entity(PRESCRIPTION_REF + stored.id());
    audit.patient(stored.patient());
    LocalDate reviewed = LocalDate.parse(((DateType) date).getValueAsString());
    Parameters answer = new Parameters();
    answer.addParameter("id", id);
    answer.addParameter().setName("prescription").setValue(new StringType(prescription));
    answer.addParameter().setName("date").setValue(new DateType(reviewed.toString()));
    Optional<OstStore.Event> known = ost.event(id);
    if (known.isPresent() && (!known.get().kind().equals("reviewed")
        || !known.get().pharmacy().equals(pharmacy))) {
      throw new Refused(Refused.Reason.CONFLICT, List.of(FhirIssue.error(
          IssueType.DUPLICATE, REVIEW_ID, "this id is another event's: every event needs an"
              + " id of its own (a new UUID)")));
    }
    OstStore.Recorded recorded = ost.record(new OstStore.Event(id, stored.id(), prescription,
        stored.patient(), pharmacy, "reviewed", reviewed, reviewed, reviewed, false,
        Optional.empty(), Optional.empty(), clock.instant(), json(answer)), List.of(),
        audit.entry(201));
    if (recorded.created()) {
      audit.written();
    }
    return new Reviewed(parse(recorded.event().json(), Parameters.class), recorded.created());
  }

  // ---- MedicationDispense ----

  /**
   * Whether to dispense on {@code day} (today in England when empty) and what, from the
   * patient's whole history; notifications owed are stored once each.
   *
   * @throws Refused NOT_FOUND when {@code pharmacy} registered no such prescription
   */
  public Checked check(String prescriptionId, Optional<LocalDate> day,
      Presentation presentation, String pharmacy, AuditNotes audit) {
    OstStore.Prescription stored = ost.prescription(prescriptionId, pharmacy)
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, List.of(
            FhirIssue.error(IssueType.NOTFOUND, "", "no MedicationRequest "
                + Quote.of(prescriptionId)))));
    audit.entity(PRESCRIPTION_REF + stored.id());
    audit.patient(stored.patient());
    OstPrescription prescription = prescription(stored);
    DispenseDecision decision = rules.beforeDispense(prescription, history(stored.patient()),
        day.orElseGet(() -> LocalDate.now(clock.withZone(England.ZONE))), presentation);
    List<OstStore.Raised> raised = ost.raise(raised(stored, prescription,
        decision.notifications(), decision.ruleSet(), pharmacy), audit.entry(200));
    if (!raised.isEmpty()) {
      audit.written();
    }
    List<Communication> notifications = new ArrayList<>();
    List<Flag> flags = new ArrayList<>();
    for (OstStore.Raised notification : raised) {
      notifications.add(parse(notification.communication(), Communication.class));
      notification.flag().ifPresent(flag -> flags.add(parse(flag, Flag.class)));
    }
    return new Checked(decision, notifications, flags);
  }

  /**
   * Records a supply, a day not collected or a dose withheld under its key; the same key
   * again answers what was stored and changes nothing. A supply made while doses are withheld
   * is kept, marked with the rule it went against, with a warning.
   *
   * @throws InvalidFhirInputException when it is not valid, or not for a prescription the
   *     pharmacy registered for this patient and medicine, or its days are not the
   *     prescription's
   * @throws Refused CONFLICT when the key is another event's
   */
  public Recorded record(MedicationDispense dispense, String pharmacy, AuditNotes audit) {
    OstDispenseEvent event = OstResources.read(dispense, rules);
    audit.patient(event.patient());
    if (event.pharmacy().isPresent() && !event.pharmacy().get().equals(pharmacy)) {
      throw invalid(IssueType.BUSINESSRULE, "MedicationDispense.performer", "the performer"
          + " must be your own pharmacy: a pharmacy records what happened at its own counter");
    }
    String key = event.key().toString();
    Optional<OstStore.Event> known = ost.event(key);
    if (known.isPresent()) {
      return again(known.get(), pharmacy, audit);
    }
    OstStore.Prescription stored = ost.byIdentifier(pharmacy, event.prescription())
        .orElseThrow(() -> invalid(IssueType.NOTFOUND,
            "MedicationDispense.authorizingPrescription", "no prescription with this"
                + " identifier was registered by your pharmacy: POST the MedicationRequest"
                + " first"));
    OstPrescription prescription = prescription(stored);
    List<FhirIssue> issues = new ArrayList<>();
    if (!prescription.patient().equals(event.patient())) {
      issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "MedicationDispense.subject",
          "the patient is not the prescription's patient"));
    }
    if (prescription.medicine() != event.medicine()) {
      issues.add(FhirIssue.error(IssueType.BUSINESSRULE, "MedicationDispense.medication",
          "the medicine is not the prescription's (" + prescription.medicine().code() + ")"));
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    Instant now = clock.instant();
    MedicationDispense written;
    List<OstStore.Raised> raised = List.of();
    String kind;
    LocalDate first;
    LocalDate last;
    Optional<String> against = Optional.empty();
    if (event instanceof OstDispenseEvent.Dispensed dispensed) {
      List<LocalDate> days = dispensed.event().days();
      first = days.get(0);
      last = days.get(days.size() - 1);
      if (!prescription.validOn(first) || !prescription.validOn(last)) {
        throw invalid(IssueType.BUSINESSRULE, DAYS, "the days supplied are outside the"
            + " prescription (" + prescription.validFrom() + " to " + prescription.validTo()
            + ")");
      }
      kind = "dispensed";
      written = OstResources.dispensed(prescription, dispensed.event(), event.key(), pharmacy);
      Supplied supplied = rules.supplied(prescription, history(stored.patient()),
          dispensed.event());
      if (supplied.againstWithhold()) { // kept, for it happened; the withhold still holds
        OstResources.againstWithhold(prescription, written, supplied);
        against = supplied.against().map(Rule::id);
        raised = raised(stored, prescription, supplied.notifications(), supplied.ruleSet(),
            pharmacy);
      }
    } else if (event instanceof OstDispenseEvent.NotCollected notCollected) {
      MissedDay missed = missed(prescription, stored.patient(), notCollected.date());
      raised = raised(stored, prescription, missed.notifications(), missed.ruleSet(),
          pharmacy);
      kind = "not-collected";
      first = last = missed.date();
      written = OstResources.notCollected(prescription, missed, event.key(), pharmacy);
    } else {
      OstDispenseEvent.Withheld withheld = (OstDispenseEvent.Withheld) event;
      kind = "withheld";
      first = last = withheld.date();
      raised = raised(stored, prescription, owed(prescription, stored.patient(), withheld),
          rules.settings().version(), pharmacy);
      written = OstResources.withheld(prescription, withheld.date(), withheld.reason(),
          event.key(), pharmacy);
    }
    written.setId(key);
    written.getMeta().setLastUpdated(Date.from(now));
    written.getAuthorizingPrescriptionFirstRep().setReference(PRESCRIPTION_REF + stored.id());
    Optional<OstEvent.Dispensed> supply = event instanceof OstDispenseEvent.Dispensed d
        ? Optional.of(d.event()) : Optional.empty();
    OstStore.Event row = new OstStore.Event(key, stored.id(), stored.prescription(),
        stored.patient(), pharmacy, kind, event.date(), first, last,
        supply.map(OstEvent.Dispensed::supervised).orElse(false),
        supply.map(OstEvent.Dispensed::quantity), against, now, json(written));
    audit.entity("MedicationDispense/" + key);
    OstStore.Recorded recorded = ost.record(row, raised, audit.entry(201));
    if (!recorded.created()) { // the same request at the same time: the other one stored it
      return again(recorded.event(), pharmacy, audit);
    }
    audit.written();
    return new Recorded(row, true, OstResources.againstWithhold(written));
  }

  /** An event {@code pharmacy} recorded at its counter, by its key (a review is none). */
  public Optional<OstStore.Event> dispense(String id, String pharmacy) {
    return ost.event(id).filter(e -> e.pharmacy().equals(pharmacy))
        .filter(e -> !e.kind().equals("reviewed"));
  }

  /** An event stored before under the key: the caller's own answers it, another's conflicts. */
  private Recorded again(OstStore.Event stored, String pharmacy, AuditNotes audit) {
    if (!stored.pharmacy().equals(pharmacy) || stored.kind().equals("reviewed")) {
      throw new Refused(Refused.Reason.CONFLICT, List.of(FhirIssue.error(
          IssueType.DUPLICATE, "MedicationDispense.identifier", "this key is another event's:"
              + " every event needs a key of its own (a new UUID)")));
    }
    audit.entity("MedicationDispense/" + stored.id());
    return new Recorded(stored, false, OstResources.againstWithhold(parse(stored.json(),
        MedicationDispense.class)));
  }

  private OstPrescription prescription(OstStore.Prescription stored) {
    return OstResources.read(parse(stored.json(), MedicationRequest.class), rules);
  }

  /** What the rules need of the patient's history: supplies, reviews, notifications raised. */
  private List<OstEvent> history(String patient) {
    List<OstEvent> history = new ArrayList<>();
    for (OstStore.Event event : ost.events(patient)) {
      if (event.kind().equals("dispensed")) {
        history.add(new OstEvent.Dispensed(event.prescriptionIdentifier(), event.date(),
            event.firstDay().datesUntil(event.lastDay().plusDays(1)).toList(),
            event.supervised(), event.quantity().orElseThrow()));
      } else if (event.kind().equals("reviewed")) {
        history.add(new OstEvent.PrescriberReviewed(event.date()));
      }
    }
    for (OstStore.Raised raised : ost.notifications(patient)) {
      history.add(new OstEvent.NotificationRaised(raised.key(), raised.raised()));
    }
    return history;
  }

  /**
   * What a check on the day of a dose withheld would have raised, when the rules withhold it for
   * the same reason: a plug-in withholds at its own counter and sends the dose withheld, so the
   * prescriber hears of it from here too (missed days nobody recorded included).
   */
  private List<Notification> owed(OstPrescription prescription, String patient,
      OstDispenseEvent.Withheld withheld) {
    DispenseDecision decision = rules.beforeDispense(prescription, history(patient),
        withheld.date(), withheld.reason() == WithholdReason.INTOXICATED
            ? Presentation.INTOXICATED : Presentation.USUAL);
    return decision instanceof DispenseDecision.Withhold withhold
        && withhold.reason() == withheld.reason() ? withhold.notifications() : List.of();
  }

  /**
   * The missed day, by the rules; a day outside the prescription or already supplied is
   * refused at the dosage's day.
   */
  private MissedDay missed(OstPrescription prescription, String patient, LocalDate date) {
    try {
      return rules.missed(prescription, history(patient), date);
    } catch (InvalidPharmacyDataException e) {
      List<FhirIssue> issues = new ArrayList<>();
      for (Problem problem : e.problems()) {
        issues.add(FhirIssue.error(IssueType.BUSINESSRULE, DAYS, problem.message()));
      }
      throw new InvalidFhirInputException(issues);
    }
  }

  /** The notifications as stored: Communication, and Flag where doses are withheld. */
  private List<OstStore.Raised> raised(OstStore.Prescription stored,
      OstPrescription prescription, List<Notification> notifications, RuleSetVersion ruleSet,
      String pharmacy) {
    List<OstStore.Raised> raised = new ArrayList<>();
    Instant now = clock.instant();
    for (Notification notification : notifications) {
      String id = Ids.timeOrdered();
      Communication communication = OstResources.communication(prescription, notification,
          ruleSet, pharmacy);
      communication.setId(id);
      communication.getMeta().setLastUpdated(Date.from(now));
      communication.getAboutFirstRep().setReference(PRESCRIPTION_REF + stored.id());
      Optional<Flag> flag = OstResources.flag(prescription, notification, pharmacy);
      Optional<String> flagId = flag.map(f -> Ids.timeOrdered());
      flag.ifPresent(f -> {
        f.setId(flagId.get());
        f.getMeta().setLastUpdated(Date.from(now));
        f.getExtension().forEach(detail -> {
          if (detail.getValue() instanceof Reference reference) {
            reference.setReference(PRESCRIPTION_REF + stored.id());
          }
        });
      });
      raised.add(new OstStore.Raised(id, prescription.patient(), notification.key(),
          stored.id(), pharmacy, notification.reason().code(), notification.date(), now,
          json(communication), flagId, flag.map(OstService::json)));
    }
    return raised;
  }

  private static Type value(Parameters in, String name) {
    Parameters.ParametersParameterComponent parameter = in.getParameter(name);
    return parameter == null ? null : parameter.getValue();
  }

  private static String text(Parameters in, String name, List<FhirIssue> issues) {
    Type value = value(in, name);
    if (value == null || !value.isPrimitive() || value.primitiveValue() == null
        || value.primitiveValue().isBlank()) {
      issues.add(FhirIssue.error(IssueType.REQUIRED, "Parameters.parameter.where(name = '"
          + name + "')", "the " + name + " is required"));
      return null;
    }
    return value.primitiveValue();
  }

  private static InvalidFhirInputException invalid(IssueType type, String expression,
      String diagnostics) {
    return new InvalidFhirInputException(List.of(FhirIssue.error(type, expression,
        diagnostics)));
  }

  static String json(Resource resource) {
    return new String(JsonEncoder.encode(resource), StandardCharsets.UTF_8);
  }

  /** A resource this server stored as JSON, read back. */
  private <T extends IBaseResource> T parse(String json, Class<T> type) {
    return fhir.newJsonParser().parseResource(type, json);
  }
}
