/**
 * The pharmacy plug-in a PMR system embeds: {@code PharmacyPlugin} (found through
 * {@code ServiceLoader}), its settings, and the sync status it reports.
 */
package org.recoverylink.pharmacy;
