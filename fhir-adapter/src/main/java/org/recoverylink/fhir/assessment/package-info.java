/**
 * Assessing FHIR QuestionnaireResponses: reading them (our Questionnaires and external SDC forms)
 * into core responses, scoring and advising in core, and reporting every problem with the
 * FHIRPath of the offending element. Entry point: {@link org.recoverylink.fhir.assessment.FhirAssessor}.
 */
package org.recoverylink.fhir.assessment;

