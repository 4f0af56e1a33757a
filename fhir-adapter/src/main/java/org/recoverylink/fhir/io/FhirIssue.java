package org.recoverylink.fhir.io;

import java.util.Objects;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.recoverylink.core.text.Quote;

/**
 * One problem or warning about FHIR input, ready to become an OperationOutcome issue.
 *
 * @param severity    error, warning or information
 * @param type        the OperationOutcome issue type (e.g. required, value, invalid)
 * @param expression  FHIRPath to the offending element, e.g.
 *                    {@code QuestionnaireResponse.item[2].answer[0]}
 * @param diagnostics what is wrong, in plain words
 *
 * <p>Messages quote what they were given with {@link Quote}; as a backstop, an expression is
 * kept to {@link #MAX_EXPRESSION} and diagnostics to {@link #MAX_DIAGNOSTICS} characters, so no
 * OperationOutcome echoes a hostile value back whole.
 */
public record FhirIssue(OperationOutcome.IssueSeverity severity,
    OperationOutcome.IssueType type, String expression, String diagnostics) {

  public static final int MAX_EXPRESSION = 300;
  public static final int MAX_DIAGNOSTICS = 1_000;

  public FhirIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(type, "type");
    expression = Quote.prefix(Objects.requireNonNull(expression, "expression"),
        MAX_EXPRESSION);
    diagnostics = Quote.prefix(Objects.requireNonNull(diagnostics, "diagnostics"),
        MAX_DIAGNOSTICS);
  }

  public static FhirIssue error(OperationOutcome.IssueType type, String expression,
      String diagnostics) {
    return new FhirIssue(OperationOutcome.IssueSeverity.ERROR, type, expression, diagnostics);
  }

  public static FhirIssue warning(OperationOutcome.IssueType type, String expression,
      String diagnostics) {
    return new FhirIssue(OperationOutcome.IssueSeverity.WARNING, type, expression, diagnostics);
  }

  /** A note that changes nothing, e.g. a recorded diagnosis that no code list holds. */
  public static FhirIssue information(OperationOutcome.IssueType type, String expression,
      String diagnostics) {
    return new FhirIssue(OperationOutcome.IssueSeverity.INFORMATION, type, expression,
        diagnostics);
  }

  /** Adds this issue to an OperationOutcome. */
  public void addTo(OperationOutcome outcome) {
    OperationOutcome.OperationOutcomeIssueComponent issue = outcome.addIssue()
        .setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
    if (!expression.isEmpty()) { // a problem of the whole body has no element to point at
      issue.addExpression(expression);
    }
  }

  @Override
  public String toString() {
    return severity.toCode() + " " + expression + ": " + diagnostics;
  }
}
