/**
 * What the plug-in keeps on the pharmacy's own machine: the journal (an H2 file, Flyway
 * migrations) of events not yet sent, the events as FHIR resources, and the sender that syncs
 * them to the server, so nothing recorded at the counter is lost while offline.
 */
package org.recoverylink.pharmacy.local;
