package org.recoverylink.server.hub;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.recoverylink.core.text.Quote;
import org.recoverylink.fhir.referral.ReferralIntake;
import org.recoverylink.server.auth.Caller;
import org.recoverylink.server.store.ReferralStore;
import org.recoverylink.server.usecase.AuditNotes;
import org.recoverylink.server.usecase.Refused;

/**
 * Reading referrals back (docs/http-api.md "Refer"): the referrer and every organisation with a
 * Task for a referral may read it, by id or by its sender's identifier; to anyone else it is not
 * there.
 */
public final class ReferralQueries {

  private final ReferralStore referrals;

  public ReferralQueries(ReferralStore referrals) {
    this.referrals = Objects.requireNonNull(referrals, "referrals");
  }

  /**
   * The referral with this id, as stored.
   *
   * @throws Refused NOT_FOUND when there is none the caller may read
   */
  public ReferralStore.Referral read(String id, Caller caller, AuditNotes audit) {
    ReferralStore.Referral referral = referrals.referral(id).filter(r ->
            r.requester().equals(caller.organisation())
                || referrals.tasksOf(r.id()).stream()
                    .anyMatch(t -> t.owner().equals(caller.organisation())))
        .orElseThrow(() -> new Refused(Refused.Reason.NOT_FOUND, IssueType.NOTFOUND,
            "no ServiceRequest " + Quote.of(id)));
    audit.entity("ServiceRequest/" + referral.id());
    audit.patient(referral.patient());
    return referral;
  }

  /**
   * The referrals with this identifier the caller may read, as {@link #read} allows.
   *
   * @param identifier {@code system|value}
   * @throws Refused INVALID when the identifier is not {@code system|value}, or too long
   */
  public List<ReferralStore.Referral> byIdentifier(String identifier, Caller caller,
      AuditNotes audit) {
    int bar = identifier == null ? -1 : identifier.indexOf('|');
    if (bar <= 0 || bar == identifier.length() - 1) {
      throw new Refused(Refused.Reason.INVALID, IssueType.INVALID,
          "search referrals by identifier=system|value");
    }
    if (bar > ReferralIntake.MAX_IDENTIFIER_SYSTEM
        || identifier.length() - bar - 1 > ReferralIntake.MAX_IDENTIFIER_VALUE) {
      throw new Refused(Refused.Reason.INVALID, IssueType.TOOLONG,
          "an identifier system has at most " + ReferralIntake.MAX_IDENTIFIER_SYSTEM
          + " characters, a value at most " + ReferralIntake.MAX_IDENTIFIER_VALUE);
    }
    List<ReferralStore.Referral> found = referrals.byIdentifier(caller.organisation(),
        identifier.substring(0, bar), identifier.substring(bar + 1));
    found.forEach(r -> {
      audit.entity("ServiceRequest/" + r.id());
      audit.patient(r.patient());
    });
    return found;
  }
}
