package org.recoverylink.fhir.referral;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.TimeZone;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A change to a referral's Task told to the referrer, as the BaRS-shaped message the hub POSTs to
 * the referrer's {@code {address}/$process-message}: BaRS tells a receiver of a change to
 * something it already has by a message whose {@code MessageHeader.reason} is
 * {@value #REASON_UPDATE} (message-reason-bars: {@code new} or {@code update}), focused on the
 * ServiceRequest. Its entries: the MessageHeader, the ServiceRequest as the referrer knows it
 * (its own identifiers, its status now), and the Task as changed (status, reason, owner,
 * notes), whose {@code focus} is that ServiceRequest.
 *
 * <p>Nothing clinical is sent back: the referrer has the referral already; the ServiceRequest
 * here carries its identifiers, subject and parties only. The ids are derived from the Task and
 * its version: every attempt to tell the same change sends the same message.
 */
public final class BarsStatusMessage {

  public static final String REASON_UPDATE = "update";
  private static final String URN_UUID = "urn:uuid:";
  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private final String sourceBase;

  /** @param sourceBase the hub's own FHIR base */
  public BarsStatusMessage(String sourceBase) {
    this.sourceBase = Objects.requireNonNull(sourceBase, "sourceBase");
  }

  /**
   * The message telling {@code task} (as changed) to the referrer at {@code address}.
   *
   * @param referral the referral as stored: its identifiers are the referrer's own
   * @param task     the Task as changed: its requester is the referrer
   * @param at       when the change was queued: the message's time on every attempt
   */
  public Bundle write(ServiceRequest referral, Task task, String address, Instant at) {
    String taskId = task.getIdElement().getIdPart();
    String version = task.getMeta().getVersionId();
    if (taskId == null || version == null) {
      throw new IllegalArgumentException("the Task has no id or version: only a stored Task is"
          + " told");
    }
    String change = "Task/" + taskId + "/_history/" + version;
    String requestUrn = urn(change + " ServiceRequest");
    String taskUrn = urn(change);

    ServiceRequest request = new ServiceRequest();
    request.setId(requestUrn.substring(URN_UUID.length()));
    referral.getIdentifier().forEach(i -> request.addIdentifier(i.copy()));
    request.addIdentifier(new Identifier().setSystem(sourceBase + "/ServiceRequest")
        .setValue(referral.getIdElement().getIdPart()));
    request.setStatus(switch (task.getStatus()) {
      case COMPLETED -> ServiceRequest.ServiceRequestStatus.COMPLETED;
      case CANCELLED -> ServiceRequest.ServiceRequestStatus.REVOKED;
      default -> ServiceRequest.ServiceRequestStatus.ACTIVE;
    });
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    request.setPriority(referral.getPriority());
    request.setSubject(task.getFor().copy());
    request.setRequester(task.getRequester().copy());
    request.addPerformer(task.getOwner().copy());
    request.setAuthoredOnElement(referral.getAuthoredOnElement().copy());

    Task told = task.copy();
    told.setId(taskUrn.substring(URN_UUID.length()));
    told.getMeta().setVersionId(null);
    told.setFocus(new Reference(requestUrn));
    told.addIdentifier(new Identifier().setSystem(sourceBase + "/Task").setValue(taskId));

    MessageHeader header = new MessageHeader();
    header.setId(urn(change + " header").substring(URN_UUID.length()));
    header.setEvent(new Coding(BarsMessage.EVENT_SYSTEM, BarsMessage.EVENT, null));
    header.setReason(new CodeableConcept(new Coding(BarsMessage.REASON_SYSTEM, REASON_UPDATE,
        null)));
    header.addDestination().setEndpoint(address).setReceiver(task.getRequester().copy());
    header.setSender(task.getOwner().copy());
    header.getSource().setName("RecoveryLink").setEndpoint(sourceBase);
    header.addFocus(new Reference(requestUrn));

    Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);
    bundle.setIdentifier(new Identifier().setSystem("urn:ietf:rfc:3986")
        .setValue(urn(change + " message")));
    bundle.setTimestampElement(instant(at));
    bundle.addEntry().setFullUrl(URN_UUID + header.getIdPart()).setResource(header);
    bundle.addEntry().setFullUrl(requestUrn).setResource(request);
    bundle.addEntry().setFullUrl(taskUrn).setResource(told);
    bundle.getEntry().forEach(e -> e.getResource().getMeta().setLastUpdatedElement(instant(at)));
    return bundle;
  }

  private static String urn(String name) {
    return URN_UUID + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  private static InstantType instant(Instant at) {
    return new InstantType(Date.from(at), TemporalPrecisionEnum.MILLI, UTC);
  }
}
