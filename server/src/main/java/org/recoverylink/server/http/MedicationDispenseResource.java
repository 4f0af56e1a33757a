package org.recoverylink.server.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
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
import org.recoverylink.fhir.FhirIssue;
import org.recoverylink.fhir.pharmacy.ost.OstDispenseEvent;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.server.auth.Authentication;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.store.Ids;
import org.recoverylink.server.store.OstStore;

/**
 * The pharmacy's shared-care OST operations at the counter, on a prescription it registered:
 * <ul>
 *   <li>{@code POST MedicationDispense/$check?prescription=MedicationRequest/{id}&date=...}
 *       (optional body: Parameters with boolean {@code intoxicated}): whether to dispense
 *       today and what, from the patient's whole history; notifications owed are stored once
 *       each (a second check on the same occasion raises nothing new) and answered with the
 *       decision;
 *   <li>{@code POST MedicationDispense}: a supply, a day not collected (which may raise the
 *       missed-doses notification) or a dose withheld (which raises what the same check would
 *       have), stored under its identifier's key: the same key again answers what was stored
 *       (200) and changes nothing. A supply made while doses are withheld pending the
 *       prescriber's review is kept, marked with the rule it went against, and answered with an
 *       OperationOutcome warning (the stored supply at its Location); the prescriber and
 *       keyworker are told once, and the withhold still holds;
 *   <li>{@code GET MedicationDispense/{id}}: one the caller recorded.
 * </ul>
 */
@Path(FhirIo.BASE + "MedicationDispense")
@PatientData
public final class MedicationDispenseResource {

  private static final ZoneId ENGLAND = org.recoverylink.core.nhs.England.ZONE;
  private static final String PRESCRIPTION_REF = "MedicationRequest/";
  /** Where a MedicationDispense names its days. */
  private static final String DAYS =
      "MedicationDispense.dosageInstruction[0].timing.repeat.boundsPeriod";

  private final FhirIo io;
  private final OstStore ost;
  private final OstRules rules;

  public MedicationDispenseResource(FhirIo io, OstStore ost, OstRules rules) {
    this.io = io;
    this.ost = ost;
    this.rules = rules;
  }

  @POST
  @Path("$check")
  public Response check(byte[] body, @QueryParam("prescription") String prescription,
      @QueryParam("date") String date, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    String id = prescription == null || !prescription.startsWith(PRESCRIPTION_REF)
        || prescription.length() == PRESCRIPTION_REF.length() ? null
        : prescription.substring(PRESCRIPTION_REF.length());
    if (id == null) {
      throw new FhirProblem(400, IssueType.REQUIRED, "the prescription parameter is required:"
          + " prescription=MedicationRequest/{id}");
    }
    PathIds.require(id, "MedicationRequest");
    LocalDate day = day(date);
    Presentation presentation = FhirIo.isEmpty(body) ? Presentation.USUAL
        : OstResources.presentation(io.parse(body, headers, Parameters.class));
    OstStore.Prescription stored = ost.prescription(id, caller.organisation())
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no MedicationRequest "
            + Quote.of(id)));
    Audit.entity(request, PRESCRIPTION_REF + stored.id());
    Audit.patient(request, stored.patient());
    OstPrescription ostPrescription = prescription(stored);
    DispenseDecision decision = rules.beforeDispense(ostPrescription, history(
        stored.patient()), day, presentation);
    List<OstStore.Raised> raised = ost.raise(raised(stored, ostPrescription,
        decision.notifications(), decision.ruleSet(), caller.organisation()),
        Audit.entry(request, 200));
    if (!raised.isEmpty()) {
      Audit.written(request);
    }
    List<Communication> notifications = new ArrayList<>();
    List<Flag> flags = new ArrayList<>();
    for (OstStore.Raised notification : raised) {
      notifications.add(io.parseStored(notification.communication(), Communication.class));
      notification.flag().ifPresent(flag -> flags.add(io.parseStored(flag, Flag.class)));
    }
    return io.respond(200, OstResources.decision(decision, notifications, flags), headers,
        uri);
  }

  @POST
  public Response record(byte[] body, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstDispenseEvent event = OstResources.read(io.parse(body, headers,
        MedicationDispense.class), rules);
    Audit.patient(request, event.patient());
    String pharmacy = caller.organisation();
    if (event.pharmacy().isPresent() && !event.pharmacy().get().equals(pharmacy)) {
      throw new FhirProblem(422, List.of(FhirIssue.error(IssueType.BUSINESSRULE,
          "MedicationDispense.performer", "the performer must be your own pharmacy: a"
              + " pharmacy records what happened at its own counter")));
    }
    String key = event.key().toString();
    Optional<OstStore.Event> known = ost.event(key);
    if (known.isPresent()) {
      return again(known.get(), pharmacy, request, headers, uri);
    }
    OstStore.Prescription stored = ost.byIdentifier(pharmacy, event.prescription())
        .orElseThrow(() -> new FhirProblem(422, List.of(FhirIssue.error(IssueType.NOTFOUND,
            "MedicationDispense.authorizingPrescription", "no prescription with this"
                + " identifier was registered by your pharmacy: POST the MedicationRequest"
                + " first"))));
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
      throw new FhirProblem(422, issues);
    }
    Instant now = Instant.now();
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
        throw new FhirProblem(422, List.of(FhirIssue.error(IssueType.BUSINESSRULE, DAYS,
            "the days supplied are outside the prescription (" + prescription.validFrom()
                + " to " + prescription.validTo() + ")")));
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
    String json = FhirIo.json(written);
    Optional<OstEvent.Dispensed> supply = event instanceof OstDispenseEvent.Dispensed d
        ? Optional.of(d.event()) : Optional.empty();
    OstStore.Event row = new OstStore.Event(key, stored.id(), stored.prescription(),
        stored.patient(), pharmacy, kind, event.date(), first, last,
        supply.map(OstEvent.Dispensed::supervised).orElse(false),
        supply.map(OstEvent.Dispensed::quantity), against, now, json);
    Audit.entity(request, "MedicationDispense/" + key);
    OstStore.Recorded recorded = ost.record(row, raised, Audit.entry(request, 201));
    if (!recorded.created()) { // the same request at the same time: the other one stored it
      return again(recorded.event(), pharmacy, request, headers, uri);
    }
    Audit.written(request);
    return Response.fromResponse(answer(201, json, headers, uri)).location(URI.create(
        uri.getBaseUri() + FhirIo.BASE + "MedicationDispense/" + key)).build();
  }

  /**
   * The answer to a recorded event: the MedicationDispense; for a supply against a withhold,
   * an OperationOutcome warning saying so (the supply is at the Location).
   */
  private Response answer(int status, String json, HttpHeaders headers, UriInfo uri) {
    Optional<String> against = OstResources.againstWithhold(io.parseStored(json,
        MedicationDispense.class));
    if (against.isEmpty()) {
      return io.respondStored(status, json, MedicationDispense.class, headers, uri);
    }
    OperationOutcome outcome = new OperationOutcome();
    FhirIssue.warning(IssueType.BUSINESSRULE, "MedicationDispense", against.get())
        .addTo(outcome);
    return io.respond(status, outcome, headers, uri);
  }

  @GET
  @Path("{id}")
  public Response read(@PathParam("id") String id, @Context ContainerRequestContext request,
      @Context HttpHeaders headers, @Context UriInfo uri) {
    Caller caller = Authentication.require(request, Role.PHARMACY);
    OstStore.Event event = ost.event(id).filter(e -> e.pharmacy().equals(caller.organisation()))
        .filter(e -> !e.kind().equals("reviewed")) // a review is no MedicationDispense
        .orElseThrow(() -> new FhirProblem(404, IssueType.NOTFOUND, "no MedicationDispense "
            + id));
    Audit.entity(request, "MedicationDispense/" + event.id());
    Audit.patient(request, event.patient());
    return io.respondStored(200, event.json(), MedicationDispense.class, headers, uri);
  }

  /** The same key again: what was stored (200), if it was this pharmacy's. */
  private Response again(OstStore.Event stored, String pharmacy,
      ContainerRequestContext request, HttpHeaders headers, UriInfo uri) {
    if (!stored.pharmacy().equals(pharmacy) || stored.kind().equals("reviewed")) {
      throw new FhirProblem(409, List.of(FhirIssue.error(IssueType.DUPLICATE,
          "MedicationDispense.identifier", "this key is another event's: every event needs"
              + " a key of its own (a new UUID)")));
    }
    Audit.entity(request, "MedicationDispense/" + stored.id());
    Response answer = answer(200, stored.json(), headers, uri);
    return stored.against().isEmpty() ? answer : Response.fromResponse(answer).location(
        URI.create(uri.getBaseUri() + FhirIo.BASE + "MedicationDispense/" + stored.id()))
        .build();
  }

  /** The day of a check: {@code date}, or today in England. */
  private static LocalDate day(String date) {
    if (date == null) {
      return LocalDate.now(ENGLAND);
    }
    try {
      return LocalDate.parse(date);
    } catch (DateTimeParseException e) {
      throw new FhirProblem(400, IssueType.INVALID, "date must be a day, YYYY-MM-DD");
    }
  }

  private OstPrescription prescription(OstStore.Prescription stored) {
    return OstResources.read(io.parseStored(stored.json(), MedicationRequest.class), rules);
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
   * refused (422) at the dosage's day.
   */
  private MissedDay missed(OstPrescription prescription, String patient, LocalDate date) {
    try {
      return rules.missed(prescription, history(patient), date);
    } catch (InvalidPharmacyDataException e) {
      List<FhirIssue> issues = new ArrayList<>();
      for (Problem problem : e.problems()) {
        issues.add(FhirIssue.error(IssueType.BUSINESSRULE, DAYS, problem.message()));
      }
      throw new FhirProblem(422, issues);
    }
  }

  /** The notifications as stored: Communication, and Flag where doses are withheld. */
  private static List<OstStore.Raised> raised(OstStore.Prescription stored,
      OstPrescription prescription, List<Notification> notifications, RuleSetVersion ruleSet,
      String pharmacy) {
    List<OstStore.Raised> raised = new ArrayList<>();
    Instant now = Instant.now();
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
          FhirIo.json(communication), flagId, flag.map(FhirIo::json)));
    }
    return raised;
  }

  /** What this serves, for the CapabilityStatement. */
  public void describe(CapabilityStatement.CapabilityStatementRestComponent rest) {
    CapabilityStatement.CapabilityStatementRestResourceComponent resource =
        MetadataResource.resource(rest, "MedicationDispense").setDocumentation("Shared-care"
            + " OST at the counter (role pharmacy): a supply (completed), a day not collected"
            + " or a dose withheld (declined, statusReason from"
            + " https://recoverylink.org/fhir/CodeSystem/ost-withhold-reason), once per"
            + " identifier; readable by the recording pharmacy.");
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.CREATE);
    resource.addInteraction().setCode(CapabilityStatement.TypeRestfulInteraction.READ);
    resource.addOperation().setName("check")
        .setDefinition("https://recoverylink.org/fhir/OperationDefinition/ost-check")
        .setDocumentation("POST MedicationDispense/$check?prescription=MedicationRequest/{id}"
            + "&date=YYYY-MM-DD, optional body Parameters with boolean intoxicated: dispense or"
            + " withhold today, with the notifications raised (Communication, Flag).");
  }
}
