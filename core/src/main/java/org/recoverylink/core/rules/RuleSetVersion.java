package org.recoverylink.core.rules;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Names a rule set and its version, e.g. {@code uk-iba|2023.1.0}. Stamped on every score, advice
 * and flag so a result can be re-explained later against the rules that produced it.
 *
 * @param id      stable name of the rule set (lower case letters, digits and hyphens)
 * @param version the rule set's version; a change to any threshold needs a new version
 */
public record RuleSetVersion(String id, String version) {

  private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");

  public RuleSetVersion {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "rule set id '" + id + "' must be lower-case letters and digits separated by hyphens");
    }
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException("rule set version '" + version + "' is not a version");
    }
  }

  /** {@code id|version}, the form used in FHIR canonical references. */
  @Override
  public String toString() {
    return id + "|" + version;
  }
}
