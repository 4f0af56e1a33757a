package org.recoverylink.server.hub;

import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.recoverylink.core.directory.Directory;
import org.recoverylink.core.directory.Organisation;
import org.recoverylink.core.directory.Service;
import org.recoverylink.fhir.io.Profiled;
import org.recoverylink.fhir.terminology.CodeSystems;
import org.recoverylink.fhir.terminology.Systems;
import org.recoverylink.server.store.ReferralStore;

/**
 * A receiving service's Task for a referral, as docs/http-api.md "Refer" shows it: {@code focus}
 * the referral, {@code owner} the receiving organisation, {@code businessStatus} where delivery
 * stands, {@code meta.versionId} for If-Match on updates.
 */
public final class Tasks {

  /** The note an escalated Task carries, timed when it was escalated. */
  public static final String ESCALATED = "escalated: not accepted or declined within the"
      + " service's working days; the service's lead was told";

  private Tasks() {
  }

  /** The organisation that receives referrals for a service: its ODS code, or directory id. */
  public static String owner(Service service) {
    Organisation provider = service.provider();
    return provider.odsCode().orElse(provider.id());
  }

  public static Task toFhir(ReferralStore.Task task, String nhsNumber, Directory directory) {
    Task resource = Profiled.as(Profiled.REFERRAL_TASK, new Task());
    resource.setId(task.id());
    resource.getMeta().setVersionId(Integer.toString(task.version()))
        .setLastUpdated(Date.from(task.updated()));
    resource.setStatus(Task.TaskStatus.fromCode(task.status()));
    resource.setIntent(Task.TaskIntent.ORDER);
    resource.setBusinessStatus(new CodeableConcept(new Coding(CodeSystems.DELIVERY_STATUS,
        task.businessStatus(), CodeSystems.DELIVERY_STATUSES.get(task.businessStatus())))
        .setText(task.businessStatus()));
    task.statusReason().ifPresent(reason -> resource.setStatusReason(
        new CodeableConcept().setText(reason)));
    resource.setFocus(new Reference("ServiceRequest/" + task.referral()));
    // A referral through the public pages may have no NHS number: then the person is the one
    // the referral (its focus) names.
    resource.setFor(nhsNumber == null
        ? new Reference().setType("Patient").setDisplay("the person named in the referral")
        : new Reference().setIdentifier(new Identifier()
            .setSystem(Systems.NHS_NUMBER).setValue(nhsNumber)).setType("Patient"));
    resource.setAuthoredOn(Date.from(task.created()));
    resource.setLastModified(Date.from(task.updated()));
    resource.setRequester(new Reference().setType("Organization").setIdentifier(
        new Identifier().setSystem(Systems.ODS).setValue(task.requester())));
    Reference owner = directory.service(task.service())
        .map(service -> organisation(service.provider()))
        .orElseGet(() -> new Reference().setDisplay(task.owner()));
    resource.setOwner(owner);
    task.note().ifPresent(note -> resource.addNote().setText(note));
    // Escalated (issue 24): a note of its own, timed, that a reader can tell by its words; the
    // businessStatus stays where delivery stands.
    task.escalated().ifPresent(at -> resource.addNote().setTime(Date.from(at))
        .setText(ESCALATED));
    return resource;
  }

  private static Reference organisation(Organisation organisation) {
    Reference reference = organisation.odsCode().isPresent()
        ? new Reference().setType("Organization").setIdentifier(new Identifier()
            .setSystem(Systems.ODS).setValue(organisation.odsCode().get()))
        : new Reference("Organization/" + organisation.id());
    return reference.setDisplay(organisation.name());
  }
}
