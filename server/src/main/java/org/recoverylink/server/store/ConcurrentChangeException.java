package org.recoverylink.server.store;

/** A record changed between being read and being written: read it again and retry. */
public final class ConcurrentChangeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ConcurrentChangeException(String id) {
    super(id + " was changed by someone else meanwhile");
  }
}
