package org.recoverylink.fhir.pharmacy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.SupplyDelivery;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.nsp.Advice;
import org.recoverylink.core.pharmacy.nsp.ClientCode;
import org.recoverylink.core.pharmacy.nsp.ClientPseudonym;
import org.recoverylink.core.pharmacy.nsp.InjectedSubstance;
import org.recoverylink.core.pharmacy.nsp.Item;
import org.recoverylink.core.pharmacy.nsp.ItemKind;
import org.recoverylink.core.pharmacy.nsp.NspLevel;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.nsp.Offers;
import org.recoverylink.core.pharmacy.nsp.Returns;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.InvalidFhirInputException;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.pharmacy.Values.Located;
import org.recoverylink.fhir.pharmacy.Values.Reader;
import org.recoverylink.fhir.terminology.HarmReductionCodes;
import org.recoverylink.fhir.terminology.Systems;

/**
 * A needle and syringe programme transaction ({@link NspTransaction}) in FHIR R4, both ways.
 *
 * <p><b>Parameters</b>, the body of {@code POST $nsp-transaction}: {@code id} (valueString, the
 * caller's UUID), {@code pharmacy} (valueIdentifier, ODS), {@code at} (valueDateTime with
 * offset), {@code client} (valueIdentifier in {@link HarmReductionCodes#CLIENT_CODE}),
 * {@code level} (valueCoding, nsp-level), {@code item} 0..* (parts {@code kind} valueCoding
 * nsp-item, {@code size} valueString when the kind has sizes, {@code quantity} valueInteger),
 * {@code returns} 0..1 (parts {@code sharps-bins} valueInteger, {@code loose} valueBoolean;
 * absent: nothing returned), {@code substance} 0..* (valueCoding, injected-substance),
 * {@code advice} 0..* (valueCoding, nsp-advice), {@code offer} 0..* (parts {@code offer}
 * valueCoding harm-reduction {@code offer-bbv-testing | offer-hbv-vaccination |
 * offer-treatment-referral | offer-naloxone}, {@code outcome} valueCoding offer-outcome; an offer
 * not given is not offered). Codes are read as valueCode too.
 *
 * <p><b>Standard resources</b>, a {@code collection} Bundle (see {@link #toBundle}): the
 * pseudonymous Patient, the visit as an Encounter, a SupplyDelivery per item, an Observation per
 * substance injected, one for returns, one per offer made, a Procedure per advice given.
 *
 * <p>Reading either form first refuses identity data ({@link IdentityGuard}), then lists every
 * problem found, core's included; nothing is half read.
 */
public final class NspResources {

  /** The operation, as in {@code POST /fhir/$nsp-transaction}. */
  public static final String OPERATION = "$nsp-transaction";

  private static final String[] NAMES = {"id", "pharmacy", "at", "client", "level", "item",
      "returns", "substance", "advice", "offer"};
  /** The offer codes of {@link HarmReductionCodes#EVENT}, in the order of {@link Offers}. */
  private static final List<String> OFFERS = List.of(HarmReductionCodes.OFFER_BBV_TESTING,
      HarmReductionCodes.OFFER_HBV_VACCINATION, HarmReductionCodes.OFFER_TREATMENT_REFERRAL,
      HarmReductionCodes.OFFER_NALOXONE);

  private NspResources() {
  }

  /** The transaction as the Parameters of {@code $nsp-transaction}. */
  public static Parameters toParameters(NspTransaction transaction) {
    Parameters parameters = new Parameters();
    parameters.addParameter().setName("id").setValue(new StringType(transaction.id()));
    parameters.addParameter().setName("pharmacy").setValue(new Identifier()
        .setSystem(Systems.ODS).setValue(transaction.pharmacy()));
    parameters.addParameter().setName("at").setValue(Values.dateTime(transaction.at()));
    parameters.addParameter().setName("client").setValue(new Identifier()
        .setSystem(HarmReductionCodes.CLIENT_CODE).setValue(transaction.client().value()));
    parameters.addParameter().setName("level")
        .setValue(Values.coding(HarmReductionCodes.LEVEL, transaction.level()));
    for (Item item : transaction.items()) {
      ParametersParameterComponent given = parameters.addParameter().setName("item");
      given.addPart(Values.part("kind", Values.coding(HarmReductionCodes.ITEM, item.kind())));
      item.size().ifPresent(size -> given.addPart(Values.part("size", new StringType(size))));
      given.addPart(Values.part("quantity", new IntegerType(item.quantity())));
    }
    if (transaction.returns().any()) {
      ParametersParameterComponent returns = parameters.addParameter().setName("returns");
      returns.addPart(Values.part("sharps-bins",
          new IntegerType(transaction.returns().sharpsBins())));
      returns.addPart(Values.part("loose", new BooleanType(transaction.returns().loose())));
    }
    for (InjectedSubstance substance : transaction.substances()) {
      parameters.addParameter().setName("substance")
          .setValue(Values.coding(HarmReductionCodes.INJECTED_SUBSTANCE, substance));
    }
    for (Advice advice : transaction.advice()) {
      parameters.addParameter().setName("advice")
          .setValue(Values.coding(HarmReductionCodes.ADVICE, advice));
    }
    offers(transaction.offers()).forEach((offer, outcome) -> {
      if (outcome != Offers.Outcome.NOT_OFFERED) {
        ParametersParameterComponent given = parameters.addParameter().setName("offer");
        given.addPart(Values.part("offer", new Coding(HarmReductionCodes.EVENT, offer,
            HarmReductionCodes.display(offer))));
        given.addPart(Values.part("outcome", Values.coding(HarmReductionCodes.OFFER_OUTCOME,
            outcome)));
      }
    });
    return parameters;
  }

  /**
   * The transaction in the Parameters of {@code $nsp-transaction}.
   *
   * @throws InvalidFhirInputException (422) when it carries identity data, naming only that;
   *     else listing every problem, core's included
   */
  public static NspTransaction fromParameters(Parameters parameters) {
    IdentityGuard.refuseIdentity(parameters);
    Extensions.refuseUnknown(parameters);
    Reader reader = new Reader();
    Map<String, List<Located>> given = reader.byName(parameters.getParameter(), "Parameters",
        "parameter", NAMES);
    for (String single : List.of("id", "pharmacy", "at", "client", "level", "returns")) {
      Values.one(reader, given, single);
    }
    Map<String, String> paths = new LinkedHashMap<>();
    given.forEach((name, list) -> paths.put(name, list.isEmpty() ? "Parameters"
        : list.get(0).at()));
    Optional<String> id = value(given, "id").flatMap(p -> reader.string(p.value(), p.valueAt()));
    Optional<String> pharmacy = value(given, "pharmacy")
        .flatMap(p -> reader.identifier(p.value(), p.valueAt(), Systems.ODS));
    Optional<OffsetDateTime> at = value(given, "at")
        .flatMap(p -> reader.dateTime(p.value(), p.valueAt()));
    ClientCode client = value(given, "client")
        .flatMap(p -> reader.identifier(p.value(), p.valueAt(), HarmReductionCodes.CLIENT_CODE)
            .flatMap(code -> clientCode(code, p.valueAt(), reader))).orElse(null);
    NspLevel level = value(given, "level").flatMap(p -> reader.code(p.value(), p.valueAt(),
        HarmReductionCodes.LEVEL, NspLevel.class)).orElse(null);
    List<Item> items = new ArrayList<>();
    List<String> itemPaths = new ArrayList<>(); // where each item built was given
    for (Located item : given.get("item")) {
      Map<String, List<Located>> parts = reader.byName(item.parameter().getPart(), item.at(),
          "part", "kind", "size", "quantity");
      Optional<ItemKind> kind = Values.one(reader, parts, "kind").flatMap(p -> reader.code(
          p.value(), p.valueAt(), HarmReductionCodes.ITEM, ItemKind.class));
      Optional<String> size = Values.one(reader, parts, "size")
          .flatMap(p -> reader.string(p.value(), p.valueAt()));
      Optional<Integer> quantity = Values.one(reader, parts, "quantity")
          .flatMap(p -> reader.integer(p.value(), p.valueAt()));
      reader.required(kind, item.at(), "the kind part");
      reader.required(quantity, item.at(), "the quantity part");
      if (kind.isPresent() && quantity.isPresent()) {
        try {
          items.add(new Item(kind.get(), size, quantity.get()));
          itemPaths.add(item.at());
        } catch (InvalidPharmacyDataException e) {
          reader.refused(e, field -> item.at());
        }
      }
    }
    Returns returns = Returns.NONE;
    Optional<Located> returned = value(given, "returns");
    if (returned.isPresent()) {
      Located located = returned.get();
      Map<String, List<Located>> parts = reader.byName(located.parameter().getPart(),
          located.at(), "part", "sharps-bins", "loose");
      int bins = Values.one(reader, parts, "sharps-bins")
          .flatMap(p -> reader.integer(p.value(), p.valueAt())).orElse(0);
      boolean loose = Values.one(reader, parts, "loose")
          .flatMap(p -> reader.bool(p.value(), p.valueAt())).orElse(false);
      try {
        returns = new Returns(bins, loose);
      } catch (InvalidPharmacyDataException e) {
        reader.refused(e, field -> located.at());
      }
    }
    Set<InjectedSubstance> substances = EnumSet.noneOf(InjectedSubstance.class);
    for (Located substance : given.get("substance")) {
      reader.code(substance.value(), substance.valueAt(), HarmReductionCodes.INJECTED_SUBSTANCE,
          InjectedSubstance.class).ifPresent(substances::add);
    }
    Set<Advice> advice = EnumSet.noneOf(Advice.class);
    for (Located given1 : given.get("advice")) {
      reader.code(given1.value(), given1.valueAt(), HarmReductionCodes.ADVICE, Advice.class)
          .ifPresent(advice::add);
    }
    Offers.Outcome[] outcomes = new Offers.Outcome[OFFERS.size()];
    java.util.Arrays.fill(outcomes, Offers.Outcome.NOT_OFFERED);
    for (Located offer : given.get("offer")) {
      Map<String, List<Located>> parts = reader.byName(offer.parameter().getPart(), offer.at(),
          "part", "offer", "outcome");
      Optional<Located> which = Values.one(reader, parts, "offer");
      Optional<Offers.Outcome> outcome = Values.one(reader, parts, "outcome").flatMap(p ->
          reader.code(p.value(), p.valueAt(), HarmReductionCodes.OFFER_OUTCOME,
              Offers.Outcome.class));
      int index = which.map(p -> p.value() instanceof Coding coding
          && (!coding.hasSystem() || HarmReductionCodes.EVENT.equals(coding.getSystem()))
          ? OFFERS.indexOf(coding.getCode()) : p.value() != null
          ? OFFERS.indexOf(p.value().primitiveValue()) : -1).orElse(-1);
      if (index < 0) {
        reader.problem(IssueType.CODEINVALID, which.map(Located::valueAt).orElse(offer.at()),
            "the offer part is one of " + OFFERS + " in " + HarmReductionCodes.EVENT);
      }
      reader.required(outcome, offer.at(), "the outcome part");
      if (index >= 0 && outcome.isPresent()) {
        outcomes[index] = outcome.get();
      }
    }
    try {
      NspTransaction transaction = new NspTransaction(id.orElse(null), pharmacy.orElse(null),
          at.orElse(null), client, level, items, returns, substances, advice,
          new Offers(outcomes[0], outcomes[1], outcomes[2], outcomes[3]));
      reader.ifInvalidThrow();
      return transaction;
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> where(field, itemPaths, paths));
      reader.ifInvalidThrow();
      throw e; // not reached: refused adds at least one issue or one was there
    }
  }

  /**
   * The answer of {@code $nsp-transaction}: a Parameters with {@code id} (valueString) and
   * {@code record} (resource: the Bundle of {@link #toBundle}, its Patient identified by the
   * client's pseudonym in {@link HarmReductionCodes#CLIENT_PSEUDONYM} instead of the code).
   *
   * @param pseudonyms the keyed hash of a client code, as the server stores it
   */
  public static Parameters answer(NspTransaction transaction,
      Function<ClientCode, ClientPseudonym> pseudonyms) {
    Parameters answer = new Parameters();
    answer.addParameter().setName("id").setValue(new StringType(transaction.id()));
    answer.addParameter().setName("record").setResource(toBundle(transaction));
    return Values.pseudonymised(answer, pseudonyms);
  }

  /**
   * An answer of {@code $nsp-transaction} or {@code $naloxone-supply} stored before answers
   * carried pseudonyms, with the client code of its Patient replaced by the pseudonym, as the
   * answers are now.
   */
  public static Parameters pseudonymised(Parameters answer,
      Function<ClientCode, ClientPseudonym> pseudonyms) {
    return Values.pseudonymised(answer, pseudonyms);
  }

  /**
   * The transaction as standard resources, a {@code collection} Bundle identified by the
   * transaction id ({@link HarmReductionCodes#NSP_TRANSACTION_ID}), its entries referring to each
   * other by stable {@code urn:uuid}s (the same transaction always gives the same Bundle):
   * <ul>
   * <li>Patient: the client code as its only identifier; no name, NHS number, address, gender
   *     or birth date (the code says as much as is kept);
   * <li>Encounter: the visit; status finished, class AMB, type harm-reduction
   *     {@code nsp-visit}, serviceType the NSP level, period.start the time, serviceProvider the
   *     pharmacy by ODS code, identifier the transaction id;
   * <li>SupplyDelivery per item given: status completed, type device, suppliedItem the nsp-item
   *     code and quantity, the size (in core's fixed format) after ", " in the concept's text,
   *     e.g. {@code Syringe, 1ml}; supplier the pharmacy; identifier the transaction id;
   * <li>Observation per substance injected: code harm-reduction {@code injected-substance},
   *     valueCodeableConcept injected-substance;
   * <li>Observation of returns, always: code harm-reduction {@code equipment-returned},
   *     components {@code sharps-bins-returned} (valueInteger) and
   *     {@code loose-equipment-returned} (valueBoolean);
   * <li>Observation per offer made: code harm-reduction {@code offer-*}, valueCodeableConcept
   *     offer-outcome;
   * <li>Procedure per advice given: status completed, code nsp-advice.
   * </ul>
   * Every Observation and Procedure has the Patient as subject, the Encounter, the time, the
   * pharmacy as performer and the transaction id as identifier.
   */
  public static Bundle toBundle(NspTransaction transaction) {
    String id = transaction.id();
    Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
    bundle.setIdentifier(identifier(id));
    Reference patient = Values.add(bundle, Values.urn(id, "patient"),
        Values.patient(transaction.client()));
    Reference pharmacy = Values.organisation(transaction.pharmacy());
    Encounter encounter = Profiled.as(Profiled.NSP_VISIT, new Encounter())
        .setStatus(Encounter.EncounterStatus.FINISHED)
        .setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB",
            "ambulatory"));
    encounter.addIdentifier(identifier(id));
    encounter.addType(Values.event(HarmReductionCodes.NSP_VISIT));
    encounter.setServiceType(Values.concept(HarmReductionCodes.LEVEL, transaction.level()));
    encounter.setSubject(patient.copy());
    encounter.getPeriod().setStartElement(Values.dateTime(transaction.at()));
    encounter.setServiceProvider(pharmacy.copy());
    Reference visit = Values.add(bundle, Values.urn(id, "encounter"), encounter);
    List<Item> items = transaction.items();
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      SupplyDelivery delivery = Profiled.as(Profiled.NSP_SUPPLY, new SupplyDelivery())
          .setStatus(SupplyDelivery.SupplyDeliveryStatus.COMPLETED);
      delivery.addIdentifier(identifier(id));
      delivery.setPatient(patient.copy());
      delivery.setType(new CodeableConcept(new Coding(
          "http://terminology.hl7.org/CodeSystem/supply-item-type", "device", "Device")));
      CodeableConcept what = Values.concept(HarmReductionCodes.ITEM, item.kind());
      item.size().ifPresent(size -> what.setText(item.kind().display() + ", " + size));
      delivery.getSuppliedItem().setItem(what).getQuantity().setValue(item.quantity());
      delivery.setOccurrence(Values.dateTime(transaction.at()));
      delivery.setSupplier(pharmacy.copy());
      Values.add(bundle, Values.urn(id, "item/" + i), delivery);
    }
    for (InjectedSubstance substance : transaction.substances()) {
      Observation observation = observation(transaction, patient, visit,
          HarmReductionCodes.INJECTS);
      observation.setValue(Values.concept(HarmReductionCodes.INJECTED_SUBSTANCE, substance));
      Values.add(bundle, Values.urn(id, "substance/" + substance.code()), observation);
    }
    Observation returns = observation(transaction, patient, visit, HarmReductionCodes.RETURNS);
    returns.addComponent().setCode(Values.event(HarmReductionCodes.SHARPS_BINS_RETURNED))
        .setValue(new IntegerType(transaction.returns().sharpsBins()));
    returns.addComponent().setCode(Values.event(HarmReductionCodes.LOOSE_RETURNED))
        .setValue(new BooleanType(transaction.returns().loose()));
    Values.add(bundle, Values.urn(id, "returns"), returns);
    offers(transaction.offers()).forEach((offer, outcome) -> {
      if (outcome != Offers.Outcome.NOT_OFFERED) {
        Observation observation = observation(transaction, patient, visit, offer);
        observation.setValue(Values.concept(HarmReductionCodes.OFFER_OUTCOME, outcome));
        Values.add(bundle, Values.urn(id, "offer/" + offer), observation);
      }
    });
    for (Advice advice : transaction.advice()) {
      Procedure procedure = Profiled.as(Profiled.NSP_ADVICE, new Procedure())
          .setStatus(Procedure.ProcedureStatus.COMPLETED);
      procedure.addIdentifier(identifier(id));
      procedure.setCode(Values.concept(HarmReductionCodes.ADVICE, advice));
      procedure.setSubject(patient.copy());
      procedure.setEncounter(visit.copy());
      procedure.setPerformed(Values.dateTime(transaction.at()));
      procedure.addPerformer().setActor(pharmacy.copy());
      Values.add(bundle, Values.urn(id, "advice/" + advice.code()), procedure);
    }
    return bundle;
  }

  /**
   * The transaction in a Bundle as {@link #toBundle} writes it (resources are found by type
   * and code; others are a problem).
   *
   * @throws InvalidFhirInputException (422) as {@link #fromParameters}
   */
  public static NspTransaction fromBundle(Bundle bundle) {
    IdentityGuard.refuseIdentity(bundle);
    Extensions.refuseUnknown(bundle);
    Reader reader = new Reader();
    String id = null;
    String pharmacy = null;
    OffsetDateTime at = null;
    ClientCode client = null;
    NspLevel level = null;
    List<Item> items = new ArrayList<>();
    Returns returns = Returns.NONE;
    Set<InjectedSubstance> substances = EnumSet.noneOf(InjectedSubstance.class);
    Set<Advice> advice = EnumSet.noneOf(Advice.class);
    Offers.Outcome[] outcomes = new Offers.Outcome[OFFERS.size()];
    java.util.Arrays.fill(outcomes, Offers.Outcome.NOT_OFFERED);
    boolean visit = false;
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Resource resource = bundle.getEntry().get(i).getResource();
      String at0 = "Bundle.entry[" + i + "].resource";
      if (resource instanceof Patient patient) {
        client = Systems.value(patient.getIdentifier(), HarmReductionCodes.CLIENT_CODE)
            .flatMap(code -> clientCode(code, at0 + ".identifier", reader)).orElse(null);
      } else if (resource instanceof Encounter encounter) {
        visit = true;
        id = Systems.value(encounter.getIdentifier(), HarmReductionCodes.NSP_TRANSACTION_ID)
            .orElse(null);
        pharmacy = encounter.getServiceProvider().getIdentifier().getValue();
        at = reader.dateTime(encounter.getPeriod().getStartElement(), at0 + ".period.start")
            .orElse(null);
        level = reader.codeIn(encounter.getServiceType(), at0 + ".serviceType",
            HarmReductionCodes.LEVEL, NspLevel.class).orElse(null);
      } else if (resource instanceof SupplyDelivery delivery) {
        String path = at0 + ".suppliedItem";
        Optional<ItemKind> kind = delivery.getSuppliedItem().hasItemCodeableConcept()
            ? reader.codeIn(delivery.getSuppliedItem().getItemCodeableConcept(),
                path + ".itemCodeableConcept", HarmReductionCodes.ITEM, ItemKind.class)
            : reader.required(Optional.empty(), path + ".itemCodeableConcept", "the item");
        String text = delivery.getSuppliedItem().getItemCodeableConcept().getText();
        Optional<String> size = kind.flatMap(ItemKind::sizeFormat).isPresent()
            && text != null && text.contains(", ")
            ? Optional.of(text.substring(text.lastIndexOf(", ") + 2)) : Optional.empty();
        int quantity = delivery.getSuppliedItem().getQuantity().hasValue()
            ? delivery.getSuppliedItem().getQuantity().getValue().intValue() : 0;
        if (kind.isPresent()) {
          try {
            items.add(new Item(kind.get(), size, quantity));
          } catch (InvalidPharmacyDataException e) {
            reader.refused(e, field -> path);
          }
        }
      } else if (resource instanceof Observation observation) {
        String code = observation.getCode().getCoding().stream()
            .filter(c -> HarmReductionCodes.EVENT.equals(c.getSystem())).map(Coding::getCode)
            .findFirst().orElse("");
        if (code.equals(HarmReductionCodes.INJECTS)) {
          reader.codeIn(observation.getValueCodeableConcept(), at0 + ".valueCodeableConcept",
              HarmReductionCodes.INJECTED_SUBSTANCE, InjectedSubstance.class)
              .ifPresent(substances::add);
        } else if (code.equals(HarmReductionCodes.RETURNS)) {
          int bins = 0;
          boolean loose = false;
          for (Observation.ObservationComponentComponent component
              : observation.getComponent()) {
            String part = component.getCode().getCodingFirstRep().getCode();
            if (HarmReductionCodes.SHARPS_BINS_RETURNED.equals(part)
                && component.getValue() instanceof IntegerType count) {
              bins = count.getValue();
            } else if (HarmReductionCodes.LOOSE_RETURNED.equals(part)
                && component.getValue() instanceof BooleanType given) {
              loose = given.getValue();
            }
          }
          try {
            returns = new Returns(bins, loose);
          } catch (InvalidPharmacyDataException e) {
            reader.refused(e, field -> at0 + ".component");
          }
        } else if (OFFERS.contains(code)) {
          int index = OFFERS.indexOf(code);
          reader.codeIn(observation.getValueCodeableConcept(), at0 + ".valueCodeableConcept",
              HarmReductionCodes.OFFER_OUTCOME, Offers.Outcome.class)
              .ifPresent(outcome -> outcomes[index] = outcome);
        } else {
          reader.problem(IssueType.NOTSUPPORTED, at0 + ".code", "an Observation of an NSP"
              + " transaction is coded in " + HarmReductionCodes.EVENT);
        }
      } else if (resource instanceof Procedure procedure) {
        reader.codeIn(procedure.getCode(), at0 + ".code", HarmReductionCodes.ADVICE,
            Advice.class).ifPresent(advice::add);
      } else {
        reader.problem(IssueType.NOTSUPPORTED, at0, "an NSP transaction Bundle holds no "
            + (resource == null ? "empty entry" : resource.fhirType()));
      }
    }
    if (!visit) {
      reader.problem(IssueType.REQUIRED, "Bundle.entry", "the visit's Encounter is required");
    }
    try {
      NspTransaction transaction = new NspTransaction(id, pharmacy, at, client, level, items,
          returns, substances, advice,
          new Offers(outcomes[0], outcomes[1], outcomes[2], outcomes[3]));
      reader.ifInvalidThrow();
      return transaction;
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> "Bundle");
      reader.ifInvalidThrow();
      throw e;
    }
  }

  private static Observation observation(NspTransaction transaction, Reference patient,
      Reference visit, String code) {
    Observation observation = Profiled.as(Profiled.HARM_REDUCTION_OBSERVATION,
        new Observation()).setStatus(Observation.ObservationStatus.FINAL);
    observation.addIdentifier(identifier(transaction.id()));
    observation.setCode(Values.event(code));
    observation.setSubject(patient.copy());
    observation.setEncounter(visit.copy());
    observation.setEffective(Values.dateTime(transaction.at()));
    observation.addPerformer(Values.organisation(transaction.pharmacy()));
    return observation;
  }

  private static Identifier identifier(String id) {
    return new Identifier().setSystem(HarmReductionCodes.NSP_TRANSACTION_ID).setValue(id);
  }

  private static Map<String, Offers.Outcome> offers(Offers offers) {
    Map<String, Offers.Outcome> byCode = new LinkedHashMap<>();
    byCode.put(OFFERS.get(0), offers.bbvTesting());
    byCode.put(OFFERS.get(1), offers.hbvVaccination());
    byCode.put(OFFERS.get(2), offers.treatmentReferral());
    byCode.put(OFFERS.get(3), offers.naloxone());
    return byCode;
  }

  /** The one parameter of that name, if given (a repeat was noted already). */
  private static Optional<Located> value(Map<String, List<Located>> given, String name) {
    return given.get(name).stream().findFirst();
  }

  static Optional<ClientCode> clientCode(String code, String at, Reader reader) {
    try {
      return Optional.of(ClientCode.parse(code));
    } catch (InvalidPharmacyDataException e) {
      reader.refused(e, field -> at);
      return Optional.empty();
    }
  }

  /** Where a field core names was given: its parameter, or the Parameters when absent. */
  private static String where(String field, List<String> itemPaths,
      Map<String, String> paths) {
    String root = field.split("[.\\[]", 2)[0];
    String name = switch (root) {
      case "items" -> "item";
      case "substances" -> "substance";
      case "offers" -> "offer";
      default -> root;
    };
    if (root.equals("items") && field.startsWith("items[")) {
      int index = Integer.parseInt(field.substring(6, field.indexOf(']')));
      if (index < itemPaths.size()) {
        return itemPaths.get(index);
      }
    }
    return paths.getOrDefault(name, "Parameters");
  }
}
