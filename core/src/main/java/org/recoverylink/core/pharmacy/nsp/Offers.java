package org.recoverylink.core.pharmacy.nsp;

import java.util.ArrayList;
import java.util.List;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.rules.Coded;

/**
 * What the client was offered on the visit and what came of each offer (clinical reference 8.2:
 * referral or signposting, BBV testing, HBV vaccination, naloxone). A naloxone kit supplied is
 * recorded as a take-home naloxone supply of its own.
 *
 * @param bbvTesting        testing for blood-borne viruses (HIV, hepatitis B and C)
 * @param hbvVaccination    hepatitis B vaccination
 * @param treatmentReferral referral to drug treatment
 * @param naloxone          take-home naloxone
 * @throws InvalidPharmacyDataException naming every missing outcome
 */
public record Offers(Outcome bbvTesting, Outcome hbvVaccination, Outcome treatmentReferral,
    Outcome naloxone) {

  /** Nothing was offered. */
  public static final Offers NONE = new Offers(Outcome.NOT_OFFERED, Outcome.NOT_OFFERED,
      Outcome.NOT_OFFERED, Outcome.NOT_OFFERED);

  /** What came of one offer. */
  public enum Outcome implements Coded {
    NOT_OFFERED("not-offered", "Not offered"),
    ACCEPTED("offered-accepted", "Offered and accepted"),
    DECLINED("offered-declined", "Offered and declined"),
    /** Not offered because the client has it already: tested, vaccinated, in treatment, a kit. */
    ALREADY_IN_PLACE("already-in-place", "Already in place");

    private final String code;
    private final String display;

    Outcome(String code, String display) {
      this.code = code;
      this.display = display;
    }

    @Override
    public String code() {
      return code;
    }

    @Override
    public String display() {
      return display;
    }
  }

  public Offers {
    List<Problem> problems = new ArrayList<>();
    required(bbvTesting, "offers.bbvTesting", problems);
    required(hbvVaccination, "offers.hbvVaccination", problems);
    required(treatmentReferral, "offers.treatmentReferral", problems);
    required(naloxone, "offers.naloxone", problems);
    InvalidPharmacyDataException.throwIfAny(problems);
  }

  private static void required(Outcome outcome, String field, List<Problem> problems) {
    if (outcome == null) {
      problems.add(new Problem(field, "an outcome; NOT_OFFERED when it was not offered"));
    }
  }
}
