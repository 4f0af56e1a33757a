package org.recoverylink.fhir.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.core.directory.EssexDirectory;
import org.recoverylink.fhir.directory.DirectoryBundle;
import org.recoverylink.fhir.referral.BarsMessage;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.fhir.store.Databases;
import org.recoverylink.fhir.validation.SharedValidator;

/**
 * {@code POST $process-message} (API.md "Refer"): a referral as a BaRS message is taken in as
 * a posted ServiceRequest is, once per X-Request-ID (a repeat is 409 duplicate), and a Bundle
 * that is not a referral message is refused with what is wrong. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessageIntakeSuite {

  private static final String SERVICE = "phoenix-futures-alcohol";
  private static final Bundle DIRECTORY = new DirectoryBundle(TestHub.FHIR)
      .write(EssexDirectory.directory());

  private TestHub hub;

  /** The database the suite runs on. */
  abstract Databases.Kind kind();

  @BeforeAll
  void start(@TempDir Path data) throws Exception {
    hub = TestHub.start(kind(), ServerOptions.defaults(data));
  }

  @AfterAll
  void stop() throws Exception {
    hub.close();
  }

  /** A sending system's message: the BaRS shape our own dispatcher sends. */
  private Bundle message(String identifier) {
    ServiceRequest referral = Referrals.referral(identifier);
    referral.setId("sender-" + identifier);
    referral.addPerformer(new Reference("HealthcareService/" + SERVICE));
    HealthcareService service = (HealthcareService) find(HealthcareService.class, SERVICE);
    Organization provider = (Organization) find(Organization.class,
        service.getProvidedBy().getReferenceElement().getIdPart());
    return new BarsMessage(TestHub.FHIR, "https://gp-system.example/fhir").write(referral,
        new BarsMessage.Destination(service, provider, "https://hub.example/fhir"),
        Instant.parse("2026-11-20T10:00:00Z"));
  }

  private static Object find(Class<?> type, String id) {
    return DIRECTORY.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> type.isInstance(r) && r.getIdPart().equals(id)).findFirst().orElseThrow();
  }

  private HttpResponse<String> post(Bundle message, String requestId) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(hub.base()
            + "/$process-message"))
        .POST(HttpRequest.BodyPublishers.ofString(TestHub.FHIR.newJsonParser()
            .encodeResourceToString(message)))
        .header("Content-Type", "application/fhir+json")
        .header("Authorization", "Bearer " + hub.token(Role.GP, Referrals.PRACTICE))
        .header("X-Correlation-ID", "case-1");
    if (requestId != null) {
      request.header("X-Request-ID", requestId);
    }
    return HttpClient.newHttpClient().send(request.build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aReferralMessageIsTakenInOncePerRequestId() throws Exception {
    Bundle message = message("M-1");

    HttpResponse<String> created = post(message, "req-1");

    assertEquals(201, created.statusCode(), created.body());
    assertEquals("req-1", created.headers().firstValue("X-Request-ID").orElseThrow());
    assertEquals("case-1", created.headers().firstValue("X-Correlation-ID").orElseThrow());
    ServiceRequest stored = TestHub.FHIR.newJsonParser().parseResource(ServiceRequest.class,
        created.body());
    assertEquals(List.of(), SharedValidator.get().errors(stored));
    assertEquals("HealthcareService/" + SERVICE, stored.getPerformerFirstRep().getReference());
    assertEquals(Referrals.referral("x").getContained().size(), stored.getContained().size(),
        "the patient, referrer, consent and assessment came along");

    HttpResponse<String> again = post(message, "req-1");

    assertEquals(409, again.statusCode(), again.body());
    OperationOutcome.OperationOutcomeIssueComponent issue = TestHub.FHIR.newJsonParser()
        .parseResource(OperationOutcome.class, again.body()).getIssueFirstRep();
    assertEquals(OperationOutcome.IssueType.DUPLICATE, issue.getCode());
    assertEquals("REC_CONFLICT", issue.getDetails().getCodingFirstRep().getCode());
    assertEquals(1, hub.read("ServiceRequest?identifier=" + Referrals.IDENTIFIER_SYSTEM
        + "%7CM-1", Role.GP, Referrals.PRACTICE, Bundle.class).getEntry().size());
  }

  @Test
  void aMessageWithoutRequestIdIsRefused() throws Exception {
    assertEquals(400, post(message("M-2"), null).statusCode());
  }

  @Test
  void whatIsNotAReferralMessageIsRefusedWithWhatIsWrong() throws Exception {
    assertRefused(m -> m.setType(Bundle.BundleType.COLLECTION), "Bundle.type");
    assertRefused(m -> m.getEntry().add(0, m.getEntry().remove(1)), "Bundle.entry[0]");
    assertRefused(m -> ((org.hl7.fhir.r4.model.MessageHeader) m.getEntryFirstRep()
        .getResource()).getEventCoding().setCode("booking-request"),
        "Bundle.entry[0].resource.event");
    // and a referral inside that fails intake fails as a posted one does
    assertRefused(m -> m.getEntry().removeIf(e -> e.getResource().fhirType()
        .equals("Consent")), "ServiceRequest.supportingInfo");
  }

  private void assertRefused(Consumer<Bundle> spoil, String expression)
      throws Exception {
    Bundle message = message("M-bad");
    spoil.accept(message);

    HttpResponse<String> refused = post(message, "req-bad-" + expression);

    assertEquals(422, refused.statusCode(), refused.body());
    assertEquals(expression, TestHub.FHIR.newJsonParser().parseResource(
        OperationOutcome.class, refused.body()).getIssueFirstRep().getExpression().get(0)
        .getValue(), refused.body());
  }
}
