/** The instruments core defines, written as FHIR {@code Questionnaire}s (SDC ordinal values). */
package org.recoverylink.fhir.screening;
