/**
 * The FHIR endpoint: JAX-RS resources (Jersey) on Jetty, HAPI's parser and the adapter behind
 * them, JWT bearer authentication, OperationOutcome for every error. Start at
 * {@link org.recoverylink.server.ServerMain}.
 */
package org.recoverylink.server.http;

