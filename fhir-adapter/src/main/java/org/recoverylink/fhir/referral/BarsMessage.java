package org.recoverylink.fhir.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A stored referral as the BaRS-shaped message the hub POSTs to a provider's
 * {@code {address}/$process-message}: a Bundle of type {@code message} whose entries come in the
 * order BaRS lists them — the MessageHeader (event {@value #EVENT}, reason {@value #REASON_NEW},
 * focus the ServiceRequest), the ServiceRequest, the receiving HealthcareService, then the
 * Patient, Organizations, PractitionerRole, Observations, Flags, QuestionnaireResponses and
 * the Consent.
 *
 * <p>Each resource contained in the referral becomes an entry of its own, and every reference to
 * it, to the performing service or to the service's provider is rewritten to that entry's
 * {@code urn:uuid} full URL, so the message resolves on its own. The ids are derived from the
 * referral's id and the receiving service, and the only time in it is the one given: the same
 * referral sent to the same service at the same time is the same message, byte for byte, which
 * is what BaRS asks of a retry. A referral re-routed to another service is another message.
 */
public final class BarsMessage {

  public static final String EVENT_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
  public static final String EVENT = "servicerequest-request";
  public static final String REASON_SYSTEM = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
  public static final String REASON_NEW = "new";
  private static final String URN_UUID = "urn:uuid:";
  /** Order of the entries after ServiceRequest and HealthcareService; others go before Consent. */
  private static final List<String> ORDER = List.of("Encounter", "CarePlan", "Patient",
      "Organization", "PractitionerRole", "Practitioner", "Location", "Observation", "Flag",
      "QuestionnaireResponse");
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  /**
   * Where a referral goes.
   *
   * @param service the receiving service, as the directory has it
   * @param provider the organisation that provides it (the message's receiver)
   * @param address the FHIR base the service takes messages at
   */
  public record Destination(HealthcareService service, Organization provider, String address) {
    public Destination {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(address, "address");
    }
  }

  private final FhirTerser terser;
  private final String sourceBase;

  /**
   * @param sourceBase the hub's own FHIR base: where the receiver sends its answers
   */
  public BarsMessage(FhirContext context, String sourceBase) {
    this.terser = context.newTerser();
    this.sourceBase = Objects.requireNonNull(sourceBase, "sourceBase");
  }

  /**
   * The message sending {@code referral} to {@code to}, made at {@code at}. Nothing given is
   * changed.
   *
   * @param referral a stored referral: it has an id and names the receiving service as performer
   * @throws IllegalArgumentException when the referral has no id, refers to a contained resource
   *     it lacks, or does not name the receiving service as performer
   */
  public Bundle write(ServiceRequest referral, Destination to, Instant at) {
    String referralId = referral.getIdElement().getIdPart();
    if (referralId == null) {
      throw new IllegalArgumentException("the referral has no id: only a stored referral is sent");
    }
    String self = "ServiceRequest/" + referralId;
    String serviceRef = "HealthcareService/" + to.service().getIdElement().getIdPart();
    String providerRef = "Organization/" + to.provider().getIdElement().getIdPart();

    ServiceRequest request = referral.copy();
    List<Resource> others = new ArrayList<>(request.getContained());
    request.getContained().clear();
    HealthcareService service = to.service().copy();
    // The receiver needs to know which service and who provides it; where the service reaches
    // and how it is reached are the directory's business (the address is the destination).
    service.setLocation(null).setCoverageArea(null).setEndpoint(null);
    Organization provider = to.provider().copy();
    provider.setPartOf(null).setEndpoint(null);

    // Each reference as it may be written in the input -> the full URL of its entry.
    Map<String, String> urns = new HashMap<>();
    String requestUrn = urn(self);
    urns.put("#", requestUrn); // a contained resource's reference to its container
    urns.put(serviceRef, urn(self + " " + serviceRef));
    urns.put(providerRef, urn(self + " " + providerRef));
    for (Resource resource : others) {
      String local = resource.getIdElement().getIdPart();
      if (local == null) {
        throw new IllegalArgumentException(self + " contains a " + resource.fhirType()
            + " without an id");
      }
      local = local.startsWith("#") ? local.substring(1) : local; // HAPI keeps a '#' set in code
      String urn = urn(self + "#" + local);
      urns.put("#" + local, urn);
      resource.setId(urn.substring(URN_UUID.length()));
    }
    others.add(provider);
    others.sort(Comparator.comparingInt(BarsMessage::rank)); // stable: input order within a type

    List<Resource> resources = new ArrayList<>(List.of(request, service));
    resources.addAll(others);
    for (Resource resource : resources) {
      repoint(resource, urns, self);
    }
    String serviceUrn = urns.get(serviceRef);
    if (request.getPerformer().stream().noneMatch(p -> serviceUrn.equals(p.getReference()))) {
      throw new IllegalArgumentException(self + " does not name " + serviceRef
          + " as its performer");
    }

    MessageHeader header = new MessageHeader();
    header.setId(urn(self + " header to " + serviceRef).substring(URN_UUID.length()));
    header.setEvent(new Coding(EVENT_SYSTEM, EVENT, null));
    header.setReason(new CodeableConcept(new Coding(REASON_SYSTEM, REASON_NEW, null)));
    header.addDestination().setName(service.getName()).setEndpoint(to.address())
        .setReceiver(new Reference(urns.get(providerRef)).setDisplay(provider.getName()));
    if (request.hasRequester()) {
      header.setSender(request.getRequester().copy());
    }
    header.getSource().setName("RecoveryLink").setEndpoint(sourceBase);
    header.addFocus(new Reference(requestUrn));

    Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
    bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
        .setValue(urn(self + " message to " + serviceRef)));
    bundle.setTimestampElement(instant(at));
    bundle.addEntry().setFullUrl(URN_UUID + header.getIdPart()).setResource(header);
    bundle.addEntry().setFullUrl(requestUrn).setResource(request);
    bundle.addEntry().setFullUrl(urns.get(serviceRef)).setResource(service);
    for (Resource resource : others) {
      bundle.addEntry().setResource(resource).setFullUrl(resource == provider
          ? urns.get(providerRef) : URN_UUID + resource.getIdPart());
    }
    // BaRS asks every resource of a message to say when it last changed; here, when it was sent.
    bundle.getEntry().forEach(e -> e.getResource().getMeta().setLastUpdatedElement(instant(at)));
    return bundle;
  }

  /** Rewrites every reference in {@code resource} (extensions too) that names an entry. */
  private void repoint(Resource resource, Map<String, String> urns, String self) {
    for (Reference reference : terser.getAllPopulatedChildElementsOfType(resource,
        Reference.class)) {
      String written = reference.getReference();
      if (written == null) {
        continue; // by identifier or display only
      }
      String urn = urns.get(written.startsWith("#") ? written : relative(written));
      if (urn == null && written.startsWith("#")) {
        throw new IllegalArgumentException(self + " refers to " + written
            + ", which it does not contain");
      }
      if (urn != null) {
        reference.setReference(urn);
      }
    }
  }

  /** {@code Type/id} of a relative, absolute or versioned reference. */
  private static String relative(String reference) {
    IdType id = new IdType(reference);
    return id.getResourceType() + "/" + id.getIdPart();
  }

  private static int rank(Resource resource) {
    int rank = ORDER.indexOf(resource.fhirType());
    return rank >= 0 ? rank : resource.fhirType().equals("Consent") ? ORDER.size() + 1
        : ORDER.size();
  }

  /** A name-based UUID, so the same input always gives the same message. */
  private static String urn(String name) {
    return URN_UUID + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** In UTC, so the message reads the same wherever the hub runs. */
  private static InstantType instant(Instant at) {
    return new InstantType(Date.from(at), TemporalPrecisionEnum.MILLI, UTC);
  }
}
