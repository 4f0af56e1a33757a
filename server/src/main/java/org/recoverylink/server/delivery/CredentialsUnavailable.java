package org.recoverylink.server.delivery;

/**
 * A delivery that cannot be authenticated now (its key or key store cannot be read, the
 * provider's token endpoint refused or did not answer): it is not sent, and is retried. The
 * message says why, never quoting a secret.
 */
public final class CredentialsUnavailable extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CredentialsUnavailable(String why) {
    super(why, null, false, false);
  }
}
