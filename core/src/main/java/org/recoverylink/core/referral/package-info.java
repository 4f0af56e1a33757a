/**
 * Referral rules, as plain Java: what makes a referral admissible
 * ({@link org.recoverylink.core.referral.ReferralRules}), what routing needs to route it again
 * ({@link org.recoverylink.core.referral.RoutingFacts}), and the lifecycle of the Task each
 * receiving service gets ({@link org.recoverylink.core.referral.TaskLifecycle}). Shared by the
 * hub and by any system that embeds the library; a FHIR adapter reads the form and maps the
 * problems to OperationOutcome issues.
 *
 * <p>Every refusal is an {@link org.recoverylink.core.referral.InvalidReferralException} listing
 * each {@link org.recoverylink.core.referral.ReferralProblem} with a stable code, never reused
 * ({@code RL-0001} to {@code RL-0008} are the screening problems of
 * {@link org.recoverylink.core.screening.ProblemCode}):
 *
 * <table>
 *   <caption>Referral problem codes</caption>
 *   <tr><th>Code</th><th>Rule</th><th>Meaning</th></tr>
 *   <tr><td>RL-0101</td><td>PERSON_MISSING</td><td>the person referred is not given</td></tr>
 *   <tr><td>RL-0102</td><td>NHS_NUMBER_MISSING</td><td>the person has no NHS number</td></tr>
 *   <tr><td>RL-0103</td><td>NHS_NUMBER_INVALID</td><td>the NHS number is not 10 digits with
 *       a valid check digit</td></tr>
 *   <tr><td>RL-0104</td><td>BIRTH_DATE_MISSING</td><td>no full birth date: services take
 *       people by age</td></tr>
 *   <tr><td>RL-0105</td><td>BIRTH_DATE_IMPLAUSIBLE</td><td>the birth date is after the
 *       referral, or gives an age over 130</td></tr>
 *   <tr><td>RL-0106</td><td>REFERRER_MISSING</td><td>no referring organisation</td></tr>
 *   <tr><td>RL-0107</td><td>REFERRER_NOT_CALLER</td><td>the referrer is another organisation
 *       than the one sending</td></tr>
 *   <tr><td>RL-0108</td><td>CONSENT_MISSING</td><td>the person's active agreement to the
 *       referral is not given</td></tr>
 *   <tr><td>RL-0109</td><td>SERVICES_MORE_THAN_ONE</td><td>more than one receiving service
 *       named: name one, or none for the hub to route</td></tr>
 *   <tr><td>RL-0110</td><td>SERVICE_UNKNOWN</td><td>the named service is not in the
 *       directory</td></tr>
 *   <tr><td>RL-0111</td><td>SERVICE_INELIGIBLE</td><td>the named service cannot take the
 *       person (access, age, area or substance); one problem per reason</td></tr>
 *   <tr><td>RL-0120</td><td>TRANSITION_NOT_ALLOWED</td><td>a Task cannot go from its status
 *       to the one asked</td></tr>
 *   <tr><td>RL-0121</td><td>PARTY_NOT_ALLOWED</td><td>the change is the other side's to
 *       make</td></tr>
 *   <tr><td>RL-0122</td><td>REASON_REQUIRED</td><td>a rejection or cancellation must say
 *       why</td></tr>
 * </table>
 */
package org.recoverylink.core.referral;
