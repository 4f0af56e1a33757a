/**
 * The provider inbox (docs/inbox.md): staff of a service without a FHIR system sign in through
 * the deployment's OpenID Connect provider ({@link org.recoverylink.server.inbox.SignIn}) and
 * see, accept, decline, start and complete their service's referrals
 * ({@link org.recoverylink.server.inbox.Inbox}), through the same Task rules and re-routing as
 * the FHIR API. The HTTP side is {@code http.InboxPages}.
 */
package org.recoverylink.server.inbox;
