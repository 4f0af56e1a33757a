/**
 * What the running server says about itself to those who operate it: readiness (the database
 * answering, migrations done, warmed up, the outbox keeping up), Prometheus metrics, and the
 * log's format. Names, counts and times only: nothing here ever holds patient data.
 */
package org.recoverylink.server.observe;
