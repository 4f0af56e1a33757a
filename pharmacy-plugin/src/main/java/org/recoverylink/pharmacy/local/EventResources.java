package org.recoverylink.pharmacy.local;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationDispense;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneRecord;
import org.recoverylink.core.pharmacy.naloxone.NaloxoneSupply;
import org.recoverylink.core.pharmacy.nsp.NspTransaction;
import org.recoverylink.core.pharmacy.ost.DispenseDecision;
import org.recoverylink.core.pharmacy.ost.MissedDay;
import org.recoverylink.core.pharmacy.ost.Notification;
import org.recoverylink.core.pharmacy.ost.OstEvent;
import org.recoverylink.core.pharmacy.ost.OstPrescription;
import org.recoverylink.core.pharmacy.ost.OstRules;
import org.recoverylink.core.pharmacy.ost.Supplied;
import org.recoverylink.core.rules.RuleSetVersion;
import org.recoverylink.fhir.io.JsonEncoder;
import org.recoverylink.fhir.pharmacy.NaloxoneResources;
import org.recoverylink.fhir.pharmacy.NspResources;
import org.recoverylink.fhir.pharmacy.ost.OstResources;
import org.recoverylink.pharmacy.PluginSettings.ServerKind;

/**
 * The plug-in's events as FHIR JSON, through the adapter's mapping (the same the endpoint reads).
 * Every resource sent carries its event key as an identifier in {@link OstResources#EVENT_SYSTEM}:
 * the key is unique across pharmacies and patients, so a receiving server can create on it
 * conditionally.
 */
final class EventResources {

  private final FhirContext fhir = FhirContext.forR4Cached();
  private final String pharmacy;
  private final OstRules rules;

  /** @param rules whose settings' dose bounds a prescription read back is held to */
  EventResources(String pharmacy, OstRules rules) {
    this.pharmacy = pharmacy;
    this.rules = rules;
  }

  /** The conditional-create criterion for an event's key. */
  String condition(String key) {
    return "identifier=" + OstResources.EVENT_SYSTEM + "|" + key;
  }

  String prescription(OstPrescription prescription, String key) {
    return json(keyed(OstResources.write(prescription), key));
  }

  OstPrescription prescription(String json) {
    return OstResources.read(fhir.newJsonParser().parseResource(MedicationRequest.class, json),
        rules);
  }

  /** A supply; one against a withhold carries the DetectedIssue that says so. */
  String dispensed(OstPrescription prescription, OstEvent.Dispensed event, Supplied supplied,
      String key) {
    MedicationDispense dispense = OstResources.dispensed(prescription, event,
        UUID.fromString(key), pharmacy);
    if (supplied.againstWithhold()) {
      OstResources.againstWithhold(prescription, dispense, supplied);
    }
    return json(dispense);
  }

  String missed(OstPrescription prescription, MissedDay missed, String key) {
    return json(OstResources.notCollected(prescription, missed, UUID.fromString(key),
        pharmacy));
  }

  String withheld(OstPrescription prescription, DispenseDecision.Withhold withheld,
      String key) {
    return json(OstResources.withheld(prescription, withheld, UUID.fromString(key), pharmacy));
  }

  String communication(OstPrescription prescription, Notification notification,
      RuleSetVersion ruleSet, String key) {
    return json(keyed(OstResources.communication(prescription, notification, ruleSet,
        pharmacy), key));
  }

  Optional<String> flag(OstPrescription prescription, Notification notification, String key) {
    return OstResources.flag(prescription, notification, pharmacy).map(f -> json(keyed(f, key)));
  }

  /**
   * A needle-exchange visit: to the endpoint, the Parameters of its operation; to another FHIR
   * server, the visit's collection Bundle, created conditionally on its identifier. Its stream
   * is the client code, so one client's visits arrive in order.
   */
  Outgoing needleExchange(NspTransaction transaction, String key, ServerKind kind) {
    String stream = "nsp/" + transaction.client().value();
    return kind == ServerKind.RECOVERYLINK
        ? new Outgoing(key, stream, NspResources.OPERATION, Optional.empty(),
            json(NspResources.toParameters(transaction)))
        : bundle(NspResources.toBundle(transaction), key, stream);
  }

  /** A naloxone supply, as {@link #needleExchange} does a visit. */
  Outgoing naloxone(NaloxoneRecord record, String key, ServerKind kind) {
    NaloxoneSupply supply = record.supply();
    String stream = supply.client().map(c -> "nsp/" + c.value())
        .orElse("naloxone/" + supply.id());
    return kind == ServerKind.RECOVERYLINK
        ? new Outgoing(key, stream, NaloxoneResources.OPERATION, Optional.empty(),
            json(NaloxoneResources.toParameters(supply)))
        : bundle(NaloxoneResources.toBundle(record), key, stream);
  }

  private Outgoing bundle(Bundle bundle, String key, String stream) {
    Identifier identifier = bundle.getIdentifier();
    return new Outgoing(key, stream, "Bundle", Optional.of("identifier="
        + identifier.getSystem() + "|" + identifier.getValue()), json(bundle));
  }

  /** The Parameters of the endpoint's {@code MedicationRequest/$prescriber-review}. */
  String review(String prescription, LocalDate date, String key) {
    Parameters review = new Parameters();
    review.addParameter().setName("prescription").setValue(new StringType(prescription));
    review.addParameter().setName("date").setValue(new DateType(date.toString()));
    review.addParameter().setName("id").setValue(new StringType(key));
    return json(review);
  }

  /** Adds the event key beside the resource's own identifiers (unique per patient only). */
  private static <T extends DomainResource> T keyed(T resource, String key) {
    Identifier identifier = new Identifier().setSystem(OstResources.EVENT_SYSTEM).setValue(key);
    if (resource instanceof MedicationRequest request) {
      request.addIdentifier(identifier);
    } else if (resource instanceof Communication communication) {
      communication.addIdentifier(identifier);
    } else if (resource instanceof Flag flag) {
      flag.addIdentifier(identifier);
    } else {
      throw new IllegalArgumentException("no identifier on " + resource.fhirType());
    }
    return resource;
  }

  private static String json(Resource resource) {
    return new String(JsonEncoder.encode(resource), StandardCharsets.UTF_8);
  }
}
