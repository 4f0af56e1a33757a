/**
 * The screening instruments as data (items, UK wording, answer options with points, LOINC codes,
 * bands) and {@link org.recoverylink.core.screening.Scoring}, which validates a response against
 * its instrument and scores it.
 *
 * <p>Catalogue: {@link org.recoverylink.core.screening.Instruments}. A response is built with
 * {@link org.recoverylink.core.screening.Response#builder(String)}; invalid responses raise one
 * {@link org.recoverylink.core.screening.InvalidResponseException} listing every problem.
 */
package org.recoverylink.core.screening;
