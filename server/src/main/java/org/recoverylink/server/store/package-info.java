/**
 * Where the endpoint keeps what it must not lose: the audit trail and recorded interventions,
 * in H2 (embedded, by default) or PostgreSQL, behind plain JDBC.
 */
package org.recoverylink.server.store;

