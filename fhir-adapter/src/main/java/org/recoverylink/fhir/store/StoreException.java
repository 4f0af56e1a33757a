package org.recoverylink.fhir.store;

import java.sql.SQLException;

/**
 * The database failed; whatever was being written was rolled back. The message is the
 * database's own state code only, as a driver's message may quote the data.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoreException(SQLException cause) {
    super("database failure, SQL state " + cause.getSQLState(), cause);
  }
}
