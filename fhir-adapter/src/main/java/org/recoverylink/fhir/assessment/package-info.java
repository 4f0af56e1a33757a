/**
 * Assessing FHIR QuestionnaireResponses: the {@code $assess} input ({@link
 * org.recoverylink.fhir.assessment.AssessParameters}), reading responses (our Questionnaires and
 * external SDC forms) into core responses, scoring and advising in core, and reporting every
 * problem with the FHIRPath of the offending element. Entry point:
 * {@link org.recoverylink.fhir.assessment.FhirAssessor}, or {@link
 * org.recoverylink.fhir.RecoveryLinkFhir} for everything at once.
 */
package org.recoverylink.fhir.assessment;
