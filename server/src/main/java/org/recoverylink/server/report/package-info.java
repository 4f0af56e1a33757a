/**
 * Commissioners' activity reports: the four Measures, the counts each reads from the store, the
 * small-number rule applied once, and the MeasureReport or CSV written from the result.
 */
package org.recoverylink.server.report;

