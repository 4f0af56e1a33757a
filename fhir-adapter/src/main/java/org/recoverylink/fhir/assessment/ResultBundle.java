package org.recoverylink.fhir.assessment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.GuidanceResponse;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RequestGroup;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.assessment.Advice;
import org.recoverylink.core.assessment.Assessment;
import org.recoverylink.core.assessment.Flag;
import org.recoverylink.core.id.RandomIds;
import org.recoverylink.core.rules.Input;
import org.recoverylink.core.rules.Rationale;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.core.screening.Instrument;
import org.recoverylink.core.screening.Instruments;
import org.recoverylink.core.screening.Score;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;

/**
 * An assessment as the result Bundle of docs/http-api.md "Assess" (type {@code collection}): the
 * assessed QuestionnaireResponses, one Observation per score, a Flag per flag raised, a
 * GuidanceResponse naming the rule set, its RequestGroup with one action per recommended step (each
 * pointing at a proposed ServiceRequest, as R4 requires an action to have a resource or
 * sub-actions), and any warnings. Entries refer to each other by {@code urn:uuid} full URLs, so the
 * Bundle is whole on its own: a referral can carry it and the receiving service sees the answers
 * behind every score.
 *
 * <p>Every Observation, Flag and action carries a {@link #RATIONALE} extension per rule that
 * produced it: rule id, rule set and version, and the rule with its inputs in words.
 */
public final class ResultBundle {

  private ResultBundle() {
  }

  /** Extension on results: why they came out as they did (sub-extensions rule, rule-set, text). */
  public static final String RATIONALE = Extensions.RATIONALE;
  /** Base of {@code GuidanceResponse.moduleUri}: {@code {base}{rule set id}|{version}}. */
  public static final String RULES_BASE = "https://recoverylink.org/fhir/rules/";
  static final String OBSERVATION_CATEGORY =
      "http://terminology.hl7.org/CodeSystem/observation-category";
  static final String FLAG_CATEGORY = "http://terminology.hl7.org/CodeSystem/flag-category";
  /** Core extension on Flag pointing at the resource that explains it. */
  static final String FLAG_DETAIL = "http://hl7.org/fhir/StructureDefinition/flag-detail";

  /** The result Bundle of an assessment, stamped with the current time. */
  public static Bundle of(FhirAssessor.Result result) {
    return of(result, Instant.now());
  }

  /** The result Bundle of an assessment made at {@code at}. */
  public static Bundle of(FhirAssessor.Result result, Instant at) {
    return new Writer(result, Date.from(at)).write();
  }

  /**
   * The moduleUri of a rule set, e.g.
   * {@code https://recoverylink.org/fhir/rules/uk-iba|2023.1.0}.
   */
  public static String moduleUri(RuleSetVersion ruleSet) {
    return RULES_BASE + ruleSet.id() + "|" + ruleSet.version();
  }

  /** One write: holds the urn of every entry so later entries can point at earlier ones. */
  private static final class Writer {

    private final FhirAssessor.Result result;
    private final Assessment assessment;
    private final Date at;
    private final Bundle bundle = new Bundle();
    // HAPI resources compare by identity, so a response is keyed by the instance assessed.
    private final Map<QuestionnaireResponse, String> responseUrns = new LinkedHashMap<>();
    private final Map<String, String> observationUrns = new LinkedHashMap<>();

    Writer(FhirAssessor.Result result, Date at) {
      this.result = result;
      this.assessment = result.assessment();
      this.at = at;
    }

    Bundle write() {
      bundle.setType(Bundle.BundleType.COLLECTION);
      bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
          .setValue(urn()));
      bundle.setTimestamp(at);
      for (QuestionnaireResponse source : new LinkedHashSet<>(result.sources().values())) {
        QuestionnaireResponse copy = source.copy();
        responseUrns.put(source, add(copy));
      }
      for (Score score : assessment.scores()) {
        observationUrns.put(score.instrumentId(), add(observation(score)));
      }
      for (Flag flag : assessment.flags()) {
        add(flag(flag));
      }
      List<Resource> proposals = new ArrayList<>();
      RequestGroup actions = requestGroup(proposals);
      String actionsUrn = urn();
      add(guidance(actionsUrn));
      add(actions, actionsUrn);
      proposals.forEach(proposal -> add(proposal, URN_UUID + proposal.getIdPart()));
      if (!result.warnings().isEmpty()) {
        OperationOutcome warnings = new OperationOutcome();
        result.warnings().forEach(w -> w.addTo(warnings));
        add(warnings);
      }
      return bundle;
    }

    private Observation observation(Score score) {
      Instrument instrument = score.instrument();
      QuestionnaireResponse source = result.sources().get(score.instrumentId());
      Observation observation = Profiled.as(Profiled.SCREENING_SCORE, new Observation());
      observation.setStatus(Observation.ObservationStatus.FINAL);
      observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey",
          "Survey")));
      CodeableConcept code = new CodeableConcept().setText(instrument.title() + " total score");
      instrument.totalCode().ifPresentOrElse(
          loinc -> code.addCoding(new Coding(Systems.LOINC, loinc, null)),
          () -> code.addCoding(new Coding(CodeSystems.SCORE, CodeSystems.scoreCode(instrument),
              instrument.title() + " total score")));
      instrument.snomedTotalCode().ifPresent(sct -> code.addCoding(new Coding(Systems.SNOMED, sct,
          null)));
      observation.setCode(code);
      observation.setSubject(subject());
      if (source != null && source.hasAuthored()) {
        observation.setEffective(source.getAuthoredElement().copy());
      }
      observation.setIssued(at);
      observation.setValue(new IntegerType(score.total()));
      observation.addInterpretation(new CodeableConcept(new Coding(CodeSystems.RISK_BAND,
          score.band().code(), score.band().display())).setText(score.band().display()));
      if (source != null) {
        observation.addDerivedFrom(new Reference(responseUrns.get(source)));
      }
      if (instrument == Instruments.AUDIT_C
          && observationUrns.containsKey(Instruments.AUDIT.id())) {
        observation.addDerivedFrom(new Reference(observationUrns.get(Instruments.AUDIT.id())));
      }
      rationale(observation.addExtension(), score.rationale());
      return observation;
    }

    private org.hl7.fhir.r4.model.Flag flag(Flag raised) {
      org.hl7.fhir.r4.model.Flag flag = Profiled.as(Profiled.SCREENING_FLAG,
          new org.hl7.fhir.r4.model.Flag());
      flag.setStatus(org.hl7.fhir.r4.model.Flag.FlagStatus.ACTIVE);
      flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY, "clinical", "Clinical")));
      flag.setCode(new CodeableConcept(CodeSystems.coding(CodeSystems.FLAG, raised.code()))
          .setText(raised.code().display()));
      flag.setSubject(subject());
      flag.setPeriod(new Period().setStart(at));
      for (String urn : observationsBehind(List.of(raised.rationale()))) {
        flag.addExtension(FLAG_DETAIL, new Reference(urn));
      }
      rationale(flag.addExtension(), raised.rationale());
      return flag;
    }

    private GuidanceResponse guidance(String actionsUrn) {
      GuidanceResponse guidance = Profiled.as(Profiled.SCREENING_GUIDANCE,
          new GuidanceResponse());
      guidance.setModule(new org.hl7.fhir.r4.model.UriType(moduleUri(assessment.ruleSet())));
      guidance.setStatus(GuidanceResponse.GuidanceResponseStatus.SUCCESS);
      guidance.setSubject(subject());
      guidance.setOccurrenceDateTime(at);
      observationUrns.values().forEach(urn -> guidance.addReasonReference(new Reference(urn)));
      guidance.setResult(new Reference(actionsUrn));
      return guidance;
    }

    /** The RequestGroup: one action per step, each pointing at its proposed ServiceRequest. */
    private RequestGroup requestGroup(List<Resource> proposals) {
      RequestGroup group = Profiled.as(Profiled.SCREENING_ADVICE, new RequestGroup());
      group.setStatus(RequestGroup.RequestStatus.ACTIVE);
      group.setIntent(RequestGroup.RequestIntent.PROPOSAL);
      group.setSubject(subject());
      group.setAuthoredOn(at);
      for (Advice advice : assessment.advice()) {
        RequestGroup.RequestPriority priority = advice.action().urgent()
            ? RequestGroup.RequestPriority.URGENT : RequestGroup.RequestPriority.ROUTINE;
        StringBuilder why = new StringBuilder();
        ServiceRequest proposal = new ServiceRequest();
        proposal.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        proposal.setIntent(ServiceRequest.ServiceRequestIntent.PROPOSAL);
        proposal.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(priority.toCode()));
        proposal.setCode(code(advice));
        proposal.setSubject(subject());
        proposal.setAuthoredOn(at);
        RequestGroup.RequestGroupActionComponent action = group.addAction();
        action.setTitle(advice.action().display());
        action.addCode(code(advice));
        action.setPriority(priority);
        for (Rationale rationale : advice.rationales()) {
          why.append(why.length() == 0 ? "" : " ")
              .append(rationale(action.addExtension(), rationale));
        }
        action.setDescription(why.toString());
        observationsBehind(advice.rationales()).forEach(urn ->
            proposal.addReasonReference(new Reference(urn)));
        String urn = urn();
        proposal.setId(urn.substring(URN_UUID.length()));
        proposals.add(proposal);
        action.setResource(new Reference(urn));
      }
      return group;
    }

    private static CodeableConcept code(Advice advice) {
      return new CodeableConcept(CodeSystems.coding(CodeSystems.ACTION, advice.action()))
          .setText(advice.action().display());
    }

    /** The Observations of the scores a rule looked at. */
    private Set<String> observationsBehind(List<Rationale> rationales) {
      Set<String> urns = new LinkedHashSet<>();
      for (Rationale rationale : rationales) {
        for (Input input : rationale.inputs()) {
          String instrumentId = input instanceof Input.Total total ? total.instrumentId()
              : input instanceof Input.ItemPoints item ? item.instrumentId() : null;
          if (instrumentId != null && observationUrns.containsKey(instrumentId)) {
            urns.add(observationUrns.get(instrumentId));
          }
        }
      }
      return urns;
    }

    private Reference subject() {
      return result.subject().map(Reference::copy)
          .orElseGet(() -> new Reference().setDisplay("not identified in the responses"));
    }

    private String add(Resource resource) {
      String urn = urn();
      add(resource, urn);
      return urn;
    }

    private void add(Resource resource, String urn) {
      resource.setId(urn.substring(URN_UUID.length()));
      bundle.addEntry().setFullUrl(urn).setResource(resource);
    }
  }

  private static final String URN_UUID = "urn:uuid:";

  private static String urn() {
    return URN_UUID + RandomIds.uuid();
  }

  /**
   * Fills a rationale extension: rule id, rule set and version, and the rule in words.
   *
   * @return the words, built once
   */
  private static String rationale(Extension extension, Rationale rationale) {
    String text = rationale.explain();
    extension.setUrl(RATIONALE);
    extension.addExtension("rule", new StringType(rationale.rule().id()));
    extension.addExtension("rule-set", new StringType(rationale.ruleSet().toString()));
    extension.addExtension("text", new StringType(text));
    return text;
  }
}
