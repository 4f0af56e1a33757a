/**
 * Who is calling: bearer tokens verified against the configured keys, the caller and role they
 * name, and the development issuer that mints tokens for a local server. No HTTP here: the
 * request filter that uses these is {@code http.Authentication}.
 */
package org.recoverylink.server.auth;
