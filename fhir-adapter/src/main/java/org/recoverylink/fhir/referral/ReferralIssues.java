package org.recoverylink.fhir.referral;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.referral.InvalidReferralException;
import org.recoverylink.core.referral.ReferralProblem;
import org.recoverylink.fhir.io.FhirIssue;
import org.recoverylink.fhir.terminology.Systems;

/**
 * The referral rules' problems as FHIR issues: each code at the element of the ServiceRequest
 * or Task it concerns, with the issue type a FHIR client expects, and where FHIR has a shape
 * for what is missing, that shape named.
 */
public final class ReferralIssues {

  private ReferralIssues() {
  }

  /**
   * The issues of a refused referral or Task change.
   *
   * @param patient the id of the referral's contained Patient, for the expressions about it
   */
  public static List<FhirIssue> of(InvalidReferralException refused, String patient) {
    return refused.problems().stream().map(p -> issue(p, patient)).toList();
  }

  /** The issue of one problem. */
  public static FhirIssue issue(ReferralProblem problem, String patient) {
    String person = "ServiceRequest.contained.where(id = '" + patient + "')";
    String message = problem.message();
    return switch (problem.code()) {
      case PERSON_MISSING -> FhirIssue.error(IssueType.REQUIRED, "ServiceRequest.subject",
          message + ": a contained Patient");
      case NHS_NUMBER_MISSING -> FhirIssue.error(IssueType.REQUIRED, person + ".identifier",
          message + " (system " + Systems.NHS_NUMBER + ")");
      case NHS_NUMBER_INVALID -> FhirIssue.error(IssueType.VALUE, person + ".identifier",
          message);
      case BIRTH_DATE_MISSING -> FhirIssue.error(IssueType.REQUIRED, person + ".birthDate",
          message);
      case BIRTH_DATE_IMPLAUSIBLE -> FhirIssue.error(IssueType.VALUE, person + ".birthDate",
          message);
      case REFERRER_MISSING -> FhirIssue.error(IssueType.REQUIRED, "ServiceRequest.requester",
          message + ": a contained Organization, or PractitionerRole of one, with its ODS"
              + " code (system " + Systems.ODS + ")");
      case REFERRER_NOT_CALLER -> FhirIssue.error(IssueType.BUSINESSRULE,
          "ServiceRequest.requester", message);
      case CONSENT_MISSING -> FhirIssue.error(IssueType.BUSINESSRULE,
          "ServiceRequest.supportingInfo", message + ": a contained Consent with status"
              + " active and provision.type permit, referenced from supportingInfo");
      case SERVICES_MORE_THAN_ONE -> FhirIssue.error(IssueType.BUSINESSRULE,
          "ServiceRequest.performer", message + " (performer)");
      case SERVICE_UNKNOWN -> FhirIssue.error(IssueType.NOTFOUND, "ServiceRequest.performer[0]",
          message);
      case SERVICE_INELIGIBLE -> FhirIssue.error(IssueType.BUSINESSRULE,
          "ServiceRequest.performer[0]", message);
      case TRANSITION_NOT_ALLOWED, PARTY_NOT_ALLOWED -> FhirIssue.error(IssueType.BUSINESSRULE,
          "Task.status", message);
      case REASON_REQUIRED -> FhirIssue.error(IssueType.REQUIRED, "Task.statusReason",
          message + ": statusReason.text, or a coding");
    };
  }
}
