package org.recoverylink.fhir.referral;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.fhir.validation.SharedValidator;

/** The BaRS message of a stored referral: shape, self-contained references, determinism. */
class BarsMessageTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final Instant AT = Instant.parse("2026-11-22T10:15:30Z");
  private static final String HUB = "https://hub.example.org/fhir";
  private static final String PROVIDER_BASE = "https://provider.example.org/fhir";
  private static final String SERVICE = "phoenix-futures-alcohol";
  private static final String REFERRAL_ID = "0b6b1c1e-7d55-4a4f-9a0e-2f1f5c3d9a11";
  /** The entry order BaRS gives, as far as a referral of ours has these resources. */
  private static final List<String> BARS_ORDER = List.of("MessageHeader", "ServiceRequest",
      "HealthcareService", "Patient", "Organization", "PractitionerRole", "Observation", "Flag",
      "QuestionnaireResponse", "Consent");
  private static final Bundle DIRECTORY =
      new DirectoryBundle(FHIR).write(EssexDirectory.directory());

  private final BarsMessage messages = new BarsMessage(FHIR, HUB);

  @Test
  void messageValidatesWithZeroErrors() {
    Bundle message = messages.write(stored("R-1", SERVICE), to(SERVICE), AT);

    assertEquals(List.of(), SharedValidator.get().errors(message));
    assertEquals(Bundle.BundleType.MESSAGE, message.getType());
    assertTrue(message.getIdentifier().getValue().startsWith("urn:uuid:"));
    assertEquals(Date.from(AT), message.getTimestamp());
  }

  @Test
  void headerComesFirstAndFocusesOnTheReferral() {
    ServiceRequest referral = stored("R-1", SERVICE);
    Bundle message = messages.write(referral, to(SERVICE), AT);

    MessageHeader header = assertInstanceOf(MessageHeader.class,
        message.getEntryFirstRep().getResource());
    Coding event = header.getEventCoding();
    assertEquals("https://fhir.nhs.uk/CodeSystem/message-events-bars", event.getSystem());
    assertEquals("servicerequest-request", event.getCode());
    Coding reason = header.getReason().getCodingFirstRep();
    assertEquals("https://fhir.nhs.uk/CodeSystem/message-reason-bars", reason.getSystem());
    assertEquals("new", reason.getCode());
    assertEquals(1, header.getFocus().size());
    ServiceRequest focus = assertInstanceOf(ServiceRequest.class,
        resolve(message, header.getFocusFirstRep()));
    assertEquals(REFERRAL_ID, focus.getIdPart());
    assertEquals(HUB, header.getSource().getEndpoint());
    assertEquals(PROVIDER_BASE, header.getDestinationFirstRep().getEndpoint());
    Organization receiver = assertInstanceOf(Organization.class,
        resolve(message, header.getDestinationFirstRep().getReceiver()));
    assertEquals(provider(service(SERVICE)).getIdPart(), receiver.getIdPart());
    Organization sender = assertInstanceOf(Organization.class,
        resolve(message, header.getSender()));
    assertEquals(Referrals.PRACTICE, Systems.value(sender.getIdentifier(), Systems.ODS)
        .orElseThrow());
  }

  @Test
  void entriesComeInBarsOrderOnePerContainedResource() {
    ServiceRequest referral = stored("R-1", SERVICE);
    Bundle message = messages.write(referral, to(SERVICE), AT);

    List<String> types = message.getEntry().stream().map(e -> e.getResource().fhirType())
        .toList();
    assertEquals(List.of("MessageHeader", "ServiceRequest", "HealthcareService"),
        types.subList(0, 3));
    for (int i = 1; i < types.size(); i++) {
      assertTrue(BARS_ORDER.indexOf(types.get(i - 1)) <= BARS_ORDER.indexOf(types.get(i)),
          types.get(i - 1) + " before " + types.get(i) + " in " + types);
    }
    // header, referral, service, the provider, and one entry per contained resource
    assertEquals(4 + referral.getContained().size(), types.size());
    assertEquals(Set.of(), message.getEntry().stream()
        .filter(e -> e.getResource() instanceof DomainResource d
            && d.hasContained()).map(e -> e.getFullUrl()).collect(Collectors.toSet()));
  }

  @Test
  void everyReferenceInEveryEntryResolvesToAnEntry() {
    Bundle message = messages.write(stored("R-1", SERVICE), to(SERVICE), AT);

    Set<String> fullUrls = new HashSet<>();
    for (Bundle.BundleEntryComponent entry : message.getEntry()) {
      assertTrue(entry.getFullUrl().startsWith("urn:uuid:"), entry.getFullUrl());
      assertTrue(fullUrls.add(entry.getFullUrl()), "twice: " + entry.getFullUrl());
    }
    int references = 0;
    for (Bundle.BundleEntryComponent entry : message.getEntry()) {
      for (Reference reference : FHIR.newTerser().getAllPopulatedChildElementsOfType(
          entry.getResource(), Reference.class)) {
        if (reference.hasReference()) {
          references++;
          assertTrue(fullUrls.contains(reference.getReference()),
              entry.getResource().fhirType() + " refers to " + reference.getReference());
        }
      }
    }
    assertTrue(references > 10, "the referral's references were all looked at: " + references);
    ServiceRequest request = (ServiceRequest) message.getEntry().get(1).getResource();
    HealthcareService performer = assertInstanceOf(HealthcareService.class,
        resolve(message, request.getPerformerFirstRep()));
    assertEquals(SERVICE, performer.getIdPart());
  }

  @Test
  void carriesWhatTheProviderNeeds() {
    Bundle message = messages.write(stored("R-1", SERVICE), to(SERVICE), AT);

    ServiceRequest request = (ServiceRequest) message.getEntry().get(1).getResource();
    assertEquals(Referrals.IDENTIFIER_SYSTEM, request.getIdentifierFirstRep().getSystem());
    assertEquals("R-1", request.getIdentifierFirstRep().getValue());
    Patient patient = assertInstanceOf(Patient.class, resolve(message, request.getSubject()));
    assertEquals(Referrals.NHS_NUMBER, Systems.value(patient.getIdentifier(),
        Systems.NHS_NUMBER).orElseThrow());
    Organization requester = assertInstanceOf(Organization.class,
        resolve(message, request.getRequester()));
    assertEquals(Referrals.PRACTICE, Systems.value(requester.getIdentifier(), Systems.ODS)
        .orElseThrow());
    List<Resource> supporting = request.getSupportingInfo().stream()
        .map(r -> resolve(message, r)).toList();
    assertTrue(supporting.stream().anyMatch(r -> r instanceof Consent c
        && c.getProvision().getType() == Consent.ConsentProvisionType.PERMIT
        && c.getPatient().getReference().equals(request.getSubject().getReference())));
    assertTrue(supporting.stream().anyMatch(r -> r instanceof Observation o
        && o.getCode().getCoding().stream().anyMatch(c -> c.is(Systems.LOINC, "75624-7"))),
        "the AUDIT total");
  }

  @Test
  void everyResourceSaysWhenItWasLastUpdated() {
    Bundle message = messages.write(stored("R-1", SERVICE), to(SERVICE), AT);

    for (Bundle.BundleEntryComponent entry : message.getEntry()) {
      assertEquals(Date.from(AT), entry.getResource().getMeta().getLastUpdated(),
          entry.getResource().fhirType());
    }
  }

  @Test
  void leavesItsInputAsItWas() {
    ServiceRequest referral = stored("R-1", SERVICE);
    BarsMessage.Destination to = to(SERVICE);
    List<String> before = json(referral, to.service(), to.provider());

    messages.write(referral, to, AT);

    assertEquals(before, json(referral, to.service(), to.provider()));
  }

  @Test
  void theSameReferralToTheSameServiceIsTheSameMessage() {
    // One input built once: the fixture stamps its Observations with the time it runs.
    ServiceRequest referral = stored("R-1", SERVICE);
    String first = json(messages.write(referral, to(SERVICE), AT)).get(0);
    String again = json(messages.write(referral, to(SERVICE), AT)).get(0);

    assertEquals(first, again);
  }

  @Test
  void theSameReferralHoweverHeldGivesTheSameMessage() {
    // The dispatcher sends what the store gives back, so a retry after a restart must match.
    // HAPI keeps the '#' of a contained id set in code, and drops it from one read from JSON.
    ServiceRequest referral = stored("R-1", SERVICE);
    ServiceRequest read = FHIR.newJsonParser().parseResource(ServiceRequest.class,
        json(referral).get(0));
    ServiceRequest hashed = referral.copy();
    hashed.getContained().forEach(r -> r.setId("#" + r.getIdPart()));
    List<String> expected = json(messages.write(referral, to(SERVICE), AT));

    assertEquals(expected, json(messages.write(read, to(SERVICE), AT)));
    assertEquals(expected, json(messages.write(hashed, to(SERVICE), AT)));
  }

  @Test
  void anotherReferralOrAnotherServiceIsAnotherMessage() {
    Bundle first = messages.write(stored("R-1", SERVICE), to(SERVICE), AT);
    ServiceRequest other = stored("R-2", SERVICE);
    other.setId("5d0f7c44-1b7e-4c54-8d0b-6e2a1f9b3c20");
    Bundle second = messages.write(other, to(SERVICE), AT);
    Bundle rerouted = messages.write(stored("R-1", "open-road-south"), to("open-road-south"),
        AT);

    Set<String> shared = fullUrls(first);
    shared.retainAll(fullUrls(second));
    assertEquals(Set.of(), shared);
    assertNotEquals(first.getIdentifier().getValue(), second.getIdentifier().getValue());
    assertNotEquals(first.getIdentifier().getValue(), rerouted.getIdentifier().getValue());
    assertNotEquals(first.getEntryFirstRep().getFullUrl(), rerouted.getEntryFirstRep()
        .getFullUrl());
  }

  @Test
  void aReferenceToAResourceTheReferralLacksIsRefusedByName() {
    ServiceRequest referral = stored("R-1", SERVICE);
    assertTrue(referral.getContained().removeIf(r -> r instanceof Consent));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> messages.write(referral, to(SERVICE), AT));
    assertTrue(e.getMessage().contains("#consent"), e.getMessage());
  }

  @Test
  void aContainedResourceWithoutAnIdIsRefused() {
    ServiceRequest referral = stored("R-1", SERVICE);
    referral.addContained(new Observation().setStatus(Observation.ObservationStatus.FINAL));

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> messages.write(referral, to(SERVICE), AT));
    assertTrue(e.getMessage().contains("Observation without an id"), e.getMessage());
  }

  @Test
  void aReferralForAnotherServiceIsRefused() {
    ServiceRequest referral = stored("R-1", "open-road-south");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> messages.write(referral, to(SERVICE), AT));
    assertTrue(e.getMessage().contains("HealthcareService/" + SERVICE), e.getMessage());
  }

  /** The fixture referral as the hub stores it: with an id, routed, and stamped. */
  private static ServiceRequest stored(String identifier, String serviceId) {
    ServiceRequest referral = Referrals.referral(identifier);
    referral.setId(REFERRAL_ID);
    referral.addPerformer(new Reference("HealthcareService/" + serviceId)
        .setDisplay(service(serviceId).getName()));
    referral.getMeta().setLastUpdated(Date.from(Instant.parse("2026-11-20T10:00:02Z")));
    return referral;
  }

  private static BarsMessage.Destination to(String serviceId) {
    HealthcareService service = service(serviceId);
    return new BarsMessage.Destination(service, provider(service), PROVIDER_BASE);
  }

  private static HealthcareService service(String id) {
    return DIRECTORY.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r instanceof HealthcareService && r.getIdPart().equals(id))
        .map(HealthcareService.class::cast).findFirst().orElseThrow();
  }

  private static Organization provider(HealthcareService service) {
    String id = service.getProvidedBy().getReferenceElement().getIdPart();
    return DIRECTORY.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r instanceof Organization && r.getIdPart().equals(id))
        .map(Organization.class::cast).findFirst().orElseThrow();
  }

  private static Resource resolve(Bundle message, Reference reference) {
    return message.getEntry().stream().filter(e -> e.getFullUrl().equals(
        reference.getReference())).map(Bundle.BundleEntryComponent::getResource).findFirst()
        .orElseThrow(() -> new AssertionError("no entry " + reference.getReference()));
  }

  private static Set<String> fullUrls(Bundle message) {
    return message.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
        .collect(Collectors.toCollection(HashSet::new));
  }

  private static List<String> json(IBaseResource... resources) {
    return Arrays.stream(resources).map(r -> FHIR.newJsonParser()
        .encodeResourceToString(r)).toList();
  }
}
