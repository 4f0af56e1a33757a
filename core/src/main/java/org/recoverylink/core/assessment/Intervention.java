package org.recoverylink.core.assessment;

import java.util.Optional;
import org.recoverylink.core.rules.Coded;

/**
 * The alcohol interventions a GP practice or pharmacy records, with the SNOMED CT (UK) concepts
 * for delivered and declined (clinical-reference §6.2, UK primary care code lists [V] S11).
 */
public enum Intervention implements Coded {
  BRIEF("brief", "Brief intervention for excessive alcohol consumption completed",
      "366371000000105", "379411000000105",
      "Brief intervention for excessive alcohol consumption declined",
      ActionCode.BRIEF_ADVICE),
  EXTENDED("extended", "Extended intervention for excessive alcohol consumption completed",
      "366421000000103", "754831000000102",
      "Extended intervention for excessive alcohol consumption declined",
      ActionCode.EXTENDED_BRIEF_INTERVENTION);

  private final String code;
  private final String display;
  private final String completedSnomed;
  private final String declinedSnomed;
  private final String declinedDisplay;
  private final ActionCode advisedBy;

  Intervention(String code, String display, String completedSnomed, String declinedSnomed,
      String declinedDisplay, ActionCode advisedBy) {
    this.code = code;
    this.display = display;
    this.completedSnomed = completedSnomed;
    this.declinedSnomed = declinedSnomed;
    this.declinedDisplay = declinedDisplay;
    this.advisedBy = advisedBy;
  }

  @Override
  public String code() {
    return code;
  }

  /** The SNOMED CT term of the completed intervention. */
  @Override
  public String display() {
    return display;
  }

  /** SNOMED CT concept recording the intervention as delivered. */
  public String completedSnomed() {
    return completedSnomed;
  }

  /** SNOMED CT concept recording that the person declined it. */
  public String declinedSnomed() {
    return declinedSnomed;
  }

  /** The SNOMED CT term of {@link #declinedSnomed()}. */
  public String declinedDisplay() {
    return declinedDisplay;
  }

  /** The advice that recommends this intervention. */
  public ActionCode advisedBy() {
    return advisedBy;
  }

  /** The intervention an advice recommends, if it recommends one. */
  public static Optional<Intervention> recommendedBy(ActionCode action) {
    for (Intervention intervention : values()) {
      if (intervention.advisedBy == action) {
        return Optional.of(intervention);
      }
    }
    return Optional.empty();
  }

  /** The intervention whose "completed" SNOMED CT concept this is, if any. */
  public static Optional<Intervention> ofCompletedSnomed(String code) {
    for (Intervention intervention : values()) {
      if (intervention.completedSnomed.equals(code)) {
        return Optional.of(intervention);
      }
    }
    return Optional.empty();
  }
}
