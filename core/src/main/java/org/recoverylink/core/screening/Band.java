package org.recoverylink.core.screening;

import java.util.Objects;

/**
 * A result band, e.g. {@code increasing-risk}. Codes are those of the risk-band code system of the
 * FHIR endpoint and never change.
 *
 * @param code    stable code
 * @param display the label a clinician sees
 */
public record Band(String code, String display) {

  public static final Band LOWER_RISK = new Band("lower-risk", "Lower risk");
  public static final Band INCREASING_RISK = new Band("increasing-risk", "Increasing risk");
  public static final Band HIGHER_RISK = new Band("higher-risk", "Higher risk");
  public static final Band POSSIBLE_DEPENDENCE =
      new Band("possible-dependence", "Possible dependence");

  public static final Band NEGATIVE = new Band("negative", "Negative");
  public static final Band POSITIVE = new Band("positive", "Positive");

  public static final Band NONE_MINIMAL = new Band("none-minimal", "None or minimal");
  public static final Band MINIMAL = new Band("minimal", "Minimal");
  public static final Band MILD = new Band("mild", "Mild");
  public static final Band MODERATE = new Band("moderate", "Moderate");
  public static final Band MODERATELY_SEVERE = new Band("moderately-severe", "Moderately severe");
  public static final Band SEVERE = new Band("severe", "Severe");

  public static final Band NONE = new Band("none", "No problems reported");
  public static final Band LOW = new Band("low", "Low level");
  public static final Band SUBSTANTIAL = new Band("substantial", "Substantial level");

  public Band {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(display, "display");
  }
}
