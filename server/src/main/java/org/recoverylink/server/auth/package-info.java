/**
 * Who is calling: bearer tokens verified against the keys of the issuers trusted (files, or JWK
 * set URLs fetched, cached and rotated), the caller, role and SMART system scopes they name, and
 * the development issuer that mints tokens for a local server. No HTTP server here: the request
 * filter that uses these is {@code http.Authentication}.
 */
package org.recoverylink.server.auth;
