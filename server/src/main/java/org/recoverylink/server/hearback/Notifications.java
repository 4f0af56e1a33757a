package org.recoverylink.server.hearback;

/**
 * The port a text or email goes out through (issue 24): GOV.UK Notify in a deployment
 * ({@link NotifyNotifications}), nothing when Notify is not configured ({@link #OFF}).
 */
public interface Notifications {

  /**
   * A text message.
   *
   * @param reference ours for this telling (the outbox row), the same on every attempt
   * @throws Failed when it was not taken
   */
  void text(String phone, String words, String reference) throws Failed;

  /** An email; as {@link #text}. */
  void email(String address, String words, String reference) throws Failed;

  /** Whether texts can be sent at all (a template is configured). */
  boolean texts();

  /** Whether emails can be sent at all. */
  boolean emails();

  /**
   * Not taken.
   *
   * @param retry whether another attempt may succeed (the service was away, busy or slow),
   *              rather than a refusal that would be the same every time
   * @param status the HTTP status answered, 0 for none
   */
  final class Failed extends Exception {

    private static final long serialVersionUID = 1L;
    private final boolean retry;
    private final int status;

    public Failed(boolean retry, int status, String message) {
      super(message);
      this.retry = retry;
      this.status = status;
    }

    public boolean retry() {
      return retry;
    }

    public int status() {
      return status;
    }
  }

  /** Notify is not configured: nothing can be sent, and nothing is tried. */
  Notifications OFF = new Notifications() {
    @Override
    public void text(String phone, String words, String reference) throws Failed {
      throw new Failed(false, 0, "texts are off: GOV.UK Notify is not configured");
    }

    @Override
    public void email(String address, String words, String reference) throws Failed {
      throw new Failed(false, 0, "emails are off: GOV.UK Notify is not configured");
    }

    @Override
    public boolean texts() {
      return false;
    }

    @Override
    public boolean emails() {
      return false;
    }
  };
}
