/**
 * Reporting aggregate activity without singling anyone out: the small-number rule that decides
 * which counts a report may show.
 */
package org.recoverylink.core.reporting;
