package org.recoverylink.server.auth;

/** A bearer token that is not accepted; the message says why, never quoting the token. */
public final class TokenRefused extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public TokenRefused(String why) {
    super(why, null, false, false); // an everyday refusal: no stack trace to fill
  }
}
