package org.recoverylink.server.hub;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.fhir.referral.MessageReferral;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * Takes in a referral sent as a BaRS message (docs/http-api.md "Refer"), exactly as
 * {@link ReferralIntakeService} takes one in, keeping the message's {@code X-Request-ID} with
 * it: the same message again is a duplicate.
 */
public final class MessageIntakeService {

  /** The BaRS header naming a message: every retry of it sends the same one. */
  public static final String REQUEST_ID = "X-Request-ID";
  /** The longest X-Request-ID kept. */
  public static final int MAX_REQUEST_ID = 200;

  private final MessageReferral messages;
  private final ReferralIntakeService intake;

  public MessageIntakeService(MessageReferral messages, ReferralIntakeService intake) {
    this.messages = Objects.requireNonNull(messages, "messages");
    this.intake = Objects.requireNonNull(intake, "intake");
  }

  /**
   * Takes in the referral a message carries.
   *
   * @param message   the message, read only once its request id is known to be usable
   * @param requestId the message's X-Request-ID header, if it had one
   * @throws Refused INVALID without a usable request id
   * @throws org.recoverylink.server.store.DuplicateMessageException when the message was taken
   *     in before
   */
  public ReferralIntakeService.Taken take(Supplier<Bundle> message, Caller caller,
      Optional<String> requestId, AuditNotes audit) {
    if (requestId.isEmpty() || requestId.get().isBlank()
        || requestId.get().length() > MAX_REQUEST_ID) {
      throw new Refused(Refused.Reason.INVALID, IssueType.REQUIRED,
          "a message needs its " + REQUEST_ID + " header (at most " + MAX_REQUEST_ID
          + " characters): a retry sends the same one");
    }
    return intake.take(messages.referral(message.get()), caller, requestId, audit);
  }
}
