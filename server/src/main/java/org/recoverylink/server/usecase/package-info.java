/**
 * What the use-case packages ({@code assessment}, {@code hub}, {@code pharmacy},
 * {@code report}) share: {@link org.recoverylink.server.usecase.Refused}, the one way a use case
 * refuses a request, answered by the HTTP layer in one place.
 */
package org.recoverylink.server.usecase;

