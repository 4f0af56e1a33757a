package org.recoverylink.core.nhs;

import java.util.regex.Pattern;

/**
 * The form of an Organisation Data Service (ODS) code, the NHS's identifier of an organisation:
 * 3 to 10 upper-case letters and digits. The ODS issues codes in upper case only, of several
 * lengths by kind of organisation: a trust {@code RXX} or an ICB {@code QH8} (3), a pharmacy
 * {@code FA123} or a trust site {@code RXX01} (5), a GP practice {@code A81001} or a branch
 * surgery {@code Y01234} (6), and longer site codes. Callers that read hand-typed text may
 * upper-case it first; what is stored and compared is the upper-case code.
 */
public final class OdsCode {

  /** Matched against the whole code. */
  public static final Pattern PATTERN = Pattern.compile("[A-Z0-9]{3,10}");

  private OdsCode() {
  }

  /** Whether {@code code} has the form of an ODS code; false for null. */
  public static boolean isValid(String code) {
    return code != null && PATTERN.matcher(code).matches();
  }
}
