/**
 * The public pages (docs/front-door.md): the start page, the drinking self-check and the
 * referral for oneself, someone else or as an agency, as view models rendered through the
 * templates in {@code src/main/jte}; the journey's answers, held in memory for the journey only;
 * and the per-client page rate. No HTTP server types: the thin resource is
 * {@code http.PublicPages}.
 */
package org.recoverylink.server.web;
