package org.recoverylink.server.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.recoverylink.fhir.referral.Referrals;
import org.recoverylink.server.ServerValidator;
import org.recoverylink.server.auth.Role;
import org.recoverylink.server.config.ServerOptions;
import org.recoverylink.server.store.Databases;

/**
 * {@code POST $process-message} (docs/http-api.md "Refer"): a referral as a BaRS message is taken
 * in as a posted ServiceRequest is, once per X-Request-ID (a repeat is 409 duplicate), and a Bundle
 * that is not a referral message is refused with what is wrong. Run on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MessageIntakeSuite {

  private static final String SERVICE = MessagePairs.SERVICE;

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

  private Bundle message(String identifier) {
    return MessagePairs.message(identifier);
  }

  private HttpResponse<String> post(Bundle message, String requestId) throws Exception {
    return MessagePairs.post(hub.base().toString(), hub.token(Role.GP, Referrals.PRACTICE),
        TestHub.FHIR.newJsonParser().encodeResourceToString(message), requestId);
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
    assertEquals(List.of(), ServerValidator.get().errors(stored));
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
  void theSameMessageTwiceAtOnceIsTakenInOnceAndTheOtherIs409() throws Exception {
    Map<String, List<Integer>> answers = MessagePairs.fire(hub.base().toString(),
        hub.base().toString(), hub.token(Role.GP, Referrals.PRACTICE), "M-race", 30);

    Map<String, List<Integer>> wrong = new TreeMap<>(answers);
    wrong.values().removeIf(List.of(201, 409)::equals);
    assertEquals(Map.of(), wrong, "pairs not answered 201 and 409");
    for (String identifier : answers.keySet()) {
      assertEquals(1, hub.count("SELECT COUNT(*) FROM referral WHERE identifier_value = ?",
          identifier), identifier);
    }
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
