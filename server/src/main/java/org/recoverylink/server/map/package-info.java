/**
 * The treatment system map: a directory drawn for people, as one HTML page
 * ({@link org.recoverylink.server.map.TreatmentMap}) with a picture of its pathways (SVG). Every
 * fact on it comes from the directory or from RecoveryLink's own routing rules; every string of
 * the directory is escaped, since a directory is a file an operator supplies.
 */
package org.recoverylink.server.map;

