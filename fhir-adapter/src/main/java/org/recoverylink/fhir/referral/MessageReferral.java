package org.recoverylink.fhir.referral;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HealthcareService;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.recoverylink.fhir.io.Extensions;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.io.InvalidFhirInputException;

/**
 * A referral sent as a BaRS message ({@code POST $process-message}) read into the one form the
 * intake takes: the focus ServiceRequest with every entry it reaches (directly, or through the
 * resources it reaches) contained and referred to by {@code #id}. From there it is checked
 * exactly as a ServiceRequest posted on its own.
 */
public final class MessageReferral {

  private final FhirTerser terser;

  public MessageReferral(FhirContext context) {
    this.terser = context.newTerser();
  }

  /**
   * @throws InvalidFhirInputException listing every way the Bundle is not a referral message
   */
  public ServiceRequest referral(Bundle message) {
    Extensions.refuseUnknown(message);
    List<FhirIssue> issues = new ArrayList<>();
    if (message.getType() != Bundle.BundleType.MESSAGE) {
      issues.add(FhirIssue.error(IssueType.VALUE, "Bundle.type", "a message Bundle has type"
          + " message"));
    }
    Resource first = message.getEntryFirstRep().getResource();
    if (!(first instanceof MessageHeader header)) {
      issues.add(FhirIssue.error(IssueType.STRUCTURE, "Bundle.entry[0]", "a message begins"
          + " with its MessageHeader"));
      throw new InvalidFhirInputException(issues);
    }
    if (!BarsMessage.EVENT_SYSTEM.equals(header.getEventCoding().getSystem())
        || !BarsMessage.EVENT.equals(header.getEventCoding().getCode())) {
      issues.add(FhirIssue.error(IssueType.CODEINVALID, "Bundle.entry[0].resource.event",
          "the event of a referral is " + BarsMessage.EVENT_SYSTEM + "|" + BarsMessage.EVENT));
    }
    Map<String, Resource> entries = new LinkedHashMap<>();
    for (Bundle.BundleEntryComponent entry : message.getEntry()) {
      if (entry.hasFullUrl() && entry.hasResource()) {
        entries.put(entry.getFullUrl(), entry.getResource());
        Resource resource = entry.getResource();
        if (resource.getIdElement().hasIdPart()) { // also found as Type/id
          entries.putIfAbsent(resource.fhirType() + "/" + resource.getIdElement().getIdPart(),
              resource);
        }
      }
    }
    Resource focus = header.getFocus().isEmpty() ? null
        : entries.get(header.getFocusFirstRep().getReference());
    if (!(focus instanceof ServiceRequest sent)) {
      issues.add(FhirIssue.error(IssueType.STRUCTURE, "Bundle.entry[0].resource.focus",
          "the focus of a referral message is its ServiceRequest, an entry of the Bundle"));
      throw new InvalidFhirInputException(issues);
    }
    if (!issues.isEmpty()) {
      throw new InvalidFhirInputException(issues);
    }
    ServiceRequest referral = sent.copy();
    Map<Resource, String> contained = new LinkedHashMap<>();
    contained.put(sent, ""); // a resource pointing back at the referral points at "#"
    containReached(referral, referral, entries, contained);
    return referral;
  }

  /**
   * Contains, in {@code referral}, every entry {@code from} refers to and, in turn, what those
   * refer to; each once, as {@code #id}.
   */
  private void containReached(Resource from, ServiceRequest referral,
      Map<String, Resource> entries, Map<Resource, String> contained) {
    for (Reference reference : terser.getAllPopulatedChildElementsOfType(from,
        Reference.class)) {
      Resource target = reference.hasReference() ? entries.get(reference.getReference()) : null;
      if (target == null || target instanceof MessageHeader) {
        continue;
      }
      if (target instanceof HealthcareService service && service.getIdElement().hasIdPart()) {
        // the directory's service, named as performer: by its id, as the intake knows it
        reference.setReference("HealthcareService/" + service.getIdElement().getIdPart());
        continue;
      }
      String id = contained.get(target);
      if (id == null) {
        id = "m" + (contained.size() + 1);
        contained.put(target, id);
        Resource copy = target.copy();
        copy.setId(id);
        copy.setMeta(null);
        referral.addContained(copy);
        containReached(copy, referral, entries, contained);
      }
      reference.setReference("#" + id);
    }
  }
}
