package org.recoverylink.fhir.pharmacy;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Product;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Reason;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Recipient;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply.Training;
import org.recoverylink.core.pharmacy.naloxone.UseReport;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.Values.Located;
import org.recoverylink.fhir.pharmacy.Values.Reader;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;

/**
 * A take-home naloxone supply ({@link NaloxoneSupply}) and what it records
 * ({@link NaloxoneRecord}) in FHIR R4, both ways.
 *
 * <p><b>Parameters</b>, the body of {@code POST $naloxone-supply}: {@code id} (valueString, the
 * caller's UUID), {@code pharmacy} (valueIdentifier, ODS), {@code at} (valueDateTime with
 * offset), {@code recipient} (valueCoding, naloxone-recipient), {@code product} (valueCoding,
 * naloxone-product), {@code kits} (valueInteger), {@code reason} (valueCoding, naloxone-reason),
 * {@code training} 0..* (valueCoding, naloxone-training), {@code client} 0..1 (valueIdentifier
 * in {@link HarmReductionCodes#CLIENT_CODE}), {@code use-report} 0..1 (parts {@code used}
 * valueDate 0..1, {@code ambulance-called} valueBoolean, {@code outcome} valueCoding
 * overdose-outcome). Codes are read as valueCode too.
 *
 * <p><b>Standard resources</b>: see {@link #toBundle}. Reading either form refuses identity
 * data first ({@link IdentityGuard}).
 */
public final class NaloxoneResources {

  /** The operation, as in {@code POST /fhir/$naloxone-supply}. */
  public static final String OPERATION = "$naloxone-supply";

  private static final String[] NAMES = {"id", "pharmacy", "at", "recipient", "product", "kits",
      "reason", "training", "client", "use-report"};

  private NaloxoneResources() {
  }

  /** The supply as the Parameters of {@code $naloxone-supply}. */
  public static Parameters toParameters(NaloxoneSupply supply) {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("id").setValue(new StringType(supply.id()));
    parameters.addParameter().setName("pharmacy").setValue(new Identifier()
        .setSystem(Systems.ODS).setValue(supply.pharmacy()));
    parameters.addParameter().setName("at").setValue(Values.dateTime(supply.at()));
    parameters.addParameter().setName("recipient")
        .setValue(Values.coding(HarmReductionCodes.RECIPIENT, supply.recipient()));
    parameters.addParameter().setName("product")
        .setValue(Values.coding(HarmReductionCodes.PRODUCT, supply.product()));
    parameters.addParameter().setName("kits").setValue(new IntegerType(supply.kits()));
    parameters.addParameter().setName("reason")
        .setValue(Values.coding(HarmReductionCodes.REASON, supply.reason()));
    for (Training training : supply.training()) {
      parameters.addParameter().setName("training")
          .setValue(Values.coding(HarmReductionCodes.TRAINING, training));
    }
    supply.client().ifPresent(client -> parameters.addParameter().setName("client")
        .setValue(new Identifier().setSystem(HarmReductionCodes.CLIENT_CODE)
            .setValue(client.value())));
    supply.useReport().ifPresent(report -> {
      ParametersParameterComponent given = parameters.addParameter().setName("use-report");
      report.used().ifPresent(day -> given.addPart(Values.part("used", new DateType(
          day.toString()))));
      given.addPart(Values.part("ambulance-called", new BooleanType(report.ambulanceCalled())));
      given.addPart(Values.part("outcome", Values.coding(HarmReductionCodes.OVERDOSE_OUTCOME,
          report.outcome())));
    });
    return parameters;
  }

  /**
   * The supply in the Parameters of {@code $naloxone-supply}.
   *
   * @throws InvalidFhirInputException (422) when it carries identity data, naming only that;
   *     else listing every problem, core's included
   */
  public static NaloxoneSupply fromParameters(Parameters parameters) {
    IdentityGuard.refuseIdentity(parameters);
    Extensions.refuseUnknown(parameters);
    Reader reader = new Reader();
    Map<String, List<Located>> given = reader.byName(parameters.getParameter(), "Parameters",
        "parameter", NAMES);
    for (String name : NAMES) {
      if (!name.equals("training")) {
        Values.one(reader, given, name);
      }
    }
    Optional<String> id = first(given, "id").flatMap(p -> reader.string(p.value(),
        p.valueAt()));
    Optional<String> pharmacy = first(given, "pharmacy")
        .flatMap(p -> reader.identifier(p.value(), p.valueAt(), Systems.ODS));
    Optional<OffsetDateTime> at = first(given, "at")
        .flatMap(p -> reader.dateTime(p.value(), p.valueAt()));
    Recipient recipient = code(reader, given, "recipient", HarmReductionCodes.RECIPIENT,
        Recipient.class);
    Product product = code(reader, given, "product", HarmReductionCodes.PRODUCT,
        Product.class);
    int kits = first(given, "kits").flatMap(p -> reader.integer(p.value(), p.valueAt()))
        .orElse(0);
    Reason reason = code(reader, given, "reason", HarmReductionCodes.REASON, Reason.class);
    Set<Training> training = EnumSet.noneOf(Training.class);
    for (Located topic : given.get("training")) {
      reader.code(topic.value(), topic.valueAt(), HarmReductionCodes.TRAINING, Training.class)
          .ifPresent(training::add);
    }
    Optional<ClientCode> client = first(given, "client").flatMap(p -> reader.identifier(
        p.value(), p.valueAt(), HarmReductionCodes.CLIENT_CODE)
        .flatMap(code -> NspResources.clientCode(code, p.valueAt(), reader)));
    Optional<UseReport> useReport = Optional.empty();
    Optional<Located> report = first(given, "use-report");
    if (report.isPresent()) {
      Located located = report.get();
      Map<String, List<Located>> parts = reader.byName(located.parameter().getPart(),
          located.at(), "part", "used", "ambulance-called", "outcome");
      Optional<LocalDate> used = Values.one(reader, parts, "used")
          .flatMap(p -> date(reader, p.value(), p.valueAt()));
      Optional<Boolean> ambulance = Values.one(reader, parts, "ambulance-called")
          .flatMap(p -> reader.bool(p.value(), p.valueAt()));
      reader.required(ambulance, located.at(), "the ambulance-called part");
      Optional<UseReport.Outcome> outcome = Values.one(reader, parts, "outcome")
          .flatMap(p -> reader.code(p.value(), p.valueAt(), HarmReductionCodes.OVERDOSE_OUTCOME,
              UseReport.Outcome.class));
      try {
        useReport = Optional.of(new UseReport(used, ambulance.orElse(false),
            outcome.orElse(null)));
      } catch (InvalidPharmacyDataException e) {
        reader.refused(e, field -> located.at());
      }
    }
    try {
      NaloxoneSupply supply = new NaloxoneSupply(id.orElse(null), pharmacy.orElse(null),
          at.orElse(null), recipient, product, kits, reason, training,
          client, useReport);
      reader.ifInvalidThrow();
      return supply;
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> {
        String name = field.split("[.\\[]", 2)[0].replace("useReport", "use-report");
        return first(given, name).map(Located::at).orElse("Parameters");
      });
      reader.ifInvalidThrow();
      throw e;
    }
  }

  /**
   * The answer of {@code $naloxone-supply}: a Parameters with {@code id} (valueString),
   * {@code record} (resource: the Bundle of {@link #toBundle}), {@code naloxone-used}
   * (valueBoolean: whether a naloxone-used event was recorded), {@code prompt} 0..* (parts
   * {@code rule} valueString, the rule's id, and {@code message} valueString, for the
   * pharmacist) and {@code rule-set} (valueString, e.g. {@code uk-thn|2026.1.0}). The record's
   * Patient, when there is one, is identified by the client's pseudonym in
   * {@link HarmReductionCodes#CLIENT_PSEUDONYM} instead of the code.
   *
   * @param pseudonyms the keyed hash of a client code, as the server stores it
   */
  public static Parameters answer(NaloxoneRecord record,
      Function<ClientCode, ClientPseudonym> pseudonyms) {
    Parameters answer = new Parameters();
    answer.addParameter().setName("id").setValue(new StringType(record.supply().id()));
    answer.addParameter().setName("record").setResource(toBundle(record));
    answer.addParameter().setName("naloxone-used")
        .setValue(new BooleanType(record.used().isPresent()));
    for (NaloxoneRecord.Prompt prompt : record.prompts()) {
      ParametersParameterComponent given = answer.addParameter().setName("prompt");
      given.addPart(Values.part("rule", new StringType(prompt.rule().id())));
      given.addPart(Values.part("message", new StringType(prompt.message())));
    }
    answer.addParameter().setName("rule-set").setValue(new StringType(record.ruleSet().id()
        + "|" + record.ruleSet().version()));
    return Values.pseudonymised(answer, pseudonyms);
  }

  /**
   * What the supply records as standard resources, a {@code collection} Bundle identified by
   * the supply id ({@link HarmReductionCodes#NALOXONE_SUPPLY_ID}), with stable {@code urn:uuid}s:
   * <ul>
   * <li>Patient, only when a client code was given: the recipient, the code as its only
   *     identifier;
   * <li>MedicationDispense: status completed; medicationCodeableConcept SNOMED CT 372890007
   *     Naloxone with the naloxone-product coding; quantity the kits (unit {@code kit});
   *     category the recipient type (naloxone-recipient: who took the kits is the kind of
   *     supply); type the reason (naloxone-reason: first supply or which replacement is the
   *     kind of dispensing event); subject and receiver the Patient when there is one;
   *     performer the pharmacy by ODS code; whenHandedOver the time; identifier the supply id;
   * <li>Procedure per training topic: status completed, code naloxone-training, subject the
   *     Patient, or when there is none a reference naming the recipient type only;
   * <li>Observation of the naloxone-used event, exactly when the supply replaces a kit used on
   *     an overdose: status final, code harm-reduction {@code naloxone-used}, effectiveDateTime
   *     the day it was reported, partOf the MedicationDispense, performer the pharmacy, no
   *     subject (who overdosed is not recorded), identifier the supply id; components
   *     {@code date-used} (when known), {@code ambulance-called} and {@code overdose-outcome}
   *     when there is a use report. A commissioner counts these by code.
   * </ul>
   */
  public static Bundle toBundle(NaloxoneRecord record) {
    NaloxoneSupply supply = record.supply();
    String id = supply.id();
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setIdentifier(identifier(id));
    Optional<Reference> patient = supply.client().map(client -> Values.add(bundle,
        Values.urn(id, "patient"), Values.patient(client)));
    Reference pharmacy = Values.organisation(supply.pharmacy());
    MedicationDispense dispense = Profiled.as(Profiled.NALOXONE_SUPPLY, new MedicationDispense())
        .setStatus(MedicationDispense.MedicationDispenseStatus.COMPLETED);
    dispense.addIdentifier(identifier(id));
    CodeableConcept naloxone = new CodeableConcept(new Coding(Systems.SNOMED,
        HarmReductionCodes.SNOMED_NALOXONE, "Naloxone"));
    naloxone.addCoding(Values.coding(HarmReductionCodes.PRODUCT, supply.product()));
    dispense.setMedication(naloxone);
    dispense.setCategory(Values.concept(HarmReductionCodes.RECIPIENT, supply.recipient()));
    dispense.setType(Values.concept(HarmReductionCodes.REASON, supply.reason()));
    dispense.getQuantity().setValue(supply.kits()).setUnit("kit");
    patient.ifPresent(p -> {
      dispense.setSubject(p.copy());
      dispense.addReceiver(p.copy());
    });
    dispense.addPerformer().setActor(pharmacy.copy());
    dispense.setWhenHandedOverElement(Values.dateTime(supply.at()));
    Reference dispensed = Values.add(bundle, Values.urn(id, "dispense"), dispense);
    for (Training topic : supply.training()) {
      Procedure procedure = Profiled.as(Profiled.NALOXONE_TRAINING, new Procedure())
          .setStatus(Procedure.ProcedureStatus.COMPLETED);
      procedure.addIdentifier(identifier(id));
      procedure.setCode(Values.concept(HarmReductionCodes.TRAINING, topic));
      procedure.setSubject(patient.map(Reference::copy).orElseGet(() -> new Reference()
          .setDisplay(supply.recipient().display())));
      procedure.setPerformed(Values.dateTime(supply.at()));
      procedure.addPerformer().setActor(pharmacy.copy());
      Values.add(bundle, Values.urn(id, "training/" + topic.code()), procedure);
    }
    record.used().ifPresent(used -> {
      Observation observation = Profiled.as(Profiled.HARM_REDUCTION_OBSERVATION,
          new Observation()).setStatus(Observation.ObservationStatus.FINAL);
      observation.addIdentifier(identifier(id));
      observation.setCode(Values.event(HarmReductionCodes.NALOXONE_USED));
      observation.setEffective(new DateTimeType(used.reported().toString()));
      observation.addPartOf(dispensed.copy());
      observation.addPerformer(Values.organisation(used.pharmacy()));
      used.report().ifPresent(report -> {
        report.used().ifPresent(day -> observation.addComponent()
            .setCode(Values.event(HarmReductionCodes.DATE_USED))
            .setValue(new DateTimeType(day.toString())));
        observation.addComponent().setCode(Values.event(HarmReductionCodes.AMBULANCE_CALLED))
            .setValue(new BooleanType(report.ambulanceCalled()));
        observation.addComponent().setCode(Values.event(HarmReductionCodes.OVERDOSE_OUTCOME_CODE))
            .setValue(Values.concept(HarmReductionCodes.OVERDOSE_OUTCOME, report.outcome()));
      });
      Values.add(bundle, Values.urn(id, "used"), observation);
    });
    return bundle;
  }

  /**
   * The supply in a Bundle as {@link #toBundle} writes it; what it records follows from the
   * supply ({@code NaloxoneRules.record}), so a naloxone-used Observation contributes only its
   * use report.
   *
   * @throws InvalidFhirInputException (422) as {@link #fromParameters}
   */
  public static NaloxoneSupply fromBundle(Bundle bundle) {
    IdentityGuard.refuseIdentity(bundle);
    Extensions.refuseUnknown(bundle);
    Reader reader = new Reader();
    String id = null;
    String pharmacy = null;
    OffsetDateTime at = null;
    Recipient recipient = null;
    Product product = null;
    int kits = 0;
    Reason reason = null;
    Set<Training> training = EnumSet.noneOf(Training.class);
    Optional<ClientCode> client = Optional.empty();
    Optional<UseReport> useReport = Optional.empty();
    boolean dispensed = false;
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Resource resource = bundle.getEntry().get(i).getResource();
      String path = "Bundle.entry[" + i + "].resource";
      if (resource instanceof Patient patient) {
        client = Systems.value(patient.getIdentifier(), HarmReductionCodes.CLIENT_CODE)
            .flatMap(code -> NspResources.clientCode(code, path + ".identifier", reader));
      } else if (resource instanceof MedicationDispense dispense) {
        dispensed = true;
        id = Systems.value(dispense.getIdentifier(), HarmReductionCodes.NALOXONE_SUPPLY_ID)
            .orElse(null);
        pharmacy = dispense.getPerformerFirstRep().getActor().getIdentifier().getValue();
        at = reader.dateTime(dispense.getWhenHandedOverElement(), path + ".whenHandedOver")
            .orElse(null);
        product = dispense.hasMedicationCodeableConcept() ? reader.codeIn(
            dispense.getMedicationCodeableConcept(), path + ".medicationCodeableConcept",
            HarmReductionCodes.PRODUCT, Product.class).orElse(null) : null;
        recipient = reader.codeIn(dispense.getCategory(), path + ".category",
            HarmReductionCodes.RECIPIENT, Recipient.class).orElse(null);
        reason = reader.codeIn(dispense.getType(), path + ".type", HarmReductionCodes.REASON,
            Reason.class).orElse(null);
        kits = dispense.getQuantity().hasValue() ? dispense.getQuantity().getValue().intValue()
            : 0;
      } else if (resource instanceof Procedure procedure) {
        reader.codeIn(procedure.getCode(), path + ".code", HarmReductionCodes.TRAINING,
            Training.class).ifPresent(training::add);
      } else if (resource instanceof Observation observation && observation.getCode()
          .getCoding().stream().anyMatch(c -> HarmReductionCodes.EVENT.equals(c.getSystem())
              && HarmReductionCodes.NALOXONE_USED.equals(c.getCode()))) {
        useReport = useReport(observation, path, reader);
      } else {
        reader.problem(IssueType.NOTSUPPORTED, path, "a naloxone supply Bundle holds no "
            + (resource == null ? "empty entry" : resource.fhirType() + " of this kind"));
      }
    }
    if (!dispensed) {
      reader.problem(IssueType.REQUIRED, "Bundle.entry", "the MedicationDispense is required");
    }
    try {
      NaloxoneSupply supply = new NaloxoneSupply(id, pharmacy, at, recipient, product, kits,
          reason, training, client, useReport);
      reader.ifInvalidThrow();
      return supply;
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> "Bundle");
      reader.ifInvalidThrow();
      throw e;
    }
  }

  /** The use report a naloxone-used Observation carries, if it has components. */
  private static Optional<UseReport> useReport(Observation observation, String path,
      Reader reader) {
    if (!observation.hasComponent()) {
      return Optional.empty();
    }
    Optional<LocalDate> used = Optional.empty();
    boolean ambulance = false;
    UseReport.Outcome outcome = null;
    for (Observation.ObservationComponentComponent component : observation.getComponent()) {
      String code = component.getCode().getCodingFirstRep().getCode();
      if (HarmReductionCodes.DATE_USED.equals(code) && component.getValue()
          instanceof DateTimeType day && day.hasValue()) {
        used = Optional.of(LocalDate.parse(day.getValueAsString().substring(0, 10)));
      } else if (HarmReductionCodes.AMBULANCE_CALLED.equals(code)
          && component.getValue() instanceof BooleanType called) {
        ambulance = called.getValue();
      } else if (HarmReductionCodes.OVERDOSE_OUTCOME_CODE.equals(code)
          && component.getValue() instanceof CodeableConcept concept) {
        outcome = reader.codeIn(concept, path + ".component", HarmReductionCodes.OVERDOSE_OUTCOME,
            UseReport.Outcome.class).orElse(null);
      }
    }
    try {
      return Optional.of(new UseReport(used, ambulance, outcome));
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> path + ".component");
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> date(Reader reader, Type value, String at) {
    if (value instanceof DateType day && day.hasValue()
        && day.getValueAsString().length() == 10) {
      return Optional.of(LocalDate.parse(day.getValueAsString()));
    }
    reader.problem(IssueType.VALUE, at, "a valueDate (yyyy-mm-dd) is expected");
    return Optional.empty();
  }

  private static <E extends Enum<E> & org.recoverylink.core.rules.Coded> E code(Reader reader,
      Map<String, List<Located>> given, String name, String system, Class<E> type) {
    return first(given, name).flatMap(p -> reader.code(p.value(), p.valueAt(), system, type))
        .orElse(null);
  }

  private static Optional<Located> first(Map<String, List<Located>> given, String name) {
    return given.getOrDefault(name, List.of()).stream().findFirst();
  }

  private static Identifier identifier(String id) {
    return new Identifier().setSystem(HarmReductionCodes.NALOXONE_SUPPLY_ID).setValue(id);
  }
}
