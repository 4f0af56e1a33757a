package org.recoverylink.core.pharmacy.naloxone;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.recoverylink.core.pharmacy.InvalidPharmacyDataException;
import org.recoverylink.core.pharmacy.Problem;
import org.recoverylink.core.rules.Coded;

/**
 * What the person asking for a replacement says about the overdose the previous kit was used on.
 *
 * @param used            the day it was used, when known
 * @param ambulanceCalled whether an ambulance was called
 * @param outcome         what happened to the person who overdosed, as far as is known
 * @throws InvalidPharmacyDataException listing every problem, fields named {@code useReport.*}
 */
public record UseReport(Optional<LocalDate> used, boolean ambulanceCalled, Outcome outcome) {

  /** What happened to the person who overdosed. */
  public enum Outcome implements Coded {
    SURVIVED("survived", "Survived"),
    DIED("died", "Died"),
    UNKNOWN("unknown", "Not known");

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

  public UseReport {
    List<Problem> problems = new ArrayList<>();
    if (used == null) {
      problems.add(new Problem("useReport.used", "empty when not known, never null"));
    }
    if (outcome == null) {
      problems.add(new Problem("useReport.outcome", "required; UNKNOWN when not known"));
    }
    InvalidPharmacyDataException.throwIfAny(problems);
  }
}
