/**
 * Assessing a set of responses: scores, the brief-intervention advice of the UK IBA guidance, and
 * the risk and dual-diagnosis flags, each with the rule, rule-set version and inputs behind it.
 *
 * <p>Entry point: {@link org.recoverylink.core.assessment.Assessor}.
 */
package org.recoverylink.core.assessment;
