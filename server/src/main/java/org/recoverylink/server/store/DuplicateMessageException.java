package org.recoverylink.server.store;

/**
 * A BaRS message whose X-Request-ID was taken in before (BaRS: answered 409, issue code
 * {@code duplicate}; the sender counts it as delivered). Nothing was written.
 */
public final class DuplicateMessageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String messageId;

  public DuplicateMessageException(String messageId) {
    super("message " + messageId + " was received before");
    this.messageId = messageId;
  }

  public String messageId() {
    return messageId;
  }
}
