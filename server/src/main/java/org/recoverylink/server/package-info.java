/**
 * The RecoveryLink server, the runnable jar: {@link org.recoverylink.server.ServerMain} reads the
 * command line and {@link org.recoverylink.server.RecoveryLinkServer} wires Jetty, Jersey and the
 * packages below from one {@link org.recoverylink.server.config.ServerSettings}.
 */
package org.recoverylink.server;
