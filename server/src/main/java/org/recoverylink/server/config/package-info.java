/**
 * What a server is built from: the command-line options ({@link
 * org.recoverylink.server.config.ServerOptions}) and the settings that are no option (the clock,
 * the rule set, OST settings, the small-number policy, a directory, database credentials), all
 * in one {@link org.recoverylink.server.config.ServerSettings}.
 */
package org.recoverylink.server.config;
